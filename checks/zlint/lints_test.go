package zlint

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"errors"
	"math/big"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func fcert(c *certgen.Cert, file string, index int, role facts.Role) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: index, Role: role}}
}

func newFacts(profile string, certs ...*facts.Cert) *facts.Facts {
	return &facts.Facts{
		Now:     certgen.Epoch.AddDate(0, 0, 10),
		Options: facts.Options{Purpose: facts.PurposeServer, WarnDays: 30, Profile: profile},
		Certs:   certs,
	}
}

// runZlint runs only zlint findings and returns them by ID.
func runZlint(t *testing.T, f *facts.Facts) map[string][]checks.Finding {
	t.Helper()
	sel, err := checks.ParseSelector("zlint.*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]checks.Finding{}
	for _, fd := range checks.Findings(checks.Run(context.Background(), f, sel)) {
		out[fd.ID] = append(out[fd.ID], fd)
	}
	return out
}

func wantSeverity(t *testing.T, got map[string][]checks.Finding, id string, sev checks.Severity) {
	t.Helper()
	fs := got[id]
	if len(fs) == 0 {
		t.Errorf("no %s finding; got %v", id, ids(got))
		return
	}
	for _, fd := range fs {
		if fd.Severity != sev {
			t.Errorf("%s: severity %s, want %s", id, fd.Severity, sev)
		}
	}
}

func ids(got map[string][]checks.Finding) []string {
	var out []string
	for id, fs := range got {
		out = append(out, id+"="+fs[0].Severity.String())
	}
	return out
}

func sourceOf(t *testing.T, id string) lint.LintSource {
	t.Helper()
	l := lint.GlobalRegistry().CertificateLints().ByName(strings.TrimPrefix(id, "zlint."))
	if l == nil {
		t.Fatalf("%s: not a zlint certificate lint", id)
	}
	return l.Source
}

// v1Leaf is the `openssl x509 -req` recipe's output: X.509 v1, no
// extensions, signed by a CA.
func v1Leaf() (*certgen.Cert, *certgen.Cert) {
	root := certgen.Root("Test Root")
	return certgen.Leaf("v1.example.com", root, certgen.V1()), root
}

func TestV1CertificatePrivate(t *testing.T) {
	leaf, _ := v1Leaf()
	got := runZlint(t, newFacts(facts.ProfilePrivate, fcert(leaf, "server.pem", 0, facts.RoleAuto)))
	// RFC 5280 4.2.1.1 MUST (zlint error) -> warning; 4.2.1.2 SHOULD (zlint warn) -> info.
	wantSeverity(t, got, "zlint.e_ext_authority_key_identifier_no_key_identifier", checks.Warning)
	wantSeverity(t, got, "zlint.w_ext_subject_key_identifier_missing_sub_cert", checks.Info)
	if _, ok := got["zlint.e_invalid_certificate_version"]; ok {
		t.Errorf("CA/B BR lint e_invalid_certificate_version ran under profile private")
	}
	fd := got["zlint.e_ext_authority_key_identifier_no_key_identifier"][0]
	if fd.Subject != "CN=v1.example.com" || fd.Evidence["file"] != "server.pem" || fd.Evidence["lint"] != "e_ext_authority_key_identifier_no_key_identifier" ||
		fd.Evidence["source"] != "RFC5280" || fd.Evidence["citation"] == "" {
		t.Errorf("evidence: subject %q, %v", fd.Subject, fd.Evidence)
	}
	if !strings.Contains(fd.Fix, "authorityKeyIdentifier=keyid") {
		t.Errorf("fix is not concrete: %q", fd.Fix)
	}
	if !strings.Contains(fd.Message, "CN=v1.example.com") || !strings.Contains(fd.Message, "server.pem #1") {
		t.Errorf("message does not say which certificate: %q", fd.Message)
	}
}

func TestV1CertificateWebPKI(t *testing.T) {
	leaf, _ := v1Leaf()
	got := runZlint(t, newFacts(facts.ProfileWebPKI, fcert(leaf, "server.pem", 0, facts.RoleAuto)))
	wantSeverity(t, got, "zlint.e_invalid_certificate_version", checks.Error)
	wantSeverity(t, got, "zlint.e_ext_authority_key_identifier_no_key_identifier", checks.Error)
	wantSeverity(t, got, "zlint.w_ext_subject_key_identifier_missing_sub_cert", checks.Warning)
	fd := got["zlint.e_invalid_certificate_version"][0]
	if !strings.Contains(fd.Fix, "-extfile") || !strings.Contains(fd.Fix, "subjectAltName=DNS:v1.example.com") {
		t.Errorf("fix is not concrete: %q", fd.Fix)
	}
	if fd.Evidence["source"] != "CABF_BR" || fd.Evidence["profile"] != "webpki" {
		t.Errorf("evidence: %v", fd.Evidence)
	}
}

func TestNoSAN(t *testing.T) {
	root := certgen.Root("Test Root")
	leaf := certgen.Leaf("nosan.example.com", root, certgen.DNS())
	if len(leaf.X509.DNSNames) != 0 {
		t.Fatal("certgen made a SAN")
	}
	private := runZlint(t, newFacts(facts.ProfilePrivate, fcert(leaf, "server.pem", 0, facts.RoleAuto)))
	if _, ok := private["zlint.e_ext_san_missing"]; ok {
		t.Errorf("CA/B BR lint e_ext_san_missing ran under profile private")
	}
	web := runZlint(t, newFacts(facts.ProfileWebPKI, fcert(leaf, "server.pem", 0, facts.RoleAuto)))
	wantSeverity(t, web, "zlint.e_ext_san_missing", checks.Error)
	if fix := web["zlint.e_ext_san_missing"][0].Fix; !strings.Contains(fix, "subjectAltName=DNS:nosan.example.com") {
		t.Errorf("fix does not give the SAN: %q", fix)
	}
	// Profile auto with no chain to a public root is private.
	auto := runZlint(t, newFacts(facts.ProfileAuto, fcert(leaf, "server.pem", 0, facts.RoleAuto)))
	if _, ok := auto["zlint.e_ext_san_missing"]; ok {
		t.Errorf("profile auto ran CA/B lints on a privately issued certificate")
	}
}

// TestPrivateRunsNoPublicLints: whatever the certificate, profile private
// reports only RFC and community lints, and never above warning.
func TestPrivateRunsNoPublicLints(t *testing.T) {
	root := certgen.Root("Test Root", certgen.NoBasicConstraints())
	certs := []*certgen.Cert{
		root,
		certgen.Leaf("v1.example.com", root, certgen.V1()),
		certgen.Leaf("nosan.example.com", root, certgen.DNS()),
		certgen.Leaf("sha1.example.com", root, certgen.SigAlg(x509.SHA1WithRSA), certgen.Days(800)),
		certgen.Leaf("weak.example.com", root, certgen.KeyType("rsa1024"), certgen.EKU()),
	}
	var fc []*facts.Cert
	for i, c := range certs {
		fc = append(fc, fcert(c, "bundle.pem", i, facts.RoleAuto))
	}
	private := runZlint(t, newFacts(facts.ProfilePrivate, fc...))
	web := runZlint(t, newFacts(facts.ProfileWebPKI, fc...))
	publicSeen := 0
	for id := range web {
		if publicSources[sourceOf(t, id)] {
			publicSeen++
		}
	}
	if publicSeen == 0 {
		t.Fatalf("webpki produced no CA/B or root-program lint at all: %v", ids(web))
	}
	for id, fs := range private {
		if src := sourceOf(t, id); publicSources[src] {
			t.Errorf("%s (source %s) reported under profile private", id, src)
		}
		for _, fd := range fs {
			if fd.Severity > checks.Warning {
				t.Errorf("%s: severity %s under profile private", id, fd.Severity)
			}
		}
	}
}

// TestCleanPrivateCertificates: `openssl req -x509 -newkey rsa:2048 -subj
// /CN=localhost -addext subjectAltName=DNS:localhost` (CA:TRUE, SKI, AKI)
// and a properly made CA-issued leaf produce no zlint finding under the
// private profile: localhost being a "bare public suffix" is not noise we report.
func TestCleanPrivateCertificates(t *testing.T) {
	selfSigned := certgen.Leaf("localhost", nil, certgen.IsCA(), certgen.Days(365), certgen.KU(0), certgen.EKU())
	root := certgen.Root("Example Private Root")
	key := certgen.NewKey("p256")
	spki, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	id := sha1.Sum(spki)
	leaf := certgen.Leaf("api.internal.example", root, certgen.Key(key), certgen.KU(x509.KeyUsageDigitalSignature),
		certgen.Template(func(c *x509.Certificate) { c.SubjectKeyId = id[:] }))
	for _, c := range []*certgen.Cert{selfSigned, leaf} {
		got := runZlint(t, newFacts(facts.ProfileAuto, fcert(c, "cert.pem", 0, facts.RoleAuto)))
		if len(got) != 0 {
			t.Errorf("%s: want no zlint findings under profile auto/private, got %v", c.X509.Subject.CommonName, ids(got))
		}
	}
	// The same localhost certificate under webpki does hear about public suffixes.
	web := runZlint(t, newFacts(facts.ProfileWebPKI, fcert(selfSigned, "cert.pem", 0, facts.RoleAuto)))
	if len(web) == 0 {
		t.Errorf("webpki: want CA/B findings on a self-signed localhost CA, got none")
	}
}

func TestRootsAndDuplicates(t *testing.T) {
	bad, _ := v1Leaf()
	leaf, _ := v1Leaf()
	f := newFacts(facts.ProfilePrivate,
		fcert(leaf, "server.pem", 0, facts.RoleAuto),
		fcert(leaf, "fullchain.pem", 0, facts.RoleFullchain)) // same DER twice
	f.Roots = []*facts.Cert{fcert(bad, "", 0, facts.RoleSystem)}
	got := runZlint(t, f)
	if n := len(got["zlint.e_ext_authority_key_identifier_no_key_identifier"]); n != 1 {
		t.Errorf("want one finding for a certificate given twice and none for an OS root, got %d", n)
	}
	// An input copy of an OS-store root is not linted either.
	f = newFacts(facts.ProfilePrivate, fcert(bad, "bundle.pem", 1, facts.RoleAuto))
	f.Roots = []*facts.Cert{fcert(bad, "", 0, facts.RoleBundled)}
	if got := runZlint(t, f); len(got) != 0 {
		t.Errorf("input copy of a bundled root was linted: %v", ids(got))
	}
	// A --ca root is linted, except for what path validation never reads
	// of a trust anchor (its AKI, its serial number).
	f = newFacts(facts.ProfilePrivate)
	f.Roots = []*facts.Cert{fcert(bad, "ca.pem", 0, facts.RoleCA)}
	got = runZlint(t, f)
	if len(got) == 0 {
		t.Errorf("--ca certificate: want it linted, got no findings")
	}
	if n := len(got["zlint.e_ext_authority_key_identifier_no_key_identifier"]); n != 0 {
		t.Errorf("--ca certificate: the AKI lint does not apply to a trust anchor, got %d", n)
	}
	// Nothing to lint.
	res := checks.Run(context.Background(), newFacts(facts.ProfilePrivate), mustSel(t, "zlint.*"))
	if len(res) != 1 || res[0].Check.ID != "zlint.lints" || !res[0].Selected || res[0].NotApplicable != "no certificates among the inputs" {
		t.Errorf("no certificates: want zlint.lints not applicable, got %+v", res)
	}
}

func mustSel(t *testing.T, s string) checks.Selector {
	sel, err := checks.ParseSelector(s)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

func TestManyCertificatesDeterministic(t *testing.T) {
	root := certgen.Root("Test Root")
	var fc []*facts.Cert
	for i := 0; i < 12; i++ {
		fc = append(fc, fcert(certgen.Leaf("v1.example.com", root, certgen.V1()), "bundle.pem", i, facts.RoleAuto))
	}
	a := checks.Findings(checks.Run(context.Background(), newFacts(facts.ProfileWebPKI, fc...), mustSel(t, "zlint.*")))
	b := checks.Findings(checks.Run(context.Background(), newFacts(facts.ProfileWebPKI, fc...), mustSel(t, "zlint.*")))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("runs differ: %d vs %d findings", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Message != b[i].Message {
			t.Fatalf("finding %d differs: %s %q vs %s %q", i, a[i].ID, a[i].Message, b[i].ID, b[i].Message)
		}
	}
	per := map[string]int{}
	for _, fd := range a {
		per[fd.ID]++
	}
	if per["zlint.e_invalid_certificate_version"] != 12 {
		t.Errorf("want 12 e_invalid_certificate_version findings, got %d", per["zlint.e_invalid_certificate_version"])
	}
}

func TestPublicDERs(t *testing.T) {
	root := certgen.Root("Public Root")
	inter := certgen.Intermediate("Public CA", root)
	leaf := certgen.Leaf("www.example.com", inter)
	private := certgen.Leaf("internal.example", certgen.Root("Private Root"))
	chains := []*facts.Chain{
		{Path: []*facts.Cert{fcert(leaf, "a.pem", 0, ""), fcert(inter, "a.pem", 1, ""), fcert(root, "", 0, facts.RoleSystem)}, Status: facts.ChainTrusted},
		{Path: []*facts.Cert{fcert(private, "b.pem", 0, "")}, Status: facts.ChainMissingIssuer},
	}
	set := publicDERs(chains)
	for _, c := range []*certgen.Cert{leaf, inter, root} {
		if !set[string(c.DER)] {
			t.Errorf("%s: not marked public", c.X509.Subject.CommonName)
		}
	}
	if set[string(private.DER)] {
		t.Errorf("private leaf marked public")
	}
}

func TestSeverityMapping(t *testing.T) {
	cases := []struct {
		s      lint.LintStatus
		public bool
		want   checks.Severity
	}{
		{lint.Fatal, false, checks.Warning}, {lint.Error, false, checks.Warning},
		{lint.Warn, false, checks.Info}, {lint.Notice, false, checks.Info},
		{lint.Fatal, true, checks.Error}, {lint.Error, true, checks.Error},
		{lint.Warn, true, checks.Warning}, {lint.Notice, true, checks.Info},
	}
	for _, c := range cases {
		if got := severity(c.s, c.public); got != c.want {
			t.Errorf("severity(%s, public=%v) = %s, want %s", c.s, c.public, got, c.want)
		}
	}
}

func TestExplain(t *testing.T) {
	title, doc, refs, ok := Lints.Explain("zlint.e_ext_san_missing")
	if !ok || title == "" || !strings.Contains(doc, "BRs: 7.1.4.2.1") || len(refs) == 0 || !strings.Contains(doc, "publicly trusted") {
		t.Errorf("explain e_ext_san_missing: ok=%v title=%q doc=%q refs=%v", ok, title, doc, refs)
	}
	_, doc, _, ok = Lints.Explain("zlint.e_ext_authority_key_identifier_no_key_identifier")
	if !ok || !strings.Contains(doc, "always") {
		t.Errorf("explain RFC lint: ok=%v doc=%q", ok, doc)
	}
	for _, id := range []string{"zlint.e_no_such_lint", "zlint.", "cert.expired", "e_ext_san_missing", "zlint.e_crl_has_next_update"} {
		if _, _, _, ok := Lints.Explain(id); ok {
			t.Errorf("Explain(%q) = ok, want unknown", id)
		}
	}
	if c := checks.Lookup("zlint.w_ext_key_usage_not_critical"); c != Lints {
		t.Errorf("checks.Lookup of a lint ID did not find zlint.lints")
	}
}

// TestEmudhraPrefilter: the compromised-eMudhra lint's eight P-384
// verifications run only for certificates that name an "EM ... CA" issuer.
func TestEmudhraPrefilter(t *testing.T) {
	em := certgen.Root("EM DV TLS CA - G3C", certgen.KeyType("p384"))
	other := certgen.Root("Other CA", certgen.KeyType("p384"))
	for _, c := range []struct {
		cert *certgen.Cert
		want bool
	}{
		{certgen.Leaf("a.example.com", em, certgen.KeyType("p256")), true},
		{certgen.Leaf("b.example.com", other, certgen.KeyType("p256")), false},
		{em, true},
	} {
		zc, err := zx509.ParseCertificate(c.cert.DER)
		if err != nil {
			t.Fatal(err)
		}
		if got := mayChainToEmudhra(zc); got != c.want {
			t.Errorf("%s issued by %s: mayChainToEmudhra = %v, want %v", c.cert.X509.Subject.CommonName, c.cert.X509.Issuer.CommonName, got, c.want)
		}
	}
	if lint.GlobalRegistry().CertificateLints().ByName(emudhraLint) == nil {
		t.Errorf("zlint no longer has %s: drop the prefilter", emudhraLint)
	}
}

// TestVersionMatchesGoMod: the version named in docs and findings is the one linked.
func TestVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "github.com/zmap/zlint/v3 "+Version()) {
		t.Errorf("go.mod does not require zlint %s; update zlintVersion", Version())
	}
}

