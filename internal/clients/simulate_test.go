package clients

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// The servers below are hand-built scans; every expected result is
// reasoned from the client rows in table.go (quoted in the comments), not
// copied from the simulation's output.

const (
	tls10 = facts.VersionTLS10
	tls11 = facts.VersionTLS11
	tls12 = facts.VersionTLS12
	tls13 = facts.VersionTLS13
)

// server builds a scan: the versions it accepts, whether it has its own
// order, and its suites per version (in its preference order).
type server struct {
	versions []facts.TLSVersion
	order    bool
	suites   map[facts.TLSVersion][]uint16
	dhBits   int
	groups   []facts.GroupResult
}

func (sv server) scan() *facts.Scan {
	s := &facts.Scan{ServerOrder: map[facts.TLSVersion]bool{}}
	for _, v := range []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, tls10, tls11, tls12, tls13} {
		offered := false
		for _, a := range sv.versions {
			offered = offered || a == v
		}
		s.Versions = append(s.Versions, facts.VersionResult{Version: v, Offered: offered, Tested: true})
		if offered {
			s.ServerOrder[v] = sv.order
		}
		for _, id := range sv.suites[v] {
			a := facts.AcceptedSuite{Version: v, ID: id}
			if cls, _ := suiteInfo(id); cls.kx == kxDHE {
				a.DHBits = sv.dhBits
			}
			s.Ciphers = append(s.Ciphers, a)
		}
	}
	s.Groups = sv.groups
	return s
}

func group(id uint16, vs ...facts.TLSVersion) facts.GroupResult {
	return facts.GroupResult{ID: id, Versions: vs}
}

var (
	rsa2048   = Chain{KeyType: "RSA", KeyBits: 2048, ValidityDays: 398}
	ecdsaP256 = Chain{KeyType: "ECDSA", KeyBits: 256, Curve: groupP256, ValidityDays: 398}
)

// want is one expected client outcome.
type want struct {
	client  string // a unique prefix of the client's Name
	reason  facts.ClientFailure
	version facts.TLSVersion
	suite   uint16
	group   uint16
	detail  string // a substring of Detail, when it matters
}

func check(t *testing.T, results []facts.ClientResult, wants []want) {
	t.Helper()
	for _, w := range wants {
		var found *facts.ClientResult
		for i := range results {
			if strings.HasPrefix(results[i].Name, w.client) {
				if found != nil {
					t.Fatalf("%q matches more than one client", w.client)
				}
				found = &results[i]
			}
		}
		if found == nil {
			t.Fatalf("no client %q", w.client)
		}
		r := *found
		if r.Reason != w.reason || r.Connects != (w.reason == facts.ClientOK) {
			t.Errorf("%s: connects %v reason %q (%s), want reason %q", r.Name, r.Connects, r.Reason, r.Detail, w.reason)
			continue
		}
		if r.Version != w.version || r.Suite != w.suite || r.Group != w.group {
			t.Errorf("%s: got %s %s %s, want %s %s %s", r.Name,
				r.Version, suiteName(r.Suite), groupName(r.Group), w.version, suiteName(w.suite), groupName(w.group))
		}
		if !strings.Contains(r.Detail, w.detail) {
			t.Errorf("%s: detail %q, want it to contain %q", r.Name, r.Detail, w.detail)
		}
	}
}

