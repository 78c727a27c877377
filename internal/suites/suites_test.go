package suites

import (
	"crypto/tls"
	"math/big"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// openssl runs the openssl command line. The cross-checks never skip: a
// machine without openssl fails them (CI installs it).
func openssl(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("openssl not found (CI=%q): the suite table is cross-checked against it; install openssl 3", os.Getenv("CI"))
	}
	out, err := exec.Command("openssl", args...).Output()
	if err != nil {
		t.Fatalf("openssl %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func TestTableBuilt(t *testing.T) {
	load()
	for _, e := range initErrs {
		t.Error(e)
	}
	all := All()
	if len(all) < 370 {
		t.Fatalf("only %d suites", len(all))
	}
	names := map[string]uint16{}
	for i, s := range all {
		if i > 0 && all[i-1].ID >= s.ID {
			t.Errorf("All not sorted at %#04x", s.ID)
		}
		// A name may repeat only on a non-IANA code point (pre-RFC drafts,
		// the later FIPS code points, GOST's pre-RFC 0xFF85).
		if prev, dup := names[s.Name]; dup && s.IANA && all[sortedIndex(all, prev)].IANA {
			t.Errorf("name %s on %#04x and %#04x", s.Name, prev, s.ID)
		}
		names[s.Name] = s.ID
		if s.Source == "" {
			t.Errorf("%#04x %s has no source", s.ID, s.Name)
		}
		if s.Signalling {
			continue
		}
		if s.MinVersion == 0 || s.MinVersion > s.MaxVersion {
			t.Errorf("%s: versions %v-%v", s.Name, s.MinVersion, s.MaxVersion)
		}
		if s.AEAD == s.CBC && s.AEAD {
			t.Errorf("%s both AEAD and CBC", s.Name)
		}
		if (s.BlockBits == 64) != (s.DES || s.TripleDES || s.Enc == "IDEA" || s.Enc == "RC2" || s.Enc == "Skipjack" || s.Enc == "GOST28147" || s.Enc == "Magma") {
			t.Errorf("%s: block bits %d for %s", s.Name, s.BlockBits, s.Enc)
		}
		if s.Export && s.MaxVersion != facts.VersionTLS10 {
			t.Errorf("%s: EXPORT up to %v", s.Name, s.MaxVersion)
		}
	}
	for _, want := range []uint16{0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066,
		0xCC13, 0xCC14, 0xCC15, 0xFEFE, 0xFEFF, 0xFFE0, 0xFFE1} {
		if s, ok := ByID(want); !ok || s.IANA {
			t.Errorf("non-IANA legacy suite %#04x: %+v %v", want, s, ok)
		}
	}
	for _, id := range []uint16{0x00FF, 0x5600} {
		if s, ok := ByID(id); !ok || !s.Signalling {
			t.Errorf("%#04x not a signalling value: %+v", id, s)
		}
	}
}

func TestSpotChecks(t *testing.T) {
	s, _ := ByID(0xC02F)
	if s.Name != "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" || s.OpenSSL != "ECDHE-RSA-AES128-GCM-SHA256" ||
		s.Kx != "ECDHE" || s.Auth != "RSA" || s.Enc != "AES" || s.Mode != "GCM" || s.Bits != 128 ||
		!s.AEAD || !s.ForwardSecrecy || s.KeyType != "RSA" || s.MinVersion != facts.VersionTLS12 ||
		s.GoName() != "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" {
		t.Errorf("0xC02F: %+v", s)
	}
	s, _ = ByID(0x0003)
	if weak, why := s.Weak(); !weak || why != "EXPORT, RC4, MD5-MAC" || s.Bits != 40 || s.MaxVersion != facts.VersionTLS10 {
		t.Errorf("0x0003: %v %q %+v", weak, why, s)
	}
	s, _ = ByID(0x000A)
	if weak, why := s.Weak(); !weak || why != "3DES" || s.BlockBits != 64 || s.ForwardSecrecy || s.GoName() != "TLS_RSA_WITH_3DES_EDE_CBC_SHA" {
		t.Errorf("0x000A: %v %q %+v", weak, why, s)
	}
	s, _ = ByID(0x0016)
	if s.OpenSSL != "EDH-RSA-DES-CBC3-SHA" {
		t.Errorf("0x0016 OpenSSL name %q", s.OpenSSL)
	}
	s, _ = ByID(0x1301)
	if !s.TLS13 || s.MinVersion != facts.VersionTLS13 || s.KeyType != "" || s.OpenSSL != "TLS_AES_128_GCM_SHA256" {
		t.Errorf("0x1301: %+v", s)
	}
	if s, ok := ByOpenSSLName("DES-CBC3-SHA"); !ok || s.ID != 0x000A {
		t.Errorf("ByOpenSSLName(DES-CBC3-SHA) = %+v %v", s, ok)
	}
	s, _ = ByID(0x0034)
	if weak, why := s.Weak(); !weak || why != "anonymous" || s.KeyType != "" {
		t.Errorf("0x0034: %v %q", weak, why)
	}
	s, _ = ByID(0xC02B)
	if weak, _ := s.Weak(); weak {
		t.Errorf("0xC02B weak")
	}
	if s, _ := ByID(0x00B0); s.MinVersion != facts.VersionTLS10 { // RFC 5487
		t.Errorf("PSK-NULL-SHA256 from %v", s.MinVersion)
	}
}

// TestGoNames: every suite Go's crypto/tls implements is in the table,
// under the same name, and GoName returns it.
func TestGoNames(t *testing.T) {
	for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		s, ok := ByID(cs.ID)
		if !ok {
			t.Errorf("Go suite %s (%#04x) not in the table", cs.Name, cs.ID)
			continue
		}
		if s.GoName() != cs.Name || s.Name != cs.Name {
			t.Errorf("%#04x: GoName %q, Name %q, Go says %q", cs.ID, s.GoName(), s.Name, cs.Name)
		}
	}
	if s, _ := ByID(0x0041); s.GoName() != "" {
		t.Errorf("Camellia has Go name %q", s.GoName())
	}
}

func TestOfferable(t *testing.T) {
	for _, v := range []facts.TLSVersion{facts.VersionSSL30, facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13} {
		ids := Offerable(v)
		if len(ids) == 0 {
			t.Fatalf("nothing offerable for %v", v)
		}
		seen := map[uint16]bool{}
		wasWeak := false
		for _, id := range ids {
			s, _ := ByID(id)
			if seen[id] || s.Signalling || v < s.MinVersion || v > s.MaxVersion {
				t.Errorf("%v: offers %s (%v-%v, signalling %v, repeat %v)", v, s.Name, s.MinVersion, s.MaxVersion, s.Signalling, seen[id])
			}
			seen[id] = true
			weak, _ := s.Weak()
			if wasWeak && !weak {
				t.Errorf("%v: %s after a weak suite", v, s.Name)
			}
			wasWeak = wasWeak || weak
		}
		first, _ := ByID(ids[0])
		last, _ := ByID(ids[len(ids)-1])
		if !first.AEAD && v >= facts.VersionTLS12 || !first.ForwardSecrecy {
			t.Errorf("%v: first offer %s", v, first.Name)
		}
		if !last.Null {
			t.Errorf("%v: last offer %s, want a NULL suite", v, last.Name)
		}
		t.Logf("%v: %d suites, first %s, last %s", v, len(ids), first.Name, last.Name)
	}
	if ids := Offerable(facts.VersionTLS13); len(ids) != 13 {
		t.Errorf("TLS 1.3 offers %d suites", len(ids))
	}
	if ids := Offerable(facts.VersionSSL20); len(ids) != 0 {
		t.Errorf("SSL 2.0 offers 16-bit suites")
	}
	if ids := Offerable(facts.VersionTLS12); ids[0] != 0xC02C {
		s, _ := ByID(ids[0])
		t.Errorf("TLS 1.2 first offer %s, want ECDHE-ECDSA-AES256-GCM-SHA384", s.Name)
	}
}

// TestOpenSSLCiphers cross-checks the table against OpenSSL's own list.
// Normalisation of OpenSSL's columns to ours:
//   - Kx: DH is our DHE or DH, ECDH our ECDHE or ECDH, RSAPSK/DHEPSK/ECDHEPSK
//     our RSA_PSK/DHE_PSK/ECDHE_PSK, "any" our "" (TLS 1.3);
//   - Au: None is anon, "any" is "";
//   - Enc: AES(128) is AES CBC 128, AESGCM/AESCCM/AESCCM8 AES with that
//     mode, Camellia CBC, ARIAGCM ARIA GCM, CHACHA20/POLY1305 ChaCha20,
//     3DES/DES/IDEA/SEED/RC2 CBC, RC4 stream, None NULL 0 bits;
//   - Mac: SHA1 is SHA;
//   - the protocol column (SSLv3, TLSv1, TLSv1.2, TLSv1.3) is MinVersion.
func TestOpenSSLCiphers(t *testing.T) {
	out := openssl(t, "ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
	line := regexp.MustCompile(`^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)\s*$`)
	encRe := regexp.MustCompile(`^(.+)\((\d+)\)$`)
	encs := map[string][2]string{
		"AES": {"AES", "CBC"}, "AESGCM": {"AES", "GCM"}, "AESCCM": {"AES", "CCM"}, "AESCCM8": {"AES", "CCM8"},
		"Camellia": {"Camellia", "CBC"}, "ARIAGCM": {"ARIA", "GCM"}, "CHACHA20/POLY1305": {"ChaCha20", "Poly1305"},
		"3DES": {"3DES", "CBC"}, "DES": {"DES", "CBC"}, "IDEA": {"IDEA", "CBC"}, "SEED": {"SEED", "CBC"},
		"RC2": {"RC2", "CBC"}, "RC4": {"RC4", "stream"}, "None": {"NULL", ""},
	}
	kxs := map[string][]string{"RSA": {"RSA"}, "DH": {"DHE", "DH"}, "ECDH": {"ECDHE", "ECDH"}, "PSK": {"PSK"},
		"RSAPSK": {"RSA_PSK"}, "DHEPSK": {"DHE_PSK"}, "ECDHEPSK": {"ECDHE_PSK"}, "SRP": {"SRP"}, "any": {""}}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("unparsed openssl line %q", l)
			continue
		}
		n++
		id := uint16(hexByte(m[1]))<<8 | uint16(hexByte(m[2]))
		s, ok := ByID(id)
		if !ok {
			t.Errorf("%#04x %s: not in the table", id, m[3])
			continue
		}
		if s.OpenSSL != m[3] {
			t.Errorf("%#04x: OpenSSL name %q, openssl says %q", id, s.OpenSSL, m[3])
		}
		if got, ok := ByOpenSSLName(m[3]); !ok || got.ID != id {
			t.Errorf("ByOpenSSLName(%s) = %#04x %v", m[3], got.ID, ok)
		}
		if v, ok := facts.ParseTLSVersion(m[4]); !ok || v != s.MinVersion {
			t.Errorf("%s: MinVersion %v, openssl says %s", m[3], s.MinVersion, m[4])
		}
		if !contains(kxs[m[5]], s.Kx) {
			t.Errorf("%s: Kx %q, openssl says %s", m[3], s.Kx, m[5])
		}
		au := map[string]string{"None": "anon", "any": ""}[m[6]]
		if au == "" && m[6] != "any" {
			au = m[6]
		}
		if s.Auth != au {
			t.Errorf("%s: Auth %q, openssl says %s", m[3], s.Auth, m[6])
		}
		em := encRe.FindStringSubmatch(m[7])
		if m[7] == "None" {
			em = []string{m[7], "None", "0"}
		}
		if em == nil {
			t.Errorf("%s: Enc %q unparsed", m[3], m[7])
			continue
		}
		e, known := encs[em[1]]
		if !known || s.Enc != e[0] || s.Mode != e[1] || itoaTest(s.Bits) != em[2] {
			t.Errorf("%s: Enc %s %s %d, openssl says %s", m[3], s.Enc, s.Mode, s.Bits, m[7])
		}
		mac := m[8]
		if mac == "SHA1" {
			mac = "SHA"
		}
		if s.MAC != mac {
			t.Errorf("%s: MAC %s, openssl says %s", m[3], s.MAC, m[8])
		}
	}
	if n < 100 {
		t.Errorf("openssl listed only %d suites", n)
	}
	t.Logf("openssl lists %d suites; all checked", n)
}

