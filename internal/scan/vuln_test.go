package scan

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// scanPort scans 127.0.0.1:port with a shorter wait for reactions (the
// in-process servers answer at once or never; a timeout only ever decides
// "no answer", which the servers below give where the test expects it).
func scanPort(t *testing.T, port int) *facts.Scan {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f, err := Scan(ctx, Config{Probe: probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port),
		HandshakeTimeout: 2 * time.Second}, vulnWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Scan.Vulns) != len(vulnOrder) {
		t.Fatalf("%d vulnerability results, want one per test (%d)", len(f.Scan.Vulns), len(vulnOrder))
	}
	return f.Scan
}

// want: true vulnerable, false tested and not vulnerable; absent: not tested.
func checkVulns(t *testing.T, sc *facts.Scan, want map[facts.VulnID]bool) {
	t.Helper()
	for _, r := range sc.Vulns {
		w, tested := want[r.ID]
		ev, _ := json.Marshal(r.Evidence)
		switch {
		case r.Tested != tested:
			t.Errorf("%s: tested %v (%s), want %v; evidence %s", r.ID, r.Tested, r.Reason, tested, ev)
		case r.Vulnerable != w:
			t.Errorf("%s: vulnerable %v, want %v; evidence %s", r.ID, r.Vulnerable, w, ev)
		case !r.Tested && r.Reason == "":
			t.Errorf("%s: not tested without a reason", r.ID)
		}
	}
}

// weakSuites: 3DES CBC, RC4, export RSA, export DHE, DHE CBC, RSA AES CBC.
var weakSuites = []uint16{0x000a, 0x0005, 0x0003, 0x0014, 0x0033, 0x002f}

func TestVulnsWeakServer(t *testing.T) {
	t.Parallel()
	srv := scantest.StartWeak(t, scantest.Weak{
		MinVersion: tlswire.VersionSSL30, MaxVersion: tlswire.VersionTLS12, Suites: weakSuites,
		Heartbeat: true, Heartbleed: true, EarlyCCS: true, RobotOracle: true, Compression: true,
		NoRenegInfo: true, NoFallbackSCSV: true, DHBits: 1024, SSL2: true,
	})
	sc := scanPort(t, srv.Port)
	checkVulns(t, sc, map[facts.VulnID]bool{
		facts.VulnHeartbleed: true, facts.VulnCCSInjection: true, facts.VulnROBOT: true,
		facts.VulnRenegotiation: true, facts.VulnCRIME: true, facts.VulnFallbackSCSV: true,
		facts.VulnPOODLE: true, facts.VulnSWEET32: true, facts.VulnFREAK: true, facts.VulnLogjam: true,
		facts.VulnDROWN: true, facts.VulnBEAST: true, facts.VulnLUCKY13: true, facts.VulnRC4: true,
	})
	// The exact pairs, in the server's order: every weak suite in SSL 3.0
	// and TLS 1.0; in TLS 1.1 and 1.2 the export ones are gone (RFC 4346
	// A.5 forbids them there, and no client offers them).
	nonExport := []uint16{0x000a, 0x0005, 0x0033, 0x002f}
	for v, want := range map[facts.TLSVersion][]uint16{
		facts.VersionSSL30: weakSuites, facts.VersionTLS10: weakSuites,
		facts.VersionTLS11: nonExport, facts.VersionTLS12: nonExport,
	} {
		var got []uint16
		for _, c := range sc.SuitesFor(v) {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, want) || !sc.ServerOrder[v] {
			t.Errorf("%s: suites %04x (server order %v), want %04x in the server's order", v, got, sc.ServerOrder[v], want)
		}
	}
	if sc.Accepts(facts.VersionTLS13) || !sc.Accepts(facts.VersionSSL20) {
		t.Errorf("versions %+v: want SSL 2.0 to TLS 1.2, no TLS 1.3", sc.Versions)
	}
	if ft := sc.Features; ft.FallbackSCSV == nil || *ft.FallbackSCSV {
		t.Errorf("Features.FallbackSCSV = %v, want false", ft.FallbackSCSV)
	}
	if r := sc.Vuln(facts.VulnROBOT); r.Evidence["oracle"] != "strong" || r.Evidence["flow"] != "standard" {
		t.Errorf("ROBOT evidence %v, want a strong oracle in the standard flow", r.Evidence)
	}
	if r := sc.Vuln(facts.VulnHeartbleed); r.Evidence["leaked_bytes"] != 1<<14 {
		t.Errorf("Heartbleed evidence %v, want 16384 bytes leaked", r.Evidence)
	}
	lj, _ := json.Marshal(sc.Vuln(facts.VulnLogjam).Evidence)
	if !strings.Contains(string(lj), `"dh_bits":1024`) || !strings.Contains(string(lj), "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA") {
		t.Errorf("Logjam evidence %s, want the 1024-bit DHE suite and the export one", lj)
	}
	fr, _ := json.Marshal(sc.Vuln(facts.VulnFREAK).Evidence)
	if !strings.Contains(string(fr), `"ids":[3]`) {
		t.Errorf("FREAK evidence %s, want suite 0x0003 on every version", fr)
	}
	if r := sc.Vuln(facts.VulnCCSInjection); r.Evidence["response"] != "alert bad_record_mac" {
		t.Errorf("CCS injection evidence %v", r.Evidence)
	}
	t.Logf("connections: %d", sc.Stats.Connections)
}