// A modern RSA server in the style of Mozilla's intermediate profile:
// TLS 1.2 and 1.3, ECDHE-RSA AEAD suites only, its own order in TLS 1.2,
// the client's in TLS 1.3, groups x25519 > P-256 > P-384.
func TestModernServer(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls12, tls13},
		order:    true,
		suites: map[facts.TLSVersion][]uint16{
			tls12: {0xC02F, 0xC030, 0xCCA8},
			tls13: {0x1301, 0x1302, 0x1303},
		},
		groups: []facts.GroupResult{
			group(groupX25519, tls12, tls13), group(groupP256, tls12, tls13), group(groupP384, tls12, tls13),
		},
	}
	s := sv.scan()
	s.ServerOrder[tls13] = false
	check(t, Simulate(s, []Chain{rsa2048}), []want{
		// Old clients speak SSL 3.0-TLS 1.0 at most.
		{client: "Internet Explorer 8", reason: facts.ClientNoVersion,
			detail: "server accepts TLS 1.2–1.3; Internet Explorer 8 (Windows XP SP3) speaks SSL 3.0–TLS 1.0"},
		{client: "Android 4.4", reason: facts.ClientNoVersion},
		{client: "Java 6", reason: facts.ClientNoVersion},
		{client: "Java 7", reason: facts.ClientNoVersion},
		// Chrome offers TLS_AES_128_GCM_SHA256 first and the server follows
		// the client in TLS 1.3; of Chrome's groups the server prefers x25519.
		{client: "Chrome 131", version: tls13, suite: 0x1301, group: groupX25519},
		// Java 17 lists TLS_AES_256_GCM_SHA384 first.
		{client: "Java 17", version: tls13, suite: 0x1302, group: groupX25519},
		// Java 11 has no x25519: the server's next choice is P-256.
		{client: "Java 11", version: tls13, suite: 0x1301, group: groupP256},
		// Chrome 49 on XP: TLS 1.2, the server's first (ECDHE-RSA-AES128-GCM),
		// and P-256 since it has no x25519.
		{client: "Chrome 49", version: tls12, suite: 0xC02F, group: groupP256},
		// Windows 7 has ECDHE-RSA only with CBC, none of which the server takes.
		{client: "Internet Explorer 11", reason: facts.ClientNoSuite},
		{client: "Android 7.0", version: tls12, suite: 0xC02F, group: groupX25519},
		{client: "Java 8", version: tls12, suite: 0xC02F, group: groupP256},
		// OpenSSL 1.0.1 lists P-521, P-384, secp256k1, P-256: the server
		// prefers P-256 of those.
		{client: "OpenSSL 1.0.1", version: tls12, suite: 0xC02F, group: groupP256},
		{client: "mbedTLS 2.28", version: tls12, suite: 0xC02F, group: groupX25519},
		{client: "ESP32", version: tls12, suite: 0xC02F, group: groupX25519},
		// TLS 1.3 in the client's order: OpenSSL's is AES-256 first.
		{client: "OpenSSL 3.0", version: tls13, suite: 0x1302, group: groupX25519},
		{client: "Go 1.24", version: tls13, suite: 0x1301, group: groupX25519, detail: "RSA 2048-bit certificate"},
	})
	for _, r := range Simulate(s, []Chain{rsa2048}) {
		if strings.HasPrefix(r.Name, "Internet Explorer 8") && !r.Old {
			t.Errorf("%s: not marked old", r.Name)
		}
		if strings.HasPrefix(r.Name, "Chrome 131") && r.Old {
			t.Errorf("%s: marked old", r.Name)
		}
	}
}

// The same accepted suites; only whose order counts changes the result.
func TestServerOrderVersusClientOrder(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls12},
		suites:   map[facts.TLSVersion][]uint16{tls12: {0xC030, 0xC02F}},
		groups:   []facts.GroupResult{group(groupP256, tls12)},
	}
	sv.order = true
	check(t, Simulate(sv.scan(), []Chain{rsa2048}), []want{
		// The server's first, AES-256, which Chrome also offers.
		{client: "Chrome 131", version: tls12, suite: 0xC030, group: groupP256},
		{client: "Java 8", version: tls12, suite: 0xC030, group: groupP256},
	})
	sv.order = false
	check(t, Simulate(sv.scan(), []Chain{rsa2048}), []want{
		// Chrome's first accepted: ECDHE-ECDSA-AES128-GCM is not, ECDHE-RSA-AES128-GCM is.
		{client: "Chrome 131", version: tls12, suite: 0xC02F, group: groupP256},
		// Java 8 lists C02C, C02B, C030 before C02F.
		{client: "Java 8", version: tls12, suite: 0xC030, group: groupP256},
	})
}

