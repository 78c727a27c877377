package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestPinnedCerts(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.PinnedCerts = []facts.ConfigSetting{
		*set("tls.pinned_certs", strings.Repeat("0a", 32), "/etc/nats.conf:7"),
		*set("tls.pinned_certs", "AB:CD:EF", "/etc/nats.conf:8"),
		*set("tls.pinned_certs", strings.Repeat("zz", 32), "/etc/nats.conf:9"),
	}
	want(t, f, "config.pinned-certs", 2, checks.Error, "AB:CD:EF", "nats.conf:9")
}

// The fix's command prints the pin NATS expects: the SPKI SHA-256 in hex.
func TestPinnedCertsFixPrintsThePin(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.PinnedCerts = []facts.ConfigSetting{*set("tls.pinned_certs", "bad", "/etc/nats.conf:7")}
	got := want(t, f, "config.pinned-certs", 1, checks.Error)
	dir := t.TempDir()
	root := certgen.Root("Pin Root")
	leaf := certgen.Leaf("client", root)
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), leaf.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	fix := strings.Replace(got[0].Fix, `replace "bad" at /etc/nats.conf:7 with the output of `, "", 1)
	outs := checktest.RunFix(t, dir, fix, nil)
	pin := (&facts.Cert{Raw: leaf.DER, X509: leaf.X509}).SPKIPin()
	if strings.TrimSpace(outs[0]) != pin || !validPin(pin) {
		t.Errorf("the fix printed %q, want the SPKI pin %q", outs[0], pin)
	}
}
