package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// handScan is a scan made by hand, with something in every part: three
// versions with suites (TLS 1.2 in the server's order, DHE with its size, an
// SSL 2.0 cipher kind), groups, two chains, features, vulnerabilities tested
// and not, clients that connect and one that does not, a policy verdict, a
// grade, a part not tested and a server that refuses large hellos.
func handScan() *facts.Scan {
	yes, no := true, false
	deflate := uint8(0)
	hsts := "max-age=63072000"
	return &facts.Scan{
		Versions: []facts.VersionResult{
			{Version: facts.VersionSSL20, Offered: true, Tested: true},
			{Version: facts.VersionSSL30, Tested: true, Refusal: "alert handshake_failure"},
			{Version: facts.VersionTLS10, Tested: true, Refusal: "alert protocol_version"},
			{Version: facts.VersionTLS11, Tested: false, Refusal: "reset"},
			{Version: facts.VersionTLS12, Offered: true, Tested: true},
			{Version: facts.VersionTLS13, Offered: true, Tested: true},
		},
		Ciphers: []facts.AcceptedSuite{
			{Version: facts.VersionSSL20, ID24: 0x0700C0, KeyType: "RSA"},
			{Version: facts.VersionTLS12, ID: 0xC030, Group: 23, KeyType: "RSA"},
			{Version: facts.VersionTLS12, ID: 0x009F, DHBits: 1024, KeyType: "RSA"},
			{Version: facts.VersionTLS12, ID: 0x000A, KeyType: "RSA"},
			{Version: facts.VersionTLS13, ID: 0x1302, Group: 0x11EC},
			{Version: facts.VersionTLS13, ID: 0x1301, Group: 0x11EC},
		},
		ServerOrder: map[facts.TLSVersion]bool{facts.VersionTLS12: true, facts.VersionTLS13: false},
		Groups: []facts.GroupResult{
			{ID: 0x11EC, Versions: []facts.TLSVersion{facts.VersionTLS13}, Bits: 253},
			{ID: 29, Versions: []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13}, Bits: 253},
			{ID: 256, Versions: []facts.TLSVersion{facts.VersionTLS13}, Bits: 2048},
		},
		Certs: []facts.ServedChain{
			{KeyType: "RSA", Raw: [][]byte{[]byte("rsa leaf"), []byte("rsa intermediate")}, Versions: []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13}},
			{KeyType: "ECDSA", Raw: [][]byte{[]byte("ecdsa leaf")}, Versions: []facts.TLSVersion{facts.VersionTLS12}},
		},
		Features: facts.Features{ALPN: []string{"h2"}, SessionTickets: &yes, OCSPStapling: &no, HSTS: &hsts,
			SecureRenegotiation: &yes, ClientRenegotiation: &no, Compression: &deflate, FallbackSCSV: &yes},
		Vulns: []facts.VulnResult{
			{ID: facts.VulnHeartbleed, Tested: true},
			{ID: facts.VulnSWEET32, Tested: true, Vulnerable: true, Evidence: map[string]any{"suites": []string{"TLS_RSA_WITH_3DES_EDE_CBC_SHA"}}},
			{ID: facts.VulnROBOT, Reason: "no RSA key exchange suite"},
		},
		Clients: []facts.ClientResult{
			{Name: "Firefox 128", Connects: true, Version: facts.VersionTLS13, Suite: 0x1301, Group: 0x11EC},
			{Name: "Windows XP IE 8", Reason: facts.ClientNoSuite, Detail: "offers only TLS_RSA_WITH_RC4_128_SHA and DES suites", Old: true},
		},
		LargeHello: &facts.LargeHelloResult{MaxSuites: 128, MaxBytes: 512, Behaviour: "reset"},
		Untested:   []facts.Untested{{What: "TLS 1.1 suites", Reason: "the server reset every TLS 1.1 hello"}},
		Stats:      facts.ScanStats{Connections: 31, DurationMS: 412.5},
		Grade:      &facts.Grade{Grade: "F", Score: 40, Reasons: []string{"SSL 2.0 accepted: capped at F"}},
		Policy:     &facts.PolicyVerdict{Name: "mozilla-intermediate", Deviations: []string{"SSL 2.0 accepted"}},
	}
}