// A legacy server: TLS 1.0-1.2, DHE-RSA only, server order.
func TestDHEOnlyLegacyServer(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls10, tls11, tls12},
		order:    true,
		suites: map[facts.TLSVersion][]uint16{
			tls10: {0x0039, 0x0033, 0x0016},
			tls11: {0x0039, 0x0033, 0x0016},
			tls12: {0x009E, 0x0039, 0x0033, 0x0016},
		},
		dhBits: 1024,
	}
	check(t, Simulate(sv.scan(), []Chain{rsa2048}), []want{
		// Java 8 accepts DH 1024-2048 and offers DHE-RSA-AES128-GCM.
		{client: "Java 8", version: tls12, suite: 0x009E, detail: "DH 1024 bits"},
		// Java 7 speaks TLS 1.0 and has DHE-RSA-AES128-SHA; 1024 is its maximum.
		{client: "Java 7", version: tls10, suite: 0x0033},
		{client: "Java 6", version: tls10, suite: 0x0033},
		// Chrome dropped DHE.
		{client: "Chrome 131", reason: facts.ClientNoSuite},
		// Python's SECLEVEL=2 needs 2048-bit DH.
		{client: "Python", reason: facts.ClientDHTooSmall, detail: "1024 bits"},
		// XP's only DHE suites are DHE-DSS.
		{client: "Internet Explorer 8", reason: facts.ClientNoSuite},
	})

	sv.dhBits = 2048
	check(t, Simulate(sv.scan(), []Chain{rsa2048}), []want{
		{client: "Java 8", version: tls12, suite: 0x009E},
		{client: "Java 7", reason: facts.ClientDHTooLarge, detail: "at most 1024"},
		{client: "Java 6", reason: facts.ClientDHTooLarge},
		{client: "Python", version: tls12, suite: 0x009E},
	})
}

// An ECDSA-only server: clients that verify RSA only cannot use it.
func TestECDSAOnlyServer(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls10, tls11, tls12},
		order:    true,
		suites: map[facts.TLSVersion][]uint16{
			tls10: {0xC009},
			tls11: {0xC009},
			tls12: {0xC02B, 0xC009},
		},
		groups: []facts.GroupResult{group(groupP256, tls12)},
	}
	check(t, Simulate(sv.scan(), []Chain{ecdsaP256}), []want{
		{client: "Internet Explorer 8", reason: facts.ClientCertKeyType,
			detail: "server has only ECDSA certificates; Internet Explorer 8 (Windows XP SP3) verifies RSA, DSA"},
		{client: "Java 6", reason: facts.ClientCertKeyType},
		// Android 4.4 speaks TLS 1.0 and puts ECDHE-ECDSA-AES128-SHA first.
		{client: "Android 4.4", version: tls10, suite: 0xC009, group: groupP256},
		{client: "Chrome 131", version: tls12, suite: 0xC02B, group: groupP256, detail: "ECDSA secp256r1 certificate"},
	})

	// A P-384 key: Android 7.0 lists only x25519 and P-256 (RFC 8422 5.1).
	p384 := Chain{KeyType: "ECDSA", KeyBits: 384, Curve: groupP384, ValidityDays: 90}
	check(t, Simulate(sv.scan(), []Chain{p384}), []want{
		{client: "Android 7.0", reason: facts.ClientCertKeyType, detail: "secp384r1"},
		{client: "Java 8", version: tls12, suite: 0xC02B, group: groupP256},
	})
}

// A server on P-384 alone for its key exchange.
func TestNoCommonGroup(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls12},
		order:    true,
		suites:   map[facts.TLSVersion][]uint16{tls12: {0xC02F}},
		groups:   []facts.GroupResult{group(groupP384, tls12)},
	}
	check(t, Simulate(sv.scan(), []Chain{rsa2048}), []want{
		{client: "Android 7.0", reason: facts.ClientNoGroup, detail: "server's secp384r1; Android 7.0 (Nougat) offers x25519, secp256r1"},
		{client: "Java 8", version: tls12, suite: 0xC02F, group: groupP384},
	})

	// TLS 1.3 with ffdhe2048 only: Chrome has no finite-field groups, Java 17 does.
	sv13 := server{
		versions: []facts.TLSVersion{tls13},
		suites:   map[facts.TLSVersion][]uint16{tls13: {0x1301}},
		groups:   []facts.GroupResult{group(groupFFDHE2048, tls13)},
	}
	check(t, Simulate(sv13.scan(), []Chain{rsa2048}), []want{
		{client: "Chrome 131", reason: facts.ClientNoGroup},
		{client: "Java 17", version: tls13, suite: 0x1301, group: groupFFDHE2048},
		{client: "Firefox", version: tls13, suite: 0x1301, group: groupFFDHE2048},
	})
}

