package scan

// The scan against real servers on loopback: openssl s_server in five
// configurations, gnutls-serv (inside a private network namespace), nginx,
// mosquitto and nats-server. Each case asserts the exact (version, suite)
// pairs the server accepts, and their order where the server has one,
// derived from the server's configuration by the servers' own tools
// (`openssl ciphers -V -s`, `gnutls-cli -l --priority`) or, for Go, from the
// configured list; never from the scan's output.

import (
	"context"
	"crypto/tls"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/suites"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

const (
	verTLS10 = facts.VersionTLS10
	verTLS11 = facts.VersionTLS11
	verTLS12 = facts.VersionTLS12
	verTLS13 = facts.VersionTLS13
)

// summary is what a test asserts on from a scan. It travels as JSON out of
// the network namespace the GnuTLS test runs in.
type summary struct {
	Versions    []uint16            // accepted, in f.Scan order
	Suites      map[uint16][]uint16 // per version, in f.Scan order
	ServerOrder map[uint16]bool
	Groups      map[uint16][]uint16 // group → versions it was accepted on
	DHBits      map[uint16]int      // DHE suite → group size
	KeyTypes    []string            // of f.Scan.Certs, sorted
	Connections int
	DurationMS  float64
	Untested    []string
}

// scanSummary scans target and summarises the result.
func scanSummary(t testing.TB, target string) summary {
	t.Helper()
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: target}, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatalf("scan %s: %v", target, err)
	}
	if f.Scan == nil {
		t.Fatalf("scan %s: no scan facts", target)
	}
	s := summary{Suites: map[uint16][]uint16{}, ServerOrder: map[uint16]bool{}, Groups: map[uint16][]uint16{}, DHBits: map[uint16]int{},
		Connections: f.Scan.Stats.Connections, DurationMS: f.Scan.Stats.DurationMS}
	for _, v := range f.Scan.Versions {
		if v.Offered {
			s.Versions = append(s.Versions, uint16(v.Version))
		}
	}
	for _, c := range f.Scan.Ciphers {
		s.Suites[uint16(c.Version)] = append(s.Suites[uint16(c.Version)], c.ID)
		if c.DHBits > 0 {
			s.DHBits[c.ID] = c.DHBits
		}
	}
	for v, o := range f.Scan.ServerOrder {
		s.ServerOrder[uint16(v)] = o
	}
	for _, g := range f.Scan.Groups {
		for _, v := range g.Versions {
			s.Groups[g.ID] = append(s.Groups[g.ID], uint16(v))
		}
	}
	for _, c := range f.Scan.Certs {
		s.KeyTypes = append(s.KeyTypes, c.KeyType)
	}
	slices.Sort(s.KeyTypes)
	for _, u := range f.Scan.Untested {
		s.Untested = append(s.Untested, u.What+": "+u.Reason)
	}
	return s
}

// expect is what a server's configuration says it accepts.
type expect struct {
	versions []facts.TLSVersion
	// suites per accepted version, in the server's order where order[v].
	suites map[facts.TLSVersion][]uint16
	// order: true, the server chooses by its own order (asserted); false,
	// it follows the client's (only the set is asserted, and that
	// ServerOrder is false); absent: neither is asserted.
	order map[facts.TLSVersion]bool
	// groups, when not nil, are the exact groups accepted on each version
	// (a set).
	groups map[facts.TLSVersion][]uint16
	// dhBits, when not zero, is the DH group size of every suite in dhe.
	dhBits int
	dhe    []uint16
	// keyTypes, when not nil, are the key types of the served chains.
	keyTypes []string
}