// TestSmallECDSAKey: with tlscheck's configuration (Bits = 8) the
// small-private-key lint still finds a key like eMudhra's (d below 256).
func TestSmallECDSAKey(t *testing.T) {
	curve := elliptic.P256()
	d := big.NewInt(200)
	x, y := curve.ScalarBaseMult(d.Bytes())
	weak := &ecdsa.PrivateKey{PublicKey: ecdsa.PublicKey{Curve: curve, X: x, Y: y}, D: d}
	c := certgen.Leaf("weak.example", certgen.Root("Root"), certgen.Key(weak))
	got := runZlint(t, newFacts(facts.ProfilePrivate, fcert(c, "server.pem", 0, facts.RoleAuto)))
	if len(got["zlint.e_ecdsa_small_private_key"]) != 1 {
		t.Errorf("a private key of 200 was not found: %v", ids(got))
	}
	ok := certgen.Leaf("ok.example", certgen.Root("Root"), certgen.KeyType("p256"))
	if got := runZlint(t, newFacts(facts.ProfilePrivate, fcert(ok, "server.pem", 0, facts.RoleAuto))); len(got["zlint.e_ecdsa_small_private_key"]) != 0 {
		t.Errorf("a random key was reported: %v", ids(got))
	}
}

// TestNameConstraintsNotCriticalWebPKI: RFC 5280 requires name constraints
// to be critical, and the private profile says so; the CA/B Forum Baseline
// Requirements (7.1.2.10.8) explicitly allow them non-critical, so under the
// webpki profile the RFC lint does not run.
func TestNameConstraintsNotCriticalWebPKI(t *testing.T) {
	root := certgen.Root("Constrained Root", certgen.PermittedDNS("example.com"))
	if ext := root.X509.Extensions; len(ext) == 0 {
		t.Fatal("no extensions")
	}
	for _, e := range root.X509.Extensions {
		if e.Id.String() == "2.5.29.30" && e.Critical {
			t.Fatal("certgen made the name constraints critical; the test needs them non-critical")
		}
	}
	const id = "zlint.e_ext_name_constraints_not_critical"
	private := runZlint(t, newFacts(facts.ProfilePrivate, fcert(root, "ca.pem", 0, facts.RoleAuto)))
	wantSeverity(t, private, id, checks.Warning)
	web := runZlint(t, newFacts(facts.ProfileWebPKI, fcert(root, "ca.pem", 0, facts.RoleAuto)))
	if _, ok := web[id]; ok {
		t.Errorf("webpki: %s reported, but BR 7.1.2.10.8 allows non-critical name constraints", id)
	}
}