// scanFixture is the probe fixture with the hand-made scan.
func scanFixture(t *testing.T) *Report {
	r := probeFixture(t)
	r.Facts.Scan = handScan()
	r.Scan = NewScan(r.Facts.Scan)
	return r
}

// TestGoldenScanObject: the JSON scan object of a hand-made scan, whole.
func TestGoldenScanObject(t *testing.T) {
	var doc struct {
		Scan json.RawMessage `json:"scan"`
	}
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer) error { return JSON(b, scanFixture(t)) }), &doc); err != nil {
		t.Fatal(err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, doc.Scan, "", "  "); err != nil {
		t.Fatal(err)
	}
	golden(t, "scan-object.json", append(indented.Bytes(), '\n'))
}

// TestScanObjectShape holds the contract of issue 10 item 7 and docs/json.md
// without the golden file: six versions, code points as upper-case hex,
// ciphers grouped newest version first in the order the scan gave.
func TestScanObjectShape(t *testing.T) {
	var doc struct {
		Scan struct {
			Versions []struct {
				Version string `json:"version"`
				Offered *bool  `json:"offered"`
			} `json:"versions"`
			Ciphers []map[string]any  `json:"ciphers"`
			Order   map[string]bool   `json:"server_order"`
			Groups  []map[string]any  `json:"groups"`
			Vulns   []map[string]any  `json:"vulnerabilities"`
			Clients []map[string]any  `json:"clients"`
			Policy  map[string]any    `json:"policy"`
			Grade   map[string]any    `json:"grade"`
			Stats   map[string]any    `json:"stats"`
			Feature map[string]any    `json:"features"`
			Untest  []map[string]any  `json:"untested"`
			Chains  []map[string]any  `json:"chains"`
			Large   map[string]any    `json:"large_hello"`
			Rest    map[string]string `json:"-"`
		} `json:"scan"`
	}
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer) error { return JSON(b, scanFixture(t)) }), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Scan
	var versions []string
	for _, v := range s.Versions {
		if v.Offered == nil {
			t.Errorf("%s: no offered", v.Version)
		}
		versions = append(versions, v.Version)
	}
	if got := strings.Join(versions, ","); got != "TLS 1.3,TLS 1.2,TLS 1.1,TLS 1.0,SSL 3.0,SSL 2.0" {
		t.Errorf("versions %s", got)
	}
	var ids []string
	id4, id6 := regexp.MustCompile(`^0x[0-9A-F]{4}$`), regexp.MustCompile(`^0x[0-9A-F]{6}$`)
	for _, c := range s.Ciphers {
		id := c["id"].(string)
		if !id4.MatchString(id) && !(c["version"] == "SSL 2.0" && id6.MatchString(id)) {
			t.Errorf("cipher id %q", id)
		}
		for _, k := range []string{"version", "id", "name", "openssl_name", "kx", "auth", "encryption", "bits", "group", "dh_bits"} {
			if _, ok := c[k]; !ok {
				t.Errorf("cipher %s lacks %q", id, k)
			}
		}
		ids = append(ids, c["version"].(string)+" "+id)
	}
	if got := strings.Join(ids, ","); got != "TLS 1.3 0x1302,TLS 1.3 0x1301,TLS 1.2 0xC030,TLS 1.2 0x009F,TLS 1.2 0x000A,SSL 2.0 0x0700C0" {
		t.Errorf("ciphers in order: %s", got)
	}
	if !s.Order["TLS 1.2"] || s.Order["TLS 1.3"] {
		t.Errorf("server_order %v", s.Order)
	}
	if len(s.Groups) != 3 || s.Groups[0]["id"] != "0x11EC" || s.Groups[0]["name"] != "X25519MLKEM768" || s.Groups[1]["id"] != "0x001D" {
		t.Errorf("groups %v", s.Groups)
	}
	for _, v := range s.Vulns {
		for _, k := range []string{"id", "vulnerable", "tested", "evidence"} {
			if _, ok := v[k]; !ok {
				t.Errorf("vulnerability %v lacks %q", v["id"], k)
			}
		}
		if v["evidence"] == nil {
			t.Errorf("vulnerability %v: evidence is null", v["id"])
		}
	}
	for _, c := range s.Clients {
		for _, k := range []string{"name", "connects", "version", "cipher", "reason"} {
			if _, ok := c[k]; !ok {
				t.Errorf("client %v lacks %q", c["name"], k)
			}
		}
	}
	if s.Clients[0]["cipher"] != "TLS_AES_128_GCM_SHA256" || s.Clients[1]["reason"] != "no-common-suite" {
		t.Errorf("clients %v", s.Clients)
	}
	if s.Policy["name"] != "mozilla-intermediate" || s.Policy["compliant"] != false || s.Grade["grade"] != "F" {
		t.Errorf("policy %v grade %v", s.Policy, s.Grade)
	}
	if s.Stats["connections"] != 31.0 || s.Stats["duration_ms"] != 412.5 {
		t.Errorf("stats %v", s.Stats)
	}
	if s.Feature["compression"] != "none" || s.Feature["hsts"] != "max-age=63072000" || s.Feature["session_id_resumption"] != nil {
		t.Errorf("features %v", s.Feature)
	}
	if len(s.Untest) != 1 || len(s.Chains) != 2 || s.Large["behaviour"] != "reset" {
		t.Errorf("untested %v chains %v large_hello %v", s.Untest, s.Chains, s.Large)
	}
}

