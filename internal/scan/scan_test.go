package scan

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

func TestScanOpenSSLDebug(t *testing.T) {
	leaf := scantest.NewLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.OpenSSL(t, leaf, "-no_ssl3", "-no_tls1", "-no_tls1_1")
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port)}})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(f.Scan, "", " ")
		t.Logf("%s", b)
	}
}