// TestSharedInstancesMatchZlint: running each lint through its shared,
// configured-once instance (lintSet, execute with issuance-date semantics)
// gives exactly what zlint's own CertificateLint.Execute gives, for every
// certificate lint and a spread of certificates, with the instances used
// from several goroutines at once (run with -race).
func TestSharedInstancesMatchZlint(t *testing.T) {
	root := certgen.Root("Shared Root")
	v1, _ := v1Leaf()
	certs := []*certgen.Cert{
		root,
		certgen.Intermediate("Shared Inter", root, certgen.PermittedDNS("example.com")),
		certgen.Leaf("www.example.com", root),
		certgen.Leaf("nosan.example.com", root, certgen.DNS()),
		certgen.Leaf("ec.example.com", root, certgen.KeyType("p256")),
		certgen.Leaf("localhost", nil),
		v1,
	}
	set := publicSet.get(true)
	cfg := lintConfig()
	var wg sync.WaitGroup
	for _, gc := range certs {
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// One parse per goroutine: a zcrypto certificate caches
				// parsed fields lazily and is not shared (neither is it in
				// lintUncached); the lint instances are.
				zc, err := zx509.ParseCertificate(gc.DER)
				if err != nil {
					t.Error(err)
					return
				}
				for i, l := range set.lints {
					got := execute(l, set.impls[i], set.errs[i], zc, time.Time{})
					want := l.Execute(zc, cfg)
					if got.Status != want.Status || got.Details != want.Details {
						t.Errorf("%s on %s: shared instance %v %q, zlint %v %q", l.Name, gc.X509.Subject.CommonName, got.Status, got.Details, want.Status, want.Details)
					}
				}
			}()
		}
	}
	wg.Wait()
	if len(set.lints) < 300 {
		t.Errorf("only %d lints in the public set", len(set.lints))
	}
}

