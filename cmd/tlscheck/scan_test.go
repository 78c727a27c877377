package main

import (
	"crypto/tls"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
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
	} `json:"ciphers"`
	ServerOrder map[string]bool `json:"server_order"`
	Groups      []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
	Chains []struct {
		KeyType      string   `json:"key_type"`
		Certificates []string `json:"certificates"`
	} `json:"chains"`
	Vulnerabilities []map[string]any `json:"vulnerabilities"`
	Clients         []map[string]any `json:"clients"`
	Stats           struct {
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

// goScanServer is a crypto/tls server on 127.0.0.1 that accepts TLS 1.3 and
// TLS 1.2 with two ECDHE-RSA suites, serving the PKI's leaf and
// intermediate.
func goScanServer(t *testing.T, pki *probetest.PKI) *probetest.Server {
	return probetest.TLS(t, probetest.TLSOptions{
		Chain:        pki.ServedChain(),
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
		App:          "close",
	})
}

var (
	cipherID = regexp.MustCompile(`^0x[0-9A-F]{4}$`)
	tableRow = regexp.MustCompile(`(?m)^\| 1 +\| TLS_ECDHE_RSA_WITH_AES_(128|256)_GCM_SHA(256|384) +\| ECDHE +\|`)
)

func TestScanJSON(t *testing.T) {
	pki := probetest.NewPKI()
	s := goScanServer(t, pki)
	r := tlscheck(t, "scan", "--format", "json", liveBudget, s.Addr)
	// The probetest root is not trusted without --ca: chain.untrusted-root
	// or chain.missing-intermediate, an error.
	if r.code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", r.code, r)
	}
	rep := parseReport(t, r)
	sc := rep.scan(t)
	offered := map[string]bool{}
	for _, v := range sc.Versions {
		offered[v.Version] = v.Offered
	}
	if len(sc.Versions) != 6 || len(offered) != 6 {
		t.Errorf("versions %+v, want all six", sc.Versions)
	}
	want := map[string]bool{"TLS 1.3": true, "TLS 1.2": true, "TLS 1.1": false, "TLS 1.0": false, "SSL 3.0": false, "SSL 2.0": false}
	for v, w := range want {
		if got, ok := offered[v]; !ok || got != w {
			t.Errorf("%s offered %v (listed %v), want %v", v, got, ok, w)
		}
	}
	var tls12 []string
	for _, c := range sc.Ciphers {
		if !cipherID.MatchString(c.ID) {
			t.Errorf("cipher id %q is not 0x and 4 upper-case hex digits", c.ID)
		}
		if c.Version == "TLS 1.2" {
			tls12 = append(tls12, c.ID)
		}
	}
	if got := strings.Join(slices.Sorted(slices.Values(tls12)), ","); got != "0xC02F,0xC030" {
		t.Errorf("TLS 1.2 suites %s, want the two configured (0xC02F, 0xC030)", got)
	}
	if _, ok := sc.ServerOrder["TLS 1.2"]; !ok {
		t.Errorf("server_order %v has no TLS 1.2", sc.ServerOrder)
	}
	for _, g := range sc.Groups {
		if !cipherID.MatchString(g.ID) || g.Name == "" {
			t.Errorf("group %+v", g)
		}
	}
	if sc.Stats.Connections <= 0 {
		t.Errorf("stats.connections %d", sc.Stats.Connections)
	}
	vulns := map[string]bool{}
	for _, v := range sc.Vulnerabilities {
		vulns[v["id"].(string)] = true
		for _, k := range []string{"vulnerable", "tested", "evidence"} {
			if _, ok := v[k]; !ok {
				t.Errorf("vulnerability %v lacks %q", v["id"], k)
			}
		}
	}
	if !vulns["heartbleed"] || !vulns["robot"] {
		t.Errorf("vulnerabilities %v lack heartbleed or robot", vulns)
	}
	if len(sc.Clients) == 0 {
		t.Error("no simulated clients")
	}
	for _, c := range sc.Clients {
		for _, k := range []string{"name", "connects", "version", "cipher", "reason"} {
			if _, ok := c[k]; !ok {
				t.Errorf("client %v lacks %q", c["name"], k)
			}
		}
	}
	// Every served certificate is in certificates[] with a role and a key type.
	byFP := map[string]map[string]any{}
	for _, c := range rep.Certificates {
		byFP[c["sha256"].(string)] = c
	}
	if len(sc.Chains) != 1 || len(sc.Chains[0].Certificates) != 2 {
		t.Fatalf("chains %+v, want the one RSA chain of two", sc.Chains)
	}
	for _, fp := range sc.Chains[0].Certificates {
		c := byFP[fp]
		if c == nil || c["role"] == "" || c["key"].(map[string]any)["type"] != "RSA" {
			t.Errorf("served certificate %s in certificates[]: %v", fp, c)
		}
	}
	if strings.Contains(r.stderr, "scanning") {
		t.Errorf("progress in a pipe: %q", r.stderr)
	}
}