func TestVulnsSoundServer(t *testing.T) {
	t.Parallel()
	// TLS 1.2 only, AEAD suites (one with RSA key exchange, for ROBOT),
	// heartbeats answered correctly, every other weakness absent.
	srv := scantest.StartWeak(t, scantest.Weak{
		MinVersion: tlswire.VersionTLS12, MaxVersion: tlswire.VersionTLS12, Suites: []uint16{0xc02f, 0x009c},
		Heartbeat: true,
	})
	sc := scanPort(t, srv.Port)
	checkVulns(t, sc, map[facts.VulnID]bool{
		facts.VulnHeartbleed: false, facts.VulnCCSInjection: false, facts.VulnROBOT: false,
		facts.VulnRenegotiation: false, facts.VulnCRIME: false,
		facts.VulnPOODLE: false, facts.VulnSWEET32: false, facts.VulnFREAK: false, facts.VulnLogjam: false,
		facts.VulnDROWN: false, facts.VulnBEAST: false, facts.VulnLUCKY13: false, facts.VulnRC4: false,
	})
	if r := sc.Vuln(facts.VulnFallbackSCSV); r.Reason == "" || sc.Features.FallbackSCSV != nil {
		t.Errorf("fallback on a one-version server: %+v, feature %v", r, sc.Features.FallbackSCSV)
	}
	if r := sc.Vuln(facts.VulnHeartbleed); r.Evidence["heartbeat_extension"] != true {
		t.Errorf("Heartbleed evidence %v, want the extension seen and the request sent", r.Evidence)
	}
	if sr := sc.Features.SecureRenegotiation; sr == nil || !*sr {
		t.Errorf("SecureRenegotiation = %v, want true", sr)
	}
}

func TestVulnsFallbackSCSVHonoured(t *testing.T) {
	t.Parallel()
	srv := scantest.StartWeak(t, scantest.Weak{MinVersion: tlswire.VersionTLS11, MaxVersion: tlswire.VersionTLS12,
		Suites: []uint16{0xc02f, 0xc013}})
	sc := scanPort(t, srv.Port)
	r := sc.Vuln(facts.VulnFallbackSCSV)
	if !r.Tested || r.Vulnerable || sc.Features.FallbackSCSV == nil || !*sc.Features.FallbackSCSV {
		t.Errorf("fallback: %+v, feature %v; want tested, not vulnerable, FallbackSCSV true", r, sc.Features.FallbackSCSV)
	}
	// No heartbeat extension: judged without a heartbeat.
	if r := sc.Vuln(facts.VulnHeartbleed); !r.Tested || r.Vulnerable || r.Evidence["heartbeat_extension"] != false {
		t.Errorf("heartbleed without the extension: %+v", r)
	}
	// No RSA key exchange: ROBOT does not apply.
	if r := sc.Vuln(facts.VulnROBOT); r.Tested || r.Reason == "" {
		t.Errorf("ROBOT without RSA key exchange: %+v", r)
	}
}

// testScanner is a scanner for port, for tests that run one vulnerability
// test without the enumeration.
func testScanner(t *testing.T, port int) *scanner {
	t.Helper()
	op, err := probe.NewOpener(probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port), HandshakeTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &scanner{cfg: Config{vulnWait: 2 * time.Second}, op: op, sni: op.ServerName(), sem: make(chan struct{}, 4), res: &facts.Scan{}}
}