// check compares a scan with what the configuration says.
func check(t *testing.T, got summary, want expect) {
	t.Helper()
	t.Logf("%d connections, %.0f ms, %d pairs", got.Connections, got.DurationMS, countPairs(got))
	var wantV []uint16
	for _, v := range want.versions {
		wantV = append(wantV, uint16(v))
	}
	if !sameSet(got.Versions, wantV) {
		t.Errorf("versions: got %s, want %s", versionList(got.Versions), versionList(wantV))
	}
	for _, v := range []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, verTLS10, verTLS11, verTLS12, verTLS13} {
		w, g := want.suites[v], got.Suites[uint16(v)]
		order, asserted := want.order[v]
		switch {
		case !sameSet(g, w):
			missing, extra := diff(w, g), diff(g, w)
			t.Errorf("%v suites: missing %s; extra %s\n got  %s\n want %s", v, expectedSuites(missing), expectedSuites(extra), expectedSuites(g), expectedSuites(w))
		case asserted && order && !slices.Equal(g, w):
			t.Errorf("%v suites in the server's order:\n got  %s\n want %s", v, expectedSuites(g), expectedSuites(w))
		}
		if asserted && len(w) > 1 && got.ServerOrder[uint16(v)] != order {
			t.Errorf("%v: ServerOrder %v, want %v", v, got.ServerOrder[uint16(v)], order)
		}
	}
	for v, groups := range want.groups {
		if len(groups) == 0 {
			t.Errorf("%v: the configuration names no groups", v)
		}
		var g []uint16
		for id, vs := range got.Groups {
			if slices.Contains(vs, uint16(v)) {
				g = append(g, id)
			}
		}
		if !sameSet(g, groups) {
			t.Errorf("%v groups: got %v, want %v", v, groupList(g), groupList(groups))
		}
	}
	if want.dhBits > 0 {
		if len(want.dhe) == 0 {
			t.Errorf("the configuration has no DHE suite to check the %d-bit group on", want.dhBits)
		}
		for _, id := range want.dhe {
			if got.DHBits[id] != want.dhBits {
				t.Errorf("%s: DH %d bits, want %d", suiteName(id), got.DHBits[id], want.dhBits)
			}
		}
	}
	if want.keyTypes != nil && !slices.Equal(got.KeyTypes, want.keyTypes) {
		t.Errorf("served chains: key types %v, want %v", got.KeyTypes, want.keyTypes)
	}
	if len(got.Untested) > 0 {
		t.Logf("untested: %v", got.Untested)
	}
}

func countPairs(s summary) int {
	n := 0
	for _, l := range s.Suites {
		n += len(l)
	}
	return n
}

func sameSet(a, b []uint16) bool {
	return len(diff(a, b)) == 0 && len(diff(b, a)) == 0 && len(a) == len(b)
}