// TestScanTextAndExit: the text report has a table per version; trusted
// through --ca, the scan passes (exit 0) unless --fail-on asks for less.
func TestScanTextAndExit(t *testing.T) {
	pki := probetest.NewPKI()
	s := goScanServer(t, pki)
	ca := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	r := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "100"}}, "scan", liveBudget, "--ca", ca, s.Addr)
	if r.code != exitOK {
		t.Errorf("exit %d, want 0\n%s", r.code, r)
	}
	for _, want := range []string{"Scan: ", "accepted: TLS 1.3, TLS 1.2", "TLS 1.3: 3 suites", "TLS 1.2: 2 suites", "| # | suite", "TLS_AES_128_GCM_SHA256", "Groups:", "Features:", "Vulnerabilities:", "| heartbleed ", "Clients:", "Chain 1 of 1", "PASS"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q\n%s", want, r.stdout)
		}
	}
	if !tableRow.MatchString(r.stdout) {
		t.Errorf("no TLS 1.2 suite table row\n%s", r.stdout)
	}
	if r := tlscheck(t, "scan", "--format", "json", liveBudget, "--ca", ca, "--fail-on", "never", s.Addr); r.code != exitOK {
		t.Errorf("--fail-on never: exit %d", r.code)
	}
}

// TestScanProgress: progress on a terminal's standard error in the text
// format only.
func TestScanProgress(t *testing.T) {
	pki := probetest.NewPKI()
	s := goScanServer(t, pki)
	tty := invocation{now: testNow, stderrTTY: true}
	r := tlscheckWith(t, tty, "scan", liveBudget, "--max-connections", "2", "--delay", "1ms", s.Addr)
	if !regexp.MustCompile(`scanned 127\.0\.0\.1:\d+: \d+ connections`).MatchString(r.stderr) {
		t.Errorf("no progress line on a terminal: %q", r.stderr)
	}
	r = tlscheckWith(t, tty, "scan", "--format", "json", liveBudget, s.Addr)
	if r.stderr != "" {
		t.Errorf("progress with --format json: %q", r.stderr)
	}
}

func TestScanFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scan"}, "scan needs a target"},
		{[]string{"scan", "a:1", "b:2"}, "scan takes one target"},
		{[]string{"scan", "--policy", "mozilla-modrn", "x:1"}, "did you mean mozilla-modern?"},
		{[]string{"scan", "--max-connections", "0", "x:1"}, "--max-connections must be 1 or more"},
		{[]string{"scan", "--delay", "soon", "x:1"}, "not a duration"},
		{[]string{"scan", "--max-conections", "2", "x:1"}, "did you mean --max-connections?"},
		{[]string{"scan", "--ca", "/nonexistent/ca.pem", "x:1"}, "/nonexistent/ca.pem"},
		{[]string{"scan", "--format", "yaml", "x:1"}, "did you mean json?"},
	} {
		r := tlscheck(t, tc.args...)
		if r.code != exitCannot || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", tc.args, r.code, tc.want, r)
		}
	}
	for _, args := range [][]string{{"scan", "-h"}, {"help", "scan"}} {
		r := tlscheck(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "Usage: tlscheck scan") || !strings.Contains(r.stdout, "--max-connections") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r)
		}
	}
	if r := tlscheck(t, "help"); !strings.Contains(r.stdout, "tlscheck scan [flags] TARGET") {
		t.Errorf("help does not list scan\n%s", r.stdout)
	}
}