// TestSmallKeyMatchesZlint: tlscheck's table lookup for
// e_ecdsa_small_private_key gives zlint's own verdict (configured as
// tlscheck configures it) on every curve, for private keys at, inside and
// just past the 2^smallKeyBits bound, their negations, and random keys.
func TestSmallKeyMatchesZlint(t *testing.T) {
	l := lint.GlobalRegistry().CertificateLints().ByName(smallKeyLint)
	if l == nil {
		t.Fatal("zlint has no " + smallKeyLint)
	}
	cfg := lintConfig()
	root := certgen.Root("Small Key Root")
	bound := int64(1) << smallKeyBits
	for _, curve := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		n := curve.Params().N
		var ds []*big.Int
		for _, d := range []int64{1, 2, 3, 200, bound - 1, bound, bound + 1, bound + 2, 1000, 65537} {
			ds = append(ds, big.NewInt(d), new(big.Int).Sub(n, big.NewInt(d)))
		}
		random, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, random.D)
		for _, d := range ds {
			x, y := curve.ScalarBaseMult(d.Bytes())
			key := &ecdsa.PrivateKey{PublicKey: ecdsa.PublicKey{Curve: curve, X: x, Y: y}, D: d}
			c := certgen.Leaf("k.example", root, certgen.Key(key))
			zc, err := zx509.ParseCertificate(c.DER)
			if err != nil {
				t.Fatal(err)
			}
			want := l.Execute(zc, cfg)
			got := smallKeyResult(zc)
			small := d.Cmp(big.NewInt(bound)) <= 0 || new(big.Int).Sub(n, d).Cmp(big.NewInt(bound)) <= 0
			if (got.Status == lint.Error) != (want.Status == lint.Error) || (got.Status == lint.Error) != small {
				t.Errorf("%s d=%s: tlscheck %v, zlint %v, small=%v", curve.Params().Name, d, got.Status, want.Status, small)
			}
			if got.Status == lint.Error && got.Details != want.Details {
				t.Errorf("%s d=%s: details %q, zlint %q", curve.Params().Name, d, got.Details, want.Details)
			}
		}
	}
}

