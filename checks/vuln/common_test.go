package vuln

import (
	"context"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// scanFacts is a scan of scheme://srv:port with the given vulnerability
// results and accepted suites (TLS 1.2 unless the suite says otherwise).
func scanFacts(scheme facts.Scheme, port int, vulns []facts.VulnResult, ciphers ...facts.AcceptedSuite) *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch,
		Connection: &facts.Connection{Target: "srv", Scheme: scheme, Host: "srv", Port: port, Stage: facts.StageDone, Version: facts.VersionTLS12},
		Scan:       &facts.Scan{Vulns: vulns, Ciphers: ciphers}}
}

func runCheck(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, []checks.Gap, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			for _, fd := range r.Findings {
				if fd.ID != id || fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
					t.Errorf("%s: incomplete finding %+v", id, fd)
				}
			}
			return r.Findings, r.NotChecked, r.NotApplicable
		}
	}
	t.Fatalf("%s not registered", id)
	return nil, nil, ""
}

// vulnCase is what one vulnerability check must do.
type vulnCase struct {
	id       facts.VulnID
	severity checks.Severity
	evidence map[string]any
	ciphers  []facts.AcceptedSuite // what the server accepts, for fixes that keep its good suites
	// message and fix must contain these, per scheme.
	message []string
	fix     map[facts.Scheme][]string
}

// testVuln runs the cases every vulnerability check shares: vulnerable
// (one finding per scheme with the fix for that server), not vulnerable
// (nothing), not tested or absent (a gap with the reason, never a pass),
// no scan (not applicable).
func testVuln(t *testing.T, tc vulnCase) {
	t.Helper()
	id := "vuln." + string(tc.id)
	ports := map[facts.Scheme]int{facts.SchemeHTTPS: 443, facts.SchemeWSS: 443, facts.SchemeMQTTS: 8883, facts.SchemeNATS: 4222}
	for scheme, wants := range tc.fix {
		vulns := []facts.VulnResult{{ID: tc.id, Tested: true, Vulnerable: true, Evidence: tc.evidence}}
		got, gaps, _ := runCheck(t, scanFacts(scheme, ports[scheme], vulns, tc.ciphers...), id)
		if len(got) != 1 || len(gaps) != 0 {
			t.Fatalf("%s over %s: want one finding, got %+v gaps %+v", id, scheme, got, gaps)
		}
		if got[0].Severity != tc.severity {
			t.Errorf("%s: severity %s, want %s", id, got[0].Severity, tc.severity)
		}
		for _, s := range append(tc.message, "; expected ") {
			if !strings.Contains(got[0].Message, s) {
				t.Errorf("%s: message lacks %q: %s", id, s, got[0].Message)
			}
		}
		for _, s := range wants {
			if !strings.Contains(got[0].Fix, s) {
				t.Errorf("%s over %s: fix lacks %q: %s", id, scheme, s, got[0].Fix)
			}
		}
	}
	// Another test's result does not count for this one.
	other := facts.VulnResult{ID: "other", Tested: true, Vulnerable: true}
	for _, c := range []struct {
		name  string
		vulns []facts.VulnResult
		gap   string // the reason the gap must give; "" for none
	}{
		{"not vulnerable", []facts.VulnResult{other, {ID: tc.id, Tested: true}}, ""},
		{"not tested", []facts.VulnResult{{ID: tc.id, Reason: "the server reset every connection"}}, "the server reset every connection"},
		{"absent", []facts.VulnResult{other}, "the scan ran no " + string(tc.id) + " test"},
	} {
		got, gaps, na := runCheck(t, scanFacts(facts.SchemeHTTPS, 443, c.vulns), id)
		if len(got) != 0 || na != "" {
			t.Errorf("%s %s: want no finding, got %+v (n/a %q)", id, c.name, got, na)
		}
		switch {
		case c.gap == "" && len(gaps) != 0:
			t.Errorf("%s %s: unexpected gap %+v", id, c.name, gaps)
		case c.gap != "" && (len(gaps) != 1 || gaps[0].Reason != c.gap || gaps[0].Check != id):
			t.Errorf("%s %s: want a gap %q, got %+v", id, c.name, c.gap, gaps)
		}
	}
	// Nothing to test is not applicable: no finding, and no gap either.
	na := []facts.VulnResult{{ID: tc.id, NotApplicable: true, Reason: "the server accepts one version only"}}
	if got, gaps, reason := runCheck(t, scanFacts(facts.SchemeHTTPS, 443, na), id); len(got) != 0 || len(gaps) != 0 || reason == "" {
		t.Errorf("%s not applicable: got %+v gaps %+v n/a %q", id, got, gaps, reason)
	}
	f := scanFacts(facts.SchemeHTTPS, 443, nil)
	f.Scan = nil
	if _, _, na := runCheck(t, f, id); na == "" {
		t.Errorf("%s without a scan: want not applicable", id)
	}
}

// The suites the fixes are tested with.
var (
	ecdheGCM  = facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0xC02F} // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256
	ecdheCBC  = facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0xC013} // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, ECDHE-RSA-AES128-SHA
	ecdhe3DES = facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0xC012} // TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA, ECDHE-RSA-DES-CBC3-SHA
	rsaRC4    = facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x0005} // TLS_RSA_WITH_RC4_128_SHA
	rsaGCM    = facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x009C} // TLS_RSA_WITH_AES_128_GCM_SHA256
	expRSA    = facts.AcceptedSuite{Version: facts.VersionTLS10, ID: 0x0003} // TLS_RSA_EXPORT_WITH_RC4_40_MD5
)

// TestEvidenceIsBounded: a large leak is cut, and the message lists the
// evidence in key order.
func TestEvidenceIsBounded(t *testing.T) {
	type suiteList struct {
		Version facts.TLSVersion `json:"version"`
		Names   []string         `json:"names"`
	}
	lists := []suiteList{{facts.VersionTLS10, []string{"TLS_RSA_WITH_RC4_128_SHA"}}}
	rc4 := []facts.VulnResult{{ID: facts.VulnRC4, Tested: true, Vulnerable: true, Evidence: map[string]any{"suites": lists, "version": facts.VersionTLS10}}}
	if got, _, _ := runCheck(t, scanFacts(facts.SchemeHTTPS, 443, rc4), "vuln.rc4"); len(got) != 1 ||
		got[0].Evidence["suites"] != `[{"version":"TLS 1.0","names":["TLS_RSA_WITH_RC4_128_SHA"]}]` || got[0].Evidence["version"] != "TLS 1.0" {
		t.Errorf("records are JSON, versions by name: %+v", got)
	}

	leak := make([]byte, 65535)
	vulns := []facts.VulnResult{{ID: facts.VulnHeartbleed, Tested: true, Vulnerable: true, Evidence: map[string]any{"leaked": leak, "claimed_bytes": 16384}}}
	got, _, _ := runCheck(t, scanFacts(facts.SchemeHTTPS, 443, vulns), "vuln.heartbleed")
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	if l := len(got[0].Evidence["leaked"]); l > 300 || !strings.HasSuffix(got[0].Evidence["leaked"], "... (65535 bytes)") {
		t.Errorf("leaked evidence is %d characters: %.80s...", l, got[0].Evidence["leaked"])
	}
	if !strings.Contains(got[0].Message, "(claimed_bytes=16384, leaked=0000") {
		t.Errorf("message: %.200s", got[0].Message)
	}
}