func TestSSL2Kinds(t *testing.T) {
	k := SSL2Kinds()
	if len(k) != 7 || k[0].ID != 0x010080 || k[6].ID != 0x0700C0 {
		t.Fatalf("SSL2Kinds: %+v", k)
	}
	for i := 1; i < len(k); i++ {
		if k[i-1].ID >= k[i].ID {
			t.Errorf("not sorted at %#06x", k[i].ID)
		}
	}
}

func TestGroups(t *testing.T) {
	gs := Groups()
	for _, id := range []uint16{1, 25, 26, 28, 29, 30, 31, 33, 256, 260, 0x11EB, 0x11EC, 0x11ED} {
		if _, ok := GroupByID(id); !ok {
			t.Errorf("group %d missing", id)
		}
	}
	for id := uint16(1); id <= 33; id++ {
		if _, ok := GroupByID(id); !ok {
			t.Errorf("group %d missing", id)
		}
	}
	for want, name := range map[uint16]string{23: "CurveP256", 24: "CurveP384", 25: "CurveP521", 29: "X25519", 0x11EC: "X25519MLKEM768"} {
		if g, _ := GroupByID(want); g.GoName != name {
			t.Errorf("group %d GoName %q, want %q", want, g.GoName, name)
		}
	}
	curves := openssl(t, "ecparam", "-list_curves")
	order := regexp.MustCompile(`(?s)Order:\s*\n((?:\s+[0-9a-f:]+\n)+)`)
	// Bits is the order's size: read it from each curve's explicit
	// parameters, one openssl process per curve, run side by side.
	var wg sync.WaitGroup
	for _, g := range gs {
		if g.ID > 28 {
			continue
		}
		if !regexp.MustCompile(`(?m)^\s*` + g.OpenSSL + `\s*:`).MatchString(curves) {
			t.Errorf("%s: openssl does not know curve %s", g.Name, g.OpenSSL)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := exec.Command("openssl", "ecparam", "-name", g.OpenSSL, "-param_enc", "explicit", "-text", "-noout").Output()
			m := order.FindSubmatch(out)
			if err != nil || m == nil {
				t.Errorf("%s: no order in openssl's parameters (%v)", g.OpenSSL, err)
				return
			}
			n, _ := new(big.Int).SetString(strings.NewReplacer(":", "", " ", "", "\n", "").Replace(string(m[1])), 16)
			if n == nil || n.BitLen() != g.Bits {
				t.Errorf("%s: Bits %d, order has %v bits", g.Name, g.Bits, n.BitLen())
			}
		}()
	}
	wg.Wait()
	kex := openssl(t, "list", "-key-exchange-algorithms")
	for _, name := range []string{"X25519", "X448"} {
		if !strings.Contains(kex, name) {
			t.Errorf("openssl lists no %s key exchange", name)
		}
	}
}

func TestSigAlgs(t *testing.T) {
	s, ok := SigAlgByID(0x0804)
	if !ok || s.Name != "rsa_pss_rsae_sha256" || s.KeyType != "RSA" || s.GoName != "PSSWithSHA256" {
		t.Errorf("0x0804: %+v", s)
	}
	if s, _ := SigAlgByID(0x0403); s.GoName != "ECDSAWithP256AndSHA256" {
		t.Errorf("0x0403: %+v", s)
	}
	if len(SigAlgs()) < 20 {
		t.Errorf("%d signature schemes", len(SigAlgs()))
	}
}

func hexByte(s string) uint8 {
	n := new(big.Int)
	n.SetString(s, 16)
	return uint8(n.Uint64())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoaTest(n int) string { return big.NewInt(int64(n)).String() }

func sortedIndex(all []Suite, id uint16) int {
	for i, s := range all {
		if s.ID == id {
			return i
		}
	}
	return -1
}
