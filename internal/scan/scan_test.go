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
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: "https://127.0.0.1:" + strconv.Itoa(port)}})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(f.Scan, "", " ")
		t.Logf("%s", b)
	}
}

func TestScanBudgetDebug(t *testing.T) {
	leaf := scantest.NewLeaf(t, t.TempDir(), "rsa2048")
	for _, args := range [][]string{
		{"-no_ssl3", "-no_tls1", "-no_tls1_1", "-cipher", "ECDHE+AESGCM:ECDHE+CHACHA20"},
		{"-no_ssl3", "-no_tls1", "-no_tls1_1"},
		{"-tls1_3"},
	} {
		port := scantest.OpenSSL(t, leaf, args...)
		f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port)}})
		if err != nil {
			t.Fatal(err)
		}
		acc := 0
		for _, v := range f.Scan.Versions {
			if v.Offered {
				acc++
			}
		}
		t.Logf("%v: pairs %d, versions %d accepted, groups %d, conns %d, budget %.1f, %.0f ms", args, len(f.Scan.Ciphers), acc, len(f.Scan.Groups),
			f.Scan.Stats.Connections, 1.2*float64(len(f.Scan.Ciphers)+6), f.Scan.Stats.DurationMS)
	}
}