// aiaLeaf is a leaf that webpki lints flag for several reasons, among them
// e_sub_cert_aia_missing.
func aiaLeaf() *facts.Facts {
	root := certgen.Root("Test Root")
	return newFacts(facts.ProfileWebPKI, fcert(certgen.Leaf("www.example.com", root, certgen.DNS("www.example.com")), "cert.pem", 0, facts.RoleAuto))
}

// TestSelectedLints: --checks hands zlint.lints the selector; zlint.e_* runs
// the e_ lints only, and one selected lint runs alone (zlint.e_* and a single
// lint name selected nothing before).
func TestSelectedLints(t *testing.T) {
	ResetCache()
	f := aiaLeaf()
	if got := runZlint(t, f); len(got) < 2 || len(got["zlint.e_sub_cert_aia_missing"]) == 0 {
		t.Fatalf("zlint.*: want e_sub_cert_aia_missing among several lints, got %v", ids(got))
	}
	for _, pattern := range []string{"zlint.e_*", "zlint.e_sub_cert_aia_missing", "zlint.*,-zlint.w_*,-zlint.n_*"} {
		ResetCache() // a cached full result would hide a run of the wrong lints
		got := checks.Findings(checks.Run(context.Background(), aiaLeaf(), mustSel(t, pattern)))
		found := false
		for _, fd := range got {
			found = found || fd.ID == "zlint.e_sub_cert_aia_missing"
			if !strings.HasPrefix(fd.ID, "zlint.e_") || (pattern == "zlint.e_sub_cert_aia_missing" && fd.ID != pattern) {
				t.Errorf("%s: reported %s", pattern, fd.ID)
			}
		}
		if !found {
			t.Errorf("%s: no zlint.e_sub_cert_aia_missing: %+v", pattern, got)
		}
	}
	one := selected(mustSel(t, "zlint.e_sub_cert_aia_missing"))
	if one.all || len(one.names) != 1 || !one.has("e_sub_cert_aia_missing") {
		t.Errorf("one lint: selection %+v", one)
	}
	if all := selected(mustSel(t, "all")); !all.all {
		t.Errorf("all: selection %+v", all)
	}
	// Only the selected lint executes: the others are not even asked
	// whether they apply (a lint that panicked would say so).
	hs, ok := lintUncached(collect(aiaLeaf())[0], one)
	if !ok || len(hs) != 1 || hs[0].meta.Name != "e_sub_cert_aia_missing" {
		t.Errorf("lintUncached with one lint: %+v", hs)
	}
	// A partial run is not cached as if it were complete.
	ResetCache()
	checks.Run(context.Background(), aiaLeaf(), mustSel(t, "zlint.e_sub_cert_aia_missing"))
	if got := runZlint(t, aiaLeaf()); len(got) < 2 {
		t.Errorf("zlint.* after a one-lint run: %v", ids(got))
	}
}