// TestScanPolicyFlag: --policy with a known name runs.
func TestScanPolicyFlag(t *testing.T) {
	pki := probetest.NewPKI()
	s := goScanServer(t, pki)
	r := tlscheck(t, "scan", "--format", "json", liveBudget, "--policy", "mozilla-intermediate", "--timeout", "30s", s.Addr)
	if r.code == exitCannot {
		t.Fatalf("could not run\n%s", r)
	}
	parseReport(t, r).scan(t)
}

// dualCertServer is a crypto/tls server on 127.0.0.1 with an RSA and an
// ECDSA certificate, chosen by what the client offers; it stops with the
// test.
func dualCertServer(t *testing.T, rsaChain, ecdsaChain []*certgen.Cert) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{probetest.Certificate(ecdsaChain), probetest.Certificate(rsaChain)},
		MinVersion:   tls.VersionTLS12,
		Time:         func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				c.(*tls.Conn).Handshake()
			}()
		}
	}()
	return ln.Addr().String()
}

// TestScanBothCertificates: the chains of a server with an RSA and an ECDSA
// certificate are both in scan.chains, and every certificate of them is in
// certificates[] with its role and key type.
func TestScanBothCertificates(t *testing.T) {
	root := certgen.Root("Dual Root")
	inter := certgen.Intermediate("Dual Issuing CA", root)
	rsaLeaf := certgen.Leaf("rsa.dual.test", inter, certgen.IP("127.0.0.1"))
	ecLeaf := certgen.Leaf("ecdsa.dual.test", inter, certgen.IP("127.0.0.1"), certgen.KeyType("p256"))
	addr := dualCertServer(t, []*certgen.Cert{rsaLeaf, inter}, []*certgen.Cert{ecLeaf, inter})
	r := tlscheck(t, "scan", "--format", "json", liveBudget, addr)
	if r.code == exitCannot {
		t.Fatalf("could not run\n%s", r)
	}
	rep := parseReport(t, r)
	byFP := map[string]map[string]any{}
	for _, c := range rep.Certificates {
		byFP[c["sha256"].(string)] = c
	}
	keyTypes := map[string]bool{}
	for _, ch := range rep.scan(t).Chains {
		keyTypes[ch.KeyType] = true
		for i, fp := range ch.Certificates {
			c := byFP[fp]
			if c == nil {
				t.Errorf("%s chain #%d %s is not in certificates[]", ch.KeyType, i, fp)
				continue
			}
			wantRole := "intermediate"
			if i == 0 {
				wantRole = "leaf"
			}
			if c["role"] != wantRole {
				t.Errorf("%s chain #%d %s: role %v, want %s", ch.KeyType, i, c["subject"], c["role"], wantRole)
			}
			if i == 0 && c["key"].(map[string]any)["type"] != ch.KeyType {
				t.Errorf("%s chain leaf: key %v", ch.KeyType, c["key"])
			}
		}
	}
	if !keyTypes["RSA"] || !keyTypes["ECDSA"] {
		t.Errorf("chains of key types %v, want RSA and ECDSA", keyTypes)
	}
	// At 80 columns the TLS 1.2 table (Go's ten suites, the longest name
	// 45 characters) is still a table, and the text names both chains.
	r = tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "80"}}, "scan", liveBudget, addr)
	for _, want := range []string{"| TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 | ECDHE |", "Chain 1 of 2", "Chain 2 of 2", "served RSA chain #1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text at 80 columns lacks %q\n%s", want, r.stdout)
		}
	}
}

// TestScanRefused: a port nobody listens on is a finding (exit 1), not a
// could-not-run; the report still has its scan object, with all six
// versions not offered.
func TestScanRefused(t *testing.T) {
	addr := probetest.Refused(t)
	r := tlscheck(t, "scan", "--format", "json", liveBudget, addr)
	if r.code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", r.code, r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"tls.connect-failed": "error"})
	sc := rep.scan(t)
	if len(sc.Versions) != 6 || len(sc.Ciphers) != 0 {
		t.Errorf("versions %+v ciphers %+v", sc.Versions, sc.Ciphers)
	}
	for _, v := range sc.Versions {
		if v.Offered {
			t.Errorf("%s offered by a closed port", v.Version)
		}
	}
	text := tlscheck(t, "scan", liveBudget, addr)
	if text.code != exitFindings || strings.Contains(text.stdout, "Features:") || !strings.Contains(text.stdout, "accepted: none") {
		t.Errorf("text report of a closed port:\n%s", text)
	}
}
