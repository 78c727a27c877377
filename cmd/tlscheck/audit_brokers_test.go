package main

import (
	"strconv"
	"testing"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// TestAuditBrokers audits the real servers the brokers' guides configure:
// nginx over https://, mosquitto over mqtts:// and nats-server over
// nats:// (its INFO line before TLS), all started here on 127.0.0.1 with one
// certificate for localhost and 127.0.0.1 under a test root.
func TestAuditBrokers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leaf := scantest.SharedLeaf(t, dir, "p256")
	targets := []string{
		"https://127.0.0.1:" + strconv.Itoa(scantest.Nginx(t, leaf, "ssl_protocols TLSv1.2 TLSv1.3;")),
		"mqtts://127.0.0.1:" + strconv.Itoa(scantest.Mosquitto(t, leaf, "tls_version tlsv1.2")),
		"nats://127.0.0.1:" + strconv.Itoa(scantest.NATS(t, leaf, "")),
	}
	args := append([]string{"audit", "--format", "json", "--ca", leaf.RootFile, "--host", "127.0.0.1",
		"--connect-timeout", "2s", "--handshake-timeout", "5s", "--timeout", "8s", liveBudget}, targets...)
	r := tlscheckWith(t, invocation{now: testNow}, args...)
	a := parseAudit(t, r)
	if len(a.Summary.Rows) != len(targets) {
		t.Fatalf("%d rows, want %d\n%s", len(a.Summary.Rows), len(targets), r)
	}
	for i, row := range a.Summary.Rows {
		if row.Target != targets[i] || row.Status == "unreachable" || row.TLSVersion != "TLS 1.3" || row.Worst == "tls.handshake-failed" {
			t.Errorf("row %d: %+v, want %s reached with TLS 1.3\n%s", i, row, targets[i], r)
		}
	}
	if r.code == exitCannot {
		t.Errorf("exit %d\n%s", r.code, r)
	}
}