// TestCacheBounded: the process-wide result cache stays within its entry
// and byte limits under concurrent use, and its byte count stays exact.
func TestCacheBounded(t *testing.T) {
	oldEntries, oldBytes := lintCacheMaxEntries, lintCacheMaxBytes
	t.Cleanup(func() { lintCacheMaxEntries, lintCacheMaxBytes = oldEntries, oldBytes; ResetCache() })
	ResetCache()
	lintCacheMaxEntries, lintCacheMaxBytes = 8, 4096

	root := certgen.Root("Cache Root")
	var targets []target
	for i := 0; i < 24; i++ {
		c := certgen.Leaf("v1.example.com", root, certgen.V1())
		targets = append(targets, target{cert: fcert(c, "bundle.pem", i, facts.RoleAuto), now: certgen.Epoch})
	}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range targets {
				if hs, ok := lintOne(targets[(i+w*5)%len(targets)], selection{all: true}); !ok || len(hs) == 0 {
					t.Errorf("a v1 certificate without findings")
				}
				lintCacheMu.Lock()
				n, b := len(lintCache), lintCacheBytes
				lintCacheMu.Unlock()
				if n > 8 || b > 4096 {
					t.Errorf("cache over its bounds: %d entries, %d bytes", n, b)
				}
			}
		}(w)
	}
	wg.Wait()
	lintCacheMu.Lock()
	defer lintCacheMu.Unlock()
	sum := 0
	for _, r := range lintCache {
		sum += r.size
	}
	if len(lintCache) == 0 || len(lintCache) > 8 || sum != lintCacheBytes || sum > 4096 {
		t.Errorf("cache: %d entries, %d bytes counted, %d held", len(lintCache), lintCacheBytes, sum)
	}
}

