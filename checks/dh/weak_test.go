package dh

import (
	"context"
	"math/big"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// group is a stand-in prime-sized modulus of the given length: the check
// looks only at the size.
func group(bits int) *big.Int {
	p := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	return p.Add(p, big.NewInt(1))
}

func findings(t *testing.T, f *facts.Facts) ([]checks.Finding, string) {
	t.Helper()
	sel, _ := checks.ParseSelector("dh.weak")
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == "dh.weak" {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatal("dh.weak not registered")
	return nil, ""
}

func TestWeak(t *testing.T) {
	f := &facts.Facts{Now: certgen.Epoch}
	if _, na := findings(t, f); na == "" {
		t.Error("want not applicable without DH parameters")
	}
	f.DHParams = []*facts.DHParams{
		{Source: facts.Source{File: "/etc/nginx/dhparam.pem"}, Bits: 1024, P: group(1024), G: big.NewInt(2)},
		{Source: facts.Source{File: "good.pem"}, Bits: 2048, P: group(2048), G: big.NewInt(2)},
		{Source: facts.Source{File: "big.pem"}, Bits: 4096, P: group(4096), G: big.NewInt(2)},
		{Source: facts.Source{File: "saved.pem"}, P: group(512), G: big.NewInt(2)}, // Bits not filled in
	}
	got, _ := findings(t, f)
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	var all string
	for _, fd := range got {
		all += fd.Message + "\n" + fd.Fix + "\n"
	}
	for _, want := range []string{"/etc/nginx/dhparam.pem #1 is 1024 bits", "saved.pem #1 is 512 bits", "openssl dhparam -out /etc/nginx/dhparam.pem 2048", "ffdhe2048"} {
		if !strings.Contains(all, want) {
			t.Errorf("findings lack %q:\n%s", want, all)
		}
	}
}

func TestWeakServerGroup(t *testing.T) {
	conn := &facts.Connection{Target: "127.0.0.1:4433", Host: "127.0.0.1", Port: 4433, Address: "127.0.0.1:4433",
		Stage: facts.StageDone, Version: facts.VersionTLS12, CipherSuite: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Group: "DH", DHBits: 1024}
	f := &facts.Facts{Now: certgen.Epoch, Connection: conn}
	got, na := findings(t, f)
	if na != "" || len(got) != 1 {
		t.Fatalf("want one finding for a 1024-bit DHE group, got %+v (n/a %q)", got, na)
	}
	if !strings.Contains(got[0].Message, "the server used a 1024-bit DHE group") || !strings.Contains(got[0].Fix, "ssl_dhparam") {
		t.Errorf("finding: %s / %s", got[0].Message, got[0].Fix)
	}
	if got[0].Evidence["address"] != "127.0.0.1:4433" || got[0].Evidence["bits"] != "1024" {
		t.Errorf("evidence: %v", got[0].Evidence)
	}
	conn.DHBits = 2048
	if got, na := findings(t, f); len(got) != 0 || na != "" {
		t.Errorf("a 2048-bit group: %+v (n/a %q)", got, na)
	}
	conn.DHBits, conn.Group = 0, "X25519"
	if _, na := findings(t, f); na == "" {
		t.Error("ECDHE and no DH files: want not applicable")
	}
}

// scanWith is a scan of scheme://srv:port that accepted suites.
func scanWith(scheme facts.Scheme, port int, ciphers ...facts.AcceptedSuite) *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch,
		Connection: &facts.Connection{Target: "srv", Scheme: scheme, Host: "srv", Port: port, Stage: facts.StageDone,
			Version: facts.VersionTLS12, CipherSuite: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Group: "DH", DHBits: 1024},
		Scan: &facts.Scan{Ciphers: ciphers}}
}