// Certificates the clients refuse on their own rules.
func TestCertificateRules(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls12},
		order:    true,
		suites:   map[facts.TLSVersion][]uint16{tls12: {0xC02F}},
		groups:   []facts.GroupResult{group(groupP256, tls12)},
	}
	s := sv.scan()

	sha1 := rsa2048
	sha1.SHA1 = true
	check(t, Simulate(s, []Chain{sha1}), []want{
		{client: "Chrome 131", reason: facts.ClientCertSHA1},
		{client: "Go 1.24", reason: facts.ClientCertSHA1},
		{client: "OpenSSL 3.0", reason: facts.ClientCertSHA1},
		{client: "Java 8", reason: facts.ClientCertSHA1},
		{client: "OpenSSL 1.1.1", version: tls12, suite: 0xC02F, group: groupP256},
		{client: "wolfSSL", version: tls12, suite: 0xC02F, group: groupP256},
		{client: "Android 7.0", version: tls12, suite: 0xC02F, group: groupP256},
	})

	noSAN := rsa2048
	noSAN.NoSAN = true
	check(t, Simulate(s, []Chain{noSAN}), []want{
		{client: "Chrome 131", reason: facts.ClientCertNoSAN},
		{client: "Go 1.24", reason: facts.ClientCertNoSAN},
		{client: "Java 17", version: tls12, suite: 0xC02F, group: groupP256},
	})

	small := rsa2048
	small.KeyBits = 1024
	check(t, Simulate(s, []Chain{small}), []want{
		{client: "Safari", reason: facts.ClientCertKeySize, detail: "1024 bits"},
		{client: "Python", reason: facts.ClientCertKeySize},
		{client: "Chrome 131", version: tls12, suite: 0xC02F, group: groupP256},
	})

	long := rsa2048
	long.ValidityDays = 1000
	check(t, Simulate(s, []Chain{long}), []want{
		{client: "Safari", reason: facts.ClientCertValidity, detail: "at most 825"},
		{client: "Chrome 131", version: tls12, suite: 0xC02F, group: groupP256},
	})
}

// A server with both an RSA and an ECDSA certificate.
func TestDualCertificateServer(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls12, tls13},
		order:    true,
		suites: map[facts.TLSVersion][]uint16{
			tls12: {0xC02B, 0xC02F, 0xC02C, 0xC030},
			tls13: {0x1301, 0x1302},
		},
		groups: []facts.GroupResult{group(groupX25519, tls12, tls13), group(groupP256, tls12, tls13)},
	}
	chains := []Chain{rsa2048, ecdsaP256}
	check(t, Simulate(sv.scan(), chains), []want{
		// TLS 1.3: the certificate follows the client's first signature
		// algorithm the server can use. Chrome's is ecdsa_secp256r1_sha256,
		// Go's rsa_pss_rsae_sha256.
		{client: "Chrome 131", version: tls13, suite: 0x1301, group: groupX25519, detail: "ECDSA"},
		{client: "Go 1.24", version: tls13, suite: 0x1301, group: groupX25519, detail: "RSA"},
		// TLS 1.2 in server order: ECDHE-ECDSA-AES128-GCM first.
		{client: "Java 8", version: tls12, suite: 0xC02B, group: groupP256, detail: "ECDSA"},
		{client: "Chrome 49", version: tls12, suite: 0xC02B, group: groupP256},
		{client: "Internet Explorer 8", reason: facts.ClientNoVersion},
	})

	// With the ECDSA key on P-384, Android 7.0 (x25519 and P-256 only)
	// cannot take the ECDSA suites; the server moves on to its RSA ones.
	p384 := Chain{KeyType: "ECDSA", KeyBits: 384, Curve: groupP384, ValidityDays: 90}
	check(t, Simulate(sv.scan(), []Chain{rsa2048, p384}), []want{
		{client: "Android 7.0", version: tls12, suite: 0xC02F, group: groupX25519, detail: "RSA"},
		{client: "Java 8", version: tls12, suite: 0xC02B, group: groupP256, detail: "ECDSA secp384r1"},
	})
}