// TestLintDatesAreDays holds up the lint cache's key (lintDay): every
// certificate lint's effective and ineffective date is midnight UTC, so the
// lints in force cannot change within a UTC day.
func TestLintDatesAreDays(t *testing.T) {
	reg := lint.GlobalRegistry().CertificateLints()
	for _, name := range reg.Names() {
		l := reg.ByName(name)
		for what, d := range map[string]time.Time{"effective": l.EffectiveDate, "ineffective": l.IneffectiveDate} {
			if d.IsZero() {
				continue
			}
			if u := d.UTC(); u.Hour() != 0 || u.Minute() != 0 || u.Second() != 0 || u.Nanosecond() != 0 {
				t.Errorf("%s: %s date %s is not midnight UTC; lintDay would cache across it", name, what, d)
			}
		}
	}
	day := lintDay(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if lintDay(time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC)) != day || lintDay(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) == day {
		t.Error("lintDay does not split at midnight UTC")
	}
	if lintDay(time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC)) == lintDay(time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC)) {
		t.Error("lintDay puts the day before 1970 into 1970-01-01")
	}
}

// TestUmbrellaID: zlint.lints, the check's own ID, stands for every lint it
// runs: --checks zlint.lints runs them all (it ran none and passed) and
// all,-zlint.lints removes them all (it removed none).
func TestUmbrellaID(t *testing.T) {
	if sel := selected(mustSel(t, "zlint.lints")); !sel.all {
		t.Errorf("zlint.lints: selection %+v, want every lint", sel)
	}
	got := checks.Findings(checks.Run(context.Background(), aiaLeaf(), mustSel(t, "zlint.lints")))
	if len(got) < 2 {
		t.Errorf("zlint.lints: want every lint's findings, got %+v", got)
	}
	// zlint.lints is the only check this test binary registers, so
	// removing it selects nothing (checks' own tests and cmd/tlscheck's
	// show it removing the findings from a full run).
	_, err := checks.ParseSelector("all,-zlint.lints")
	var se *checks.SelectorError
	if !errors.As(err, &se) || !se.SelectsNothing {
		t.Errorf("all,-zlint.lints: got %v, want a selects-no-check error", err)
	}
}