func TestWeakScanGroups(t *testing.T) {
	dhe128 := facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x009E, DHBits: 1024} // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
	dhe256 := facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x009F, DHBits: 1024} // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	dhe10 := facts.AcceptedSuite{Version: facts.VersionTLS10, ID: 0x0033, DHBits: 512}   // TLS_DHE_RSA_WITH_AES_128_CBC_SHA
	ecdhe := facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0xC02F, Group: 0x001D}
	for _, tc := range []struct {
		name     string
		scheme   facts.Scheme
		port     int
		ciphers  []facts.AcceptedSuite
		subjects []string
		want     []string
	}{
		// The full handshake's 1024-bit group is among the scan's suites:
		// one finding per size, not one more for the handshake.
		{"two sizes", facts.SchemeHTTPS, 443, []facts.AcceptedSuite{ecdhe, dhe128, dhe256, dhe10},
			[]string{"srv:443 DHE 1024 bits", "srv:443 DHE 512 bits"},
			[]string{"a 1024-bit DHE group with TLS 1.2: TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (DHE-RSA-AES128-GCM-SHA256), TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 (DHE-RSA-AES256-GCM-SHA384);",
				"a 512-bit DHE group with TLS 1.0: TLS_DHE_RSA_WITH_AES_128_CBC_SHA (DHE-RSA-AES128-SHA);",
				"group:ffdhe2048", "ssl_dhparam /etc/nginx/dhparam.pem;", "Crossbar.io: \"dhparam\""}},
		{"crossbar", facts.SchemeWSS, 8080, []facts.AcceptedSuite{dhe128, dhe10}, []string{"srv:8080 DHE 1024 bits", "srv:8080 DHE 512 bits"},
			[]string{"\"dhparam\": \"dhparam.pem\" in the Crossbar.io endpoint's \"tls\""}},
		{"mosquitto", facts.SchemeMQTTS, 8883, []facts.AcceptedSuite{dhe128}, []string{"srv:8883 DHE 1024 bits"}, []string{"dhparamfile /etc/mosquitto/dhparam.pem"}},
		{"2048 bits", facts.SchemeHTTPS, 443, []facts.AcceptedSuite{{Version: facts.VersionTLS12, ID: 0x009E, DHBits: 2048}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, na := findings(t, scanWith(tc.scheme, tc.port, tc.ciphers...))
			if na != "" || len(got) != len(tc.subjects) {
				t.Fatalf("got %+v (n/a %q)", got, na)
			}
			var all string
			for i, fd := range got {
				if fd.Subject != tc.subjects[i] || fd.Severity != checks.Error {
					t.Errorf("finding %d: %q %s", i, fd.Subject, fd.Severity)
				}
				all += fd.Message + "\n" + fd.Fix + "\n"
			}
			for _, s := range tc.want {
				if !strings.Contains(all, s) {
					t.Errorf("lacks %q:\n%s", s, all)
				}
			}
		})
	}
	// A scan with no DHE suite and no DH file: not applicable, even when
	// the probe's connection used a DH group (the scan speaks for it).
	f := scanWith(facts.SchemeHTTPS, 443, ecdhe)
	if got, _ := findings(t, f); len(got) != 1 {
		t.Errorf("no DHE in the scan: the connection's group is still judged: %+v", got)
	}
	f.Connection.DHBits = 0
	if _, na := findings(t, f); na == "" {
		t.Error("no DHE anywhere: want not applicable")
	}
}

// TestWeakScanFixRuns runs the DH fix's command: it must leave a 2048-bit
// DH parameter file (the RFC 7919 ffdhe2048 group) where the fix says.
func TestWeakScanFixRuns(t *testing.T) {
	for _, scheme := range []facts.Scheme{facts.SchemeHTTPS, facts.SchemeWSS, facts.SchemeMQTTS, facts.SchemeNATS} {
		got, _ := findings(t, scanWith(scheme, 443, facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x009E, DHBits: 1024}))
		if len(got) != 1 {
			t.Fatalf("%s: got %+v", scheme, got)
		}
		dir := t.TempDir()
		checktest.RunFix(t, dir, got[0].Fix, nil)
		out, err := exec.Command("openssl", "dhparam", "-in", filepath.Join(dir, "dhparam.pem"), "-noout", "-text").CombinedOutput()
		if err != nil {
			t.Fatalf("%s: openssl dhparam -text: %v\n%s", scheme, err, out)
		}
		if !strings.Contains(string(out), "(2048 bit)") || !strings.Contains(string(out), "ffdhe2048") {
			t.Errorf("%s: dhparam.pem is not ffdhe2048:\n%s", scheme, out)
		}
	}
}