// A client that verifies ECDSA but sends no ECDSA signature algorithm
// cannot be served by an ECDSA-only server (RFC 5246 7.4.1.4.1).
func TestNoSignatureAlgorithm(t *testing.T) {
	c := Client{
		Name: "test client", Versions: []facts.TLSVersion{tls12},
		Suites: []uint16{0xC02B}, Groups: []uint16{groupP256},
		SigAlgs: []uint16{sigRSAPKCS1SHA256}, KeyTypes: []string{"RSA", "ECDSA"},
	}
	sv := server{
		versions: []facts.TLSVersion{tls12},
		suites:   map[facts.TLSVersion][]uint16{tls12: {0xC02B}},
		groups:   []facts.GroupResult{group(groupP256, tls12)},
	}
	r := c.Connect(sv.scan(), []Chain{ecdsaP256})
	if r.Connects || r.Reason != facts.ClientNoSigAlg {
		t.Errorf("got connects %v reason %q (%s), want %q", r.Connects, r.Reason, r.Detail, facts.ClientNoSigAlg)
	}
}

// Chains reads key type, curve, SHA-1, SAN and lifetime from the served DER.
func TestChains(t *testing.T) {
	root := certgen.Root("Root", certgen.KeyType("rsa2048"), certgen.SigAlg(x509.SHA1WithRSA))
	inter := certgen.Intermediate("Inter", root, certgen.KeyType("rsa2048"))
	leaf := certgen.Leaf("example.test", inter, certgen.KeyType("p384"), certgen.Days(200))

	sha1Inter := certgen.Intermediate("Old Inter", root, certgen.KeyType("rsa2048"), certgen.SigAlg(x509.SHA1WithRSA))
	bare := certgen.Leaf("bare.test", sha1Inter, certgen.KeyType("rsa2048"), certgen.DNS())

	s := &facts.Scan{Certs: []facts.ServedChain{
		{KeyType: "ECDSA", Raw: [][]byte{leaf.DER, inter.DER, root.DER}},
		{KeyType: "RSA", Raw: [][]byte{bare.DER, sha1Inter.DER}},
		{KeyType: "RSA", Raw: [][]byte{[]byte("not DER")}},
	}}
	got := Chains(s)
	if len(got) != 3 {
		t.Fatalf("got %d chains, want 3", len(got))
	}
	// The SHA-1 root is self-signed: a client never checks that signature.
	if c := got[0]; c.KeyType != "ECDSA" || c.Curve != groupP384 || c.SHA1 || c.NoSAN || c.ValidityDays != 200 {
		t.Errorf("ECDSA chain: %+v", c)
	}
	if c := got[1]; c.KeyType != "RSA" || c.KeyBits != 2048 || !c.SHA1 || !c.NoSAN {
		t.Errorf("RSA chain: %+v", c)
	}
	if c := got[2]; c.KeyType != "RSA" || c.KeyBits != 0 {
		t.Errorf("unparseable chain: %+v", c)
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		in   []facts.TLSVersion
		want string
	}{
		{[]facts.TLSVersion{tls13, tls12}, "TLS 1.2–1.3"},
		{[]facts.TLSVersion{facts.VersionSSL30, tls10}, "SSL 3.0–TLS 1.0"},
		{[]facts.TLSVersion{tls10, tls12}, "TLS 1.0, TLS 1.2"},
		{[]facts.TLSVersion{tls12}, "TLS 1.2"},
		{nil, "no version"},
	} {
		if got := span(tc.in); got != tc.want {
			t.Errorf("span(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// An ECDSA P-521 certificate: TLS 1.3 binds ECDSA schemes to curves, and
// Chrome's signature algorithms stop at ecdsa_secp384r1_sha384, while
// Firefox lists ecdsa_secp521r1_sha512.
func TestP521CertificateTLS13(t *testing.T) {
	sv := server{
		versions: []facts.TLSVersion{tls13},
		suites:   map[facts.TLSVersion][]uint16{tls13: {0x1301}},
		groups:   []facts.GroupResult{group(groupX25519, tls13)},
	}
	p521 := Chain{KeyType: "ECDSA", KeyBits: 521, Curve: groupP521, ValidityDays: 90}
	check(t, Simulate(sv.scan(), []Chain{p521}), []want{
		{client: "Chrome 131", reason: facts.ClientNoSigAlg},
		{client: "Firefox", version: tls13, suite: 0x1301, group: groupX25519, detail: "ECDSA secp521r1"},
		// Java 6 never reaches the certificate: it has no TLS 1.3.
		{client: "Java 6", reason: facts.ClientNoVersion},
	})
}