// TestScanObjectEmpty: a scan that found nothing still has every list, as
// [], and null policy and grade; a report without a scan has no scan object.
func TestScanObjectEmpty(t *testing.T) {
	r := probeFixture(t)
	if bytes.Contains(render(t, func(b *bytes.Buffer) error { return JSON(b, r) }), []byte(`"scan"`)) {
		t.Error("a probe report has a scan object")
	}
	r.Scan = NewScan(&facts.Scan{})
	out := string(render(t, func(b *bytes.Buffer) error { return JSON(b, r) }))
	for _, want := range []string{`"ciphers": []`, `"groups": []`, `"vulnerabilities": []`, `"clients": []`, `"policy": null`, `"grade": null`, `"alpn": []`, `"untested": []`, `"server_order": {}`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	if n := strings.Count(out, `"offered": false`); n != 6 {
		t.Errorf("%d versions not offered, want all six", n)
	}
}

func TestGoldenScanText(t *testing.T) {
	r := scanFixture(t)
	golden(t, "scan.txt", render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{}) }))
}

// TestScanTextWidth: at any width the scan's tables fit, or become lines
// that still name every suite.
func TestScanTextWidth(t *testing.T) {
	r := scanFixture(t)
	for _, width := range []int{40, 60, 80, 120} {
		out := string(render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Width: width}) }))
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "|") {
				if utf8.RuneCountInString(l) > width {
					t.Errorf("width %d: table line of %d columns: %s", width, utf8.RuneCountInString(l), l)
				}
			}
		}
		for _, name := range []string{"TLS_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "Windows XP IE 8", "sweet32"} {
			if !strings.Contains(out, name) {
				t.Errorf("width %d: %s missing", width, name)
			}
		}
		for _, heading := range []string{"TLS 1.2: 3 suites, server's order", "TLS 1.3: 2 suites, client's order", "SSL 2.0: 1 suite", "Groups:", "Features:", "Vulnerabilities:", "Clients:", "Grade: F", "Policy mozilla-intermediate: not compliant"} {
			if !strings.Contains(out, heading) {
				t.Errorf("width %d: no %q", width, heading)
			}
		}
	}
}

// TestScanSARIFAtTarget: scan findings are located at the target URL,
// without the userinfo of the target; a finding about a --ca file stays at
// the file.
func TestScanSARIFAtTarget(t *testing.T) {
	r := scanFixture(t)
	r.Target.Scheme = "https"
	r.Facts.Files = append(r.Facts.Files, &facts.File{Path: "ca.pem"})
	r.Findings = append(r.Findings, withFinding(fxOCSP, "x", "m", "f", map[string]string{"file": "ca.pem"}))
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					Physical *struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer) error { return SARIF(b, r) }), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(results), len(r.Findings))
	}
	for i, res := range results {
		want := "https://www.example.com:443"
		if i == len(results)-1 {
			want = "ca.pem"
		}
		if len(res.Locations) != 1 || res.Locations[0].Physical == nil || res.Locations[0].Physical.Artifact.URI != want {
			t.Errorf("%s: locations %+v, want %s", res.RuleID, res.Locations, want)
		}
	}
}
