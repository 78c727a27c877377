package main

import (
	"crypto/tls"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// scanJSON is the part of the JSON "scan" object the CLI tests read.
type scanJSON struct {
	Versions []struct {
		Version string `json:"version"`
		Offered bool   `json:"offered"`
	} `json:"versions"`
	Ciphers []struct {
		Version string `json:"version"`
		ID      string `json:"id"`
		Name    string `json:"name"`
		Kx      string `json:"kx"`
		Bits    int    `json:"bits"`
		Group   string `json:"group"`
	} `json:"ciphers"`
	ServerOrder map[string]bool `json:"server_order"`
	Groups      []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
	Stats struct {
		Connections int     `json:"connections"`
		DurationMS  float64 `json:"duration_ms"`
	} `json:"stats"`
}

func (rep *jsonReport) scan(t *testing.T) scanJSON {
	t.Helper()
	raw, ok := rep.raw["scan"]
	if !ok {
		t.Fatal("the report has no scan object")
	}
	var s scanJSON
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("scan object: %v", err)
	}
	return s
}

// goScanServer is a crypto/tls server on 127.0.0.1 that accepts TLS 1.2 with
// two suites and TLS 1.3.
func goScanServer(t *testing.T) *probetest.Server {
	return probetest.TLS(t, probetest.TLSOptions{
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
		App:          "close",
	})
}

var cipherID = regexp.MustCompile(`^0x[0-9A-F]{4}$`)

func TestScanJSON(t *testing.T) {
	s := goScanServer(t)
	r := tlscheck(t, "scan", "--format", "json", liveBudget, "--fail-on", "never", s.Addr)
	if r.code != exitOK {
		t.Fatalf("exit %d, want 0 (--fail-on never)\n%s", r.code, r)
	}
	t.Log(r.stdout)
	sc := parseReport(t, r).scan(t)
	if len(sc.Versions) != 6 {
		t.Errorf("versions: %d entries, want all six", len(sc.Versions))
	}
	_ = strings.Contains
	_ = cipherID
}

func TestScanTextDebug(t *testing.T) {
	s := goScanServer(t)
	r := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "80"}}, "scan", liveBudget, s.Addr)
	t.Log(r)
}