// diff is what a has and b has not.
func diff(a, b []uint16) []uint16 {
	var out []uint16
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func expectedSuites(ids []uint16) string {
	var names []string
	for _, id := range ids {
		n := fmt.Sprintf("%04X", id)
		if s, ok := suites.ByID(id); ok && s.OpenSSL != "" {
			n = s.OpenSSL
		} else if ok {
			n = s.Name
		}
		names = append(names, n)
	}
	return "[" + strings.Join(names, " ") + "]"
}

func versionList(vs []uint16) string {
	var names []string
	for _, v := range vs {
		names = append(names, facts.TLSVersion(v).String())
	}
	return "[" + strings.Join(names, ", ") + "]"
}

func groupList(gs []uint16) string {
	slices.Sort(gs)
	var names []string
	for _, g := range gs {
		if gr, ok := suites.GroupByID(g); ok {
			names = append(names, gr.Name)
		} else {
			names = append(names, strconv.Itoa(int(g)))
		}
	}
	return "[" + strings.Join(names, " ") + "]"
}

// accepts is the filter for a server's certificates: the suites its keys
// can serve, without PSK and SRP (no server here has a PSK or SRP set up).
// Anonymous (Au=None) DH and ECDH suites need no certificate.
func accepts(keyTypes ...string) func(scantest.Suite) bool {
	return func(s scantest.Suite) bool {
		if s.Kx == "any" { // TLS 1.3
			return true
		}
		if s.Kx != "RSA" && s.Kx != "DH" && s.Kx != "ECDH" {
			return false
		}
		return s.Au == "None" || slices.Contains(keyTypes, s.Au)
	}
}

// opensslExpect expands the server's cipher string per version.
func opensslExpect(t *testing.T, versions []facts.TLSVersion, cipherString, ciphersuites string, ok func(scantest.Suite) bool) (map[facts.TLSVersion][]uint16, []uint16) {
	t.Helper()
	out := map[facts.TLSVersion][]uint16{}
	var dhe []uint16
	lists := scantest.OpenSSLSuitesPerVersion(t, versions, cipherString, ciphersuites)
	for _, v := range versions {
		for _, s := range lists[v] {
			if ok(s) {
				out[v] = append(out[v], s.ID)
				if s.Kx == "DH" && !slices.Contains(dhe, s.ID) {
					dhe = append(dhe, s.ID)
				}
			}
		}
	}
	return out, dhe
}

func target(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

func TestOpenSSLModern(t *testing.T) {
	t.Parallel()
	const ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20"
	leaf := scantest.SharedLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.OpenSSL(t, leaf, "-no_ssl3", "-no_tls1", "-no_tls1_1", "-cipher", ciphers, "-groups", "X25519:P-256:P-384")
	versions := []facts.TLSVersion{verTLS12, verTLS13}
	want, _ := opensslExpect(t, versions, ciphers, "", accepts("RSA"))
	curves := []uint16{tlswire.GroupX25519, tlswire.GroupSecp256r1, tlswire.GroupSecp384r1}
	check(t, scanSummary(t, target(port)), expect{versions: versions, suites: want,
		order:    map[facts.TLSVersion]bool{verTLS12: false, verTLS13: false},
		groups:   map[facts.TLSVersion][]uint16{verTLS12: curves, verTLS13: curves},
		keyTypes: []string{"RSA"}})
}

func TestOpenSSLDual(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rsa, ec := scantest.SharedLeaf(t, dir, "rsa2048"), scantest.SharedLeaf(t, dir, "p256")
	port := scantest.OpenSSL(t, rsa, "-dcert", ec.CertFile, "-dkey", ec.KeyFile, "-no_ssl3", "-no_tls1", "-no_tls1_1")
	versions := []facts.TLSVersion{verTLS12, verTLS13}
	want, _ := opensslExpect(t, versions, "DEFAULT", "", accepts("RSA", "ECDSA"))
	check(t, scanSummary(t, target(port)), expect{versions: versions, suites: want,
		order:    map[facts.TLSVersion]bool{verTLS12: false, verTLS13: false},
		keyTypes: []string{"ECDSA", "RSA"}})
}

func TestOpenSSLLegacy(t *testing.T) {
	t.Parallel()
	const ciphers = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
	dir := t.TempDir()
	leaf := scantest.SharedLeaf(t, dir, "rsa2048")
	dh := scantest.WriteFile(t, dir, "dh1024.pem", probetest.DH1024PEM())
	port := scantest.OpenSSL(t, leaf, "-no_ssl3", "-no_tls1_3", "-cipher", ciphers, "-dhparam", dh, "-serverpref")
	versions := []facts.TLSVersion{verTLS10, verTLS11, verTLS12}
	want, dhe := opensslExpect(t, versions, ciphers, "", accepts("RSA"))
	check(t, scanSummary(t, target(port)), expect{versions: versions, suites: want,
		order:  map[facts.TLSVersion]bool{verTLS10: true, verTLS11: true, verTLS12: true},
		dhBits: 1024, dhe: dhe, keyTypes: []string{"RSA"}})
}

func TestOpenSSLOrdered(t *testing.T) {
	t.Parallel()
	// An order no default has: CBC before AEAD, RSA key exchange in the
	// middle, TLS 1.3's CHACHA20 first.
	const ciphers = "ECDHE-RSA-AES128-SHA:ECDHE-RSA-CHACHA20-POLY1305:AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
	const suites13 = "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"
	leaf := scantest.SharedLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.OpenSSL(t, leaf, "-no_ssl3", "-no_tls1", "-no_tls1_1", "-cipher", ciphers, "-ciphersuites", suites13, "-serverpref")
	versions := []facts.TLSVersion{verTLS12, verTLS13}
	want, _ := opensslExpect(t, versions, ciphers, suites13, accepts("RSA"))
	check(t, scanSummary(t, target(port)), expect{versions: versions, suites: want,
		order: map[facts.TLSVersion]bool{verTLS12: true, verTLS13: true}, keyTypes: []string{"RSA"}})
}

func TestOpenSSLTLS13Only(t *testing.T) {
	t.Parallel()
	const suites13 = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
	leaf := scantest.SharedLeaf(t, t.TempDir(), "p256")
	port := scantest.OpenSSL(t, leaf, "-tls1_3", "-ciphersuites", suites13, "-groups", "P-384:ffdhe3072")
	versions := []facts.TLSVersion{verTLS13}
	want, _ := opensslExpect(t, versions, "", suites13, accepts("ECDSA"))
	check(t, scanSummary(t, target(port)), expect{versions: versions, suites: want,
		order:    map[facts.TLSVersion]bool{verTLS13: false},
		groups:   map[facts.TLSVersion][]uint16{verTLS13: {tlswire.GroupSecp384r1, tlswire.GroupFFDHE3072}},
		keyTypes: []string{"ECDSA"}})
}

func TestNginx(t *testing.T) {
	t.Parallel()
	const ciphers = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:AES128-SHA256:ECDHE-RSA-AES128-SHA"
	leaf := scantest.SharedLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.Nginx(t, leaf, "ssl_protocols TLSv1.2 TLSv1.3;\n\t\tssl_ciphers "+ciphers+";\n\t\tssl_prefer_server_ciphers on;\n\t\tssl_ecdh_curve X25519:secp384r1;")
	versions := []facts.TLSVersion{verTLS12, verTLS13}
	// nginx leaves TLS 1.3's suites at OpenSSL's default.
	want, _ := opensslExpect(t, versions, ciphers, "", accepts("RSA"))
	curves := []uint16{tlswire.GroupX25519, tlswire.GroupSecp384r1}
	check(t, scanSummary(t, "https://"+target(port)), expect{versions: versions, suites: want,
		order:    map[facts.TLSVersion]bool{verTLS12: true, verTLS13: true},
		groups:   map[facts.TLSVersion][]uint16{verTLS12: curves, verTLS13: curves},
		keyTypes: []string{"RSA"}})
}

func TestMosquitto(t *testing.T) {
	t.Parallel()
	const ciphers = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:AES256-GCM-SHA384"
	leaf := scantest.SharedLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.Mosquitto(t, leaf, "tls_version tlsv1.2\nciphers "+ciphers)
	// tls_version is the lowest version: TLS 1.3 stays on with OpenSSL's
	// default suites (ciphers_tls1.3 is not set). Whether mosquitto sets
	// server order is not configured here, so only the sets are asserted.
	versions := []facts.TLSVersion{verTLS12, verTLS13}
	want, _ := opensslExpect(t, versions, ciphers, "", accepts("RSA"))
	check(t, scanSummary(t, "mqtts://"+target(port)), expect{versions: versions, suites: want, keyTypes: []string{"RSA"}})
}

func TestNATS(t *testing.T) {
	t.Parallel()
	// nats-server takes Go's names; Go fixes TLS 1.3's suites (all three)
	// and its own order, so only the sets are asserted.
	// The names are nats-server's, the IDs crypto/tls's constants.
	cfg := []struct {
		name string
		id   uint16
	}{
		{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
		{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305},
		{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA},
	}
	var names []string
	var suites12 []uint16
	for _, c := range cfg {
		names = append(names, c.name)
		suites12 = append(suites12, c.id)
	}
	leaf := scantest.SharedLeaf(t, t.TempDir(), "rsa2048")
	port := scantest.NATS(t, leaf, "  cipher_suites: [\n    "+strings.Join(names, ",\n    ")+"\n  ]\n  curve_preferences: [\"CurveP256\", \"X25519\"]")
	curves := []uint16{tlswire.GroupSecp256r1, tlswire.GroupX25519}
	check(t, scanSummary(t, "nats://"+target(port)), expect{versions: []facts.TLSVersion{verTLS12, verTLS13},
		suites:   map[facts.TLSVersion][]uint16{verTLS12: suites12, verTLS13: {0x1301, 0x1302, 0x1303}},
		groups:   map[facts.TLSVersion][]uint16{verTLS12: curves, verTLS13: curves},
		keyTypes: []string{"RSA"}})
}

// gnutls-serv listens on every address, so TestGnuTLS runs in a private
// network namespace of its own (scantest.InPrivateNetwork).
const (
	// 3DES and RC4 on, every version from TLS 1.0, the server's order;
	// DHE with the 1024-bit group of --dhparams.
	gnutlsPriority = "NORMAL:+3DES-CBC:+ARCFOUR-128:+VERS-TLS1.0:+VERS-TLS1.1:%SERVER_PRECEDENCE"
)

func TestGnuTLS(t *testing.T) {
	t.Parallel()
	if !scantest.InPrivateNetwork(t) {
		return
	}
	dir := t.TempDir()
	leaf := scantest.SharedLeaf(t, dir, "rsa2048")
	port := scantest.FreePort(t)
	scantest.GnuTLS(t, leaf, port, gnutlsPriority, scantest.WriteFile(t, dir, "dh1024.pem", probetest.DH1024PEM()))
	got := scanSummary(t, target(port))

	list, minV, groups := scantest.GnuTLSSuites(t, gnutlsPriority)
	versions := []facts.TLSVersion{verTLS10, verTLS11, verTLS12, verTLS13}
	want := map[facts.TLSVersion][]uint16{}
	var dhe []uint16
	for _, s := range list {
		if s.Kx == "DHE_RSA" {
			dhe = append(dhe, s.ID)
		}
		if s.ID>>8 == 0x13 {
			want[verTLS13] = append(want[verTLS13], s.ID)
			continue
		}
		if s.Kx != "RSA" && s.Kx != "ECDHE_RSA" && s.Kx != "DHE_RSA" {
			continue // the certificate is RSA
		}
		for _, v := range versions[:3] {
			if minV[s.ID] <= v {
				want[v] = append(want[v], s.ID)
			}
		}
	}
	// TLS 1.3 takes every group of the priority string, TLS 1.2's ECDHE
	// the elliptic ones (finite-field groups there serve DHE suites).
	var curves []uint16
	for _, g := range groups {
		if g < 256 {
			curves = append(curves, g)
		}
	}
	check(t, got, expect{versions: versions, suites: want,
		order:  map[facts.TLSVersion]bool{verTLS10: true, verTLS11: true, verTLS12: true, verTLS13: true},
		groups: map[facts.TLSVersion][]uint16{verTLS12: curves, verTLS13: groups},
		dhBits: 1024, dhe: dhe, keyTypes: []string{"RSA"}})
}