// TestSelectedLintsNotRun: when every selected lint is one the profile in
// force drops (a CA/B Forum lint on a private CA's leaf), zlint.lints is
// not applicable and says why; it was listed as passed though no lint ran.
func TestSelectedLintsNotRun(t *testing.T) {
	root := certgen.Root("Private Root")
	leaf := fcert(certgen.Leaf("www.example.com", root, certgen.DNS("www.example.com")), "cert.pem", 0, facts.RoleAuto)
	for _, tc := range []struct{ profile, pattern, why string }{
		{facts.ProfileAuto, "zlint.e_sub_cert_aia_missing",
			"e_sub_cert_aia_missing is a CA/B Forum lint; it runs only with --profile webpki or on a chain to a publicly trusted root"},
		{facts.ProfilePrivate, "zlint.e_sub_cert_aia_missing",
			"e_sub_cert_aia_missing is a CA/B Forum lint; it does not run under --profile private"},
		{facts.ProfileAuto, "zlint.n_san_iana_pub_suffix_empty",
			"n_san_iana_pub_suffix_empty only makes sense on the public web; it runs only with --profile webpki or on a chain to a publicly trusted root"},
		{facts.ProfileAuto, "zlint.e_sub_cert_aia_missing,zlint.e_sub_cert_certificate_policies_missing",
			"e_sub_cert_aia_missing is a CA/B Forum lint; it runs only with --profile webpki or on a chain to a publicly trusted root; " +
				"e_sub_cert_certificate_policies_missing is a CA/B Forum lint; it runs only with --profile webpki or on a chain to a publicly trusted root"},
	} {
		res := checks.Run(context.Background(), newFacts(tc.profile, leaf), mustSel(t, tc.pattern))
		if len(res) != 1 || !res[0].Selected || len(res[0].Findings) != 0 || res[0].NotApplicable != tc.why {
			t.Errorf("%s %s: want not applicable %q, got %+v", tc.profile, tc.pattern, tc.why, res)
		}
	}
	// One selected lint that runs is enough: RFC lints run on private certificates.
	res := checks.Run(context.Background(), newFacts(facts.ProfileAuto, leaf), mustSel(t, "zlint.e_sub_cert_aia_missing,zlint.e_ext_san_empty_name"))
	if res[0].NotApplicable != "" {
		t.Errorf("with an RFC lint: not applicable %q", res[0].NotApplicable)
	}
	// A --ca root alone, and only lints a trust anchor is exempt from.
	f := newFacts(facts.ProfilePrivate)
	f.Roots = []*facts.Cert{fcert(root, "ca.pem", 0, facts.RoleCA)}
	res = checks.Run(context.Background(), f, mustSel(t, "zlint.e_serial_number_not_positive"))
	if !strings.Contains(res[0].NotApplicable, "e_serial_number_not_positive does not apply to a trust anchor") {
		t.Errorf("anchor: not applicable %q", res[0].NotApplicable)
	}
}

// TestSelectedLintsDoNotApply: a selected lint that zlint itself finds
// inapplicable to every certificate (a subscriber-certificate lint given
// only a CA certificate) makes zlint.lints not applicable, never passed;
// the same lint on a leaf without AIA still fails it.
func TestSelectedLintsDoNotApply(t *testing.T) {
	root := certgen.Root("Only A Root")
	f := newFacts(facts.ProfileWebPKI, fcert(root, "root.pem", 0, facts.RoleAuto))
	res := checks.Run(context.Background(), f, mustSel(t, "zlint.e_sub_cert_aia_missing"))
	if len(res) != 1 || len(res[0].Findings) != 0 || !strings.Contains(res[0].NotApplicable, "e_sub_cert_aia_missing applies to none of the 1 certificate(s)") {
		t.Errorf("a subscriber lint on a root: %+v", res)
	}
	res = checks.Run(context.Background(), aiaLeaf(), mustSel(t, "zlint.e_sub_cert_aia_missing"))
	if len(res) != 1 || len(res[0].Findings) != 1 || res[0].NotApplicable != "" {
		t.Errorf("the same lint on a leaf without AIA: %+v", res)
	}
	// A lint that applies and passes is a pass: the leaf has a SAN.
	res = checks.Run(context.Background(), aiaLeaf(), mustSel(t, "zlint.e_ext_san_missing"))
	if len(res) != 1 || len(res[0].Findings) != 0 || res[0].NotApplicable != "" {
		t.Errorf("an applicable lint that passes: %+v", res)
	}
}