// TestClientRenegotiation runs the renegotiation client against OpenSSL,
// which refuses client-initiated renegotiation by default and accepts it
// with -client_renegotiation.
func TestClientRenegotiation(t *testing.T) {
	t.Parallel()
	leaf := scantest.NewLeaf(t, t.TempDir(), "rsa2048")
	for _, tc := range []struct {
		name  string
		args  []string
		suite uint16
		want  bool
	}{
		{"refused", nil, 0xc02f, false},
		{"accepted", []string{"-client_renegotiation"}, 0xc02f, true},
		{"accepted-sha384", []string{"-client_renegotiation"}, 0xc030, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &enumerated{
				versions: []facts.VersionResult{{Version: facts.VersionTLS12, Offered: true, Tested: true}},
				suites:   []facts.AcceptedSuite{{Version: facts.VersionTLS12, ID: tc.suite}},
			}
			port := scantest.OpenSSL(t, leaf, append([]string{"-no_tls1_3"}, tc.args...)...)
			s := testScanner(t, port)
			r, feature := s.clientRenegotiation(context.Background(), e)
			if !r.Tested || r.Vulnerable != tc.want || feature == nil || *feature != tc.want {
				t.Fatalf("got %+v, feature %v; want tested, vulnerable %v", r, feature, tc.want)
			}
			if r.Evidence["secure_renegotiation"] != true || r.Evidence["suite"] != tc.suite {
				t.Errorf("evidence %v: OpenSSL supports RFC 5746", r.Evidence)
			}
			t.Logf("%v", r.Evidence)
		})
	}
}

// TestVulnsNothingEnumerated: a server that resets every hello of the
// enumeration's first hellos (all above 512 bytes) are refused; the split
// offers must still find the suite.
func TestVulnsNothingEnumerated(t *testing.T) {
	t.Parallel()
	srv := scantest.StartWeak(t, scantest.Weak{MinVersion: tlswire.VersionTLS10, Suites: []uint16{0x002f}, ResetAbove: 512})
	sc := scanPort(t, srv.Port)
	// The enumeration splits large hellos and finds the suite; every
	// result must then still be either tested or say why not.
	if len(sc.Ciphers) == 0 || sc.LargeHello == nil {
		t.Fatalf("suites %+v, large hello %+v: the split offers did not find TLS_RSA_WITH_AES_128_CBC_SHA", sc.Ciphers, sc.LargeHello)
	}
	for _, r := range sc.Vulns {
		if !r.Tested && r.Reason == "" {
			t.Errorf("%s: not tested without a reason", r.ID)
		}
	}
}

func TestClassifySuite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id   uint16
		want suiteClass
	}{
		{0x000a, suiteClass{cbc: true, block64: true, rsaKx: true}},                  // TLS_RSA_WITH_3DES_EDE_CBC_SHA
		{0x0003, suiteClass{rc4: true, export: true, rsaKx: true}},                   // TLS_RSA_EXPORT_WITH_RC4_40_MD5
		{0x0062, suiteClass{cbc: true, block64: true, export: true, rsaKx: true}},    // TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA
		{0x0014, suiteClass{cbc: true, block64: true, export: true, finiteDH: true}}, // TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA
		{0x0017, suiteClass{rc4: true, export: true, finiteDH: true}},                // TLS_DH_anon_EXPORT_WITH_RC4_40_MD5
		{0x0007, suiteClass{cbc: true, block64: true, rsaKx: true}},                  // TLS_RSA_WITH_IDEA_CBC_SHA
		{0x0094, suiteClass{cbc: true}},                                              // TLS_RSA_PSK_WITH_AES_128_CBC_SHA: no ROBOT
		{0xc013, suiteClass{cbc: true}},                                              // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
		{0xc030, suiteClass{ecdheGCM: true, gcmSHA384: true}},
		{0x1301, suiteClass{}},
	} {
		if got := classifySuite(tc.id); got != tc.want {
			t.Errorf("0x%04X %s: %+v, want %+v", tc.id, suiteName(tc.id), got, tc.want)
		}
	}
}

// TestDerivedVulnsSSL2: SSL 2.0 cipher kinds count for DROWN, RC4 and
// SWEET32.
func TestDerivedVulnsSSL2(t *testing.T) {
	t.Parallel()
	e := &enumerated{
		versions: []facts.VersionResult{{Version: facts.VersionSSL20, Offered: true, Tested: true},
			{Version: facts.VersionTLS12, Offered: true, Tested: true}},
		suites: []facts.AcceptedSuite{{Version: facts.VersionSSL20, ID24: 0x010080}, {Version: facts.VersionSSL20, ID24: 0x0700c0},
			{Version: facts.VersionTLS12, ID: 0xc02f}},
	}
	got := map[facts.VulnID]bool{}
	for _, r := range derivedVulns(e) {
		if r.Tested {
			got[r.ID] = r.Vulnerable
		}
	}
	want := map[facts.VulnID]bool{facts.VulnDROWN: true, facts.VulnRC4: true, facts.VulnSWEET32: true,
		facts.VulnPOODLE: false, facts.VulnFREAK: false, facts.VulnLogjam: false, facts.VulnBEAST: false, facts.VulnLUCKY13: false}
	for id, w := range want {
		if v, ok := got[id]; !ok || v != w {
			t.Errorf("%s: %v (tested %v), want %v", id, v, ok, w)
		}
	}
}
