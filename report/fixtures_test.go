package report

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// The golden reports print fingerprints, serials and keys, and certgen's
// keys and signatures are random, so the certificates behind the goldens
// are built once and committed under testdata/fixtures. Each file records
// the command and the recipe that made it. Regenerating them changes every
// golden: run
//
//	go test ./report -run TestRegenFixtures -regen-fixtures && go test ./report -update
var regenFixtures = flag.Bool("regen-fixtures", false, "rebuild testdata/fixtures with internal/certgen")

const fixtureDir = "testdata/fixtures"

// fixtureNow is the fixed clock of every golden.
var fixtureNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// fixtureRecipe is one committed fixture file and how it was made.
type fixtureRecipe struct {
	file   string
	recipe string
	build  func(made map[string]*certgen.Cert) []byte
}

var fixtureRecipes = []fixtureRecipe{
	{"ca.pem", `certgen.Root("Example Root CA", KeyType("p384"), Subject O=Example)`,
		func(m map[string]*certgen.Cert) []byte {
			m["root"] = certgen.Root("Example Root CA", certgen.KeyType("p384"), certgen.Serial(0x100),
				certgen.Subject(pkix.Name{CommonName: "Example Root CA", Organization: []string{"Example"}}))
			return m["root"].PEM()
		}},
	{"server.pem", `leaf certgen.Leaf("www.example.com", inter, DNS www.example.com example.com, IP 192.0.2.10); ` +
		`inter certgen.Intermediate("Example Issuing CA", root, KeyType("p256")); ` +
		`a stray certgen.Root("Unrelated CA", KeyType("p256"))`,
		func(m map[string]*certgen.Cert) []byte {
			m["inter"] = certgen.Intermediate("Example Issuing CA", m["root"], certgen.KeyType("p256"), certgen.Serial(0x200),
				certgen.Subject(pkix.Name{CommonName: "Example Issuing CA", Organization: []string{"Example"}}))
			m["leaf"] = certgen.Leaf("www.example.com", m["inter"], certgen.Serial(0x1001),
				certgen.DNS("www.example.com", "example.com"), certgen.IP("192.0.2.10"))
			m["stray"] = certgen.Root("Unrelated CA", certgen.KeyType("p256"), certgen.Serial(0x300))
			return certgen.Bundle(m["leaf"], m["inter"], m["stray"])
		}},
	{"old.pem", `certgen.Leaf("old.example.com", certgen.Intermediate("Legacy Issuing CA", root), ` +
		`Validity(2025-11-19, 2026-02-17), AIA http://ca.example.com/legacy.crt); the issuer is not committed`,
		func(m map[string]*certgen.Cert) []byte {
			legacy := certgen.Intermediate("Legacy Issuing CA", m["root"], certgen.Serial(0x400),
				certgen.Subject(pkix.Name{CommonName: "Legacy Issuing CA", Organization: []string{"Example"}}))
			m["old"] = certgen.Leaf("old.example.com", legacy, certgen.Serial(0x1002),
				certgen.Validity(time.Date(2025, 11, 19, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 17, 0, 0, 0, 0, time.UTC)),
				certgen.AIA("http://ca.example.com/legacy.crt"))
			return m["old"].PEM()
		}},
	{"device.pem", `certgen.Leaf("devices.internal", nil, KeyType("p256"), SigAlg(ECDSAWithSHA1)): self-signed`,
		func(m map[string]*certgen.Cert) []byte {
			m["device"] = certgen.Leaf("devices.internal", nil, certgen.KeyType("p256"), certgen.Serial(0x1003),
				certgen.SigAlg(x509.ECDSAWithSHA1))
			return m["device"].PEM()
		}},
	{"clientca.pem", `certgen.Root("Example Client CA", KeyType("ed25519"))`,
		func(m map[string]*certgen.Cert) []byte {
			m["clientca"] = certgen.Root("Example Client CA", certgen.KeyType("ed25519"), certgen.Serial(0x500))
			return m["clientca"].PEM()
		}},
	{"req.csr", `x509.CreateCertificateRequest(CN=new.example.com, no SAN, certgen.NewKey("rsa2048"))`,
		func(m map[string]*certgen.Cert) []byte {
			der, err := x509.CreateCertificateRequest(nil,
				&x509.CertificateRequest{Subject: pkix.Name{CommonName: "new.example.com"}}, certgen.NewKey("rsa2048"))
			if err != nil {
				panic(err)
			}
			return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
		}},
}

// TestRegenFixtures rebuilds the committed fixtures; without
// -regen-fixtures it checks that every recipe's file is there and parses.
func TestRegenFixtures(t *testing.T) {
	if *regenFixtures {
		made := map[string]*certgen.Cert{}
		if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, r := range fixtureRecipes {
			var b strings.Builder
			fmt.Fprintf(&b, "Made by: go test ./report -run TestRegenFixtures -regen-fixtures\n")
			fmt.Fprintf(&b, "Recipe (report/fixtures_test.go): %s\n", r.recipe)
			b.Write(r.build(made))
			if err := os.WriteFile(filepath.Join(fixtureDir, r.file), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range fixtureRecipes {
		blocks := readFixture(t, r.file)
		if len(blocks) == 0 {
			t.Errorf("%s: no PEM blocks", r.file)
		}
		text, err := os.ReadFile(filepath.Join(fixtureDir, r.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "Recipe (report/fixtures_test.go): "+r.recipe) {
			t.Errorf("%s does not record its current recipe; run with -regen-fixtures", r.file)
		}
		if strings.Contains(string(text), "PRIVATE KEY") {
			t.Errorf("%s holds a private key; fixtures must not", r.file)
		}
	}
}

func readFixture(t *testing.T, name string) []*pem.Block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("%v (run go test ./report -run TestRegenFixtures -regen-fixtures)", err)
	}
	var blocks []*pem.Block
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return blocks
		}
		blocks = append(blocks, b)
	}
}

func fixtureCerts(t *testing.T, name string, role facts.Role) []*facts.Cert {
	t.Helper()
	var out []*facts.Cert
	for i, b := range readFixture(t, name) {
		x, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatalf("%s #%d: %v", name, i+1, err)
		}
		out = append(out, &facts.Cert{Raw: b.Bytes, X509: x, Source: facts.Source{File: name, Index: i, Role: role}})
	}
	return out
}

// fixture is the deployment behind the goldens: three chains (trusted via
// --ca, missing issuer, self-signed), a stray CA in the bundle, a client CA,
// a key that matches the leaf, an encrypted key, a CSR read from standard
// input and DH parameters; and hand-made results, so the goldens do not
// depend on the checks themselves.
type fixture struct {
	facts                                 *facts.Facts
	leaf, inter, stray, old, device, root *facts.Cert
	clientCA                              *facts.Cert
	chains                                []*facts.Chain
	results                               []checks.Result
	target                                Target
}

func loadFixture(t *testing.T) *fixture {
	t.Helper()
	fx := &fixture{}
	server := fixtureCerts(t, "server.pem", facts.RoleAuto)
	fx.leaf, fx.inter, fx.stray = server[0], server[1], server[2]
	fx.old = fixtureCerts(t, "old.pem", facts.RoleAuto)[0]
	fx.device = fixtureCerts(t, "device.pem", facts.RoleAuto)[0]
	fx.root = fixtureCerts(t, "ca.pem", facts.RoleCA)[0]
	fx.clientCA = fixtureCerts(t, "clientca.pem", facts.RoleClientCA)[0]
	csrBlock := readFixture(t, "req.csr")[0]
	csr, err := x509.ParseCertificateRequest(csrBlock.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	fx.facts = &facts.Facts{
		Now:     fixtureNow,
		Options: facts.Options{Purpose: facts.PurposeServer, WarnDays: 30, Profile: facts.ProfileAuto},
		Files: []*facts.File{
			{Path: "server.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "old.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "device.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "server.key", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindPrivateKey}},
			{Path: "secret.key", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindPrivateKey}},
			{Path: "-", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCSR}},
			{Path: "dhparam.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindDHParams}},
			{Path: "ca.pem", Role: facts.RoleCA, Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "clientca.pem", Role: facts.RoleClientCA, Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
		},
		Certs:     append(server, fx.old, fx.device),
		Roots:     []*facts.Cert{fx.root},
		ClientCAs: []*facts.Cert{fx.clientCA},
		Keys: []*facts.Key{
			// Only the public half, as the loader keeps it.
			{Source: facts.Source{File: "server.key"}, Type: "RSA", Bits: 2048, Public: fx.leaf.X509.PublicKey, SPKIPin: fx.leaf.SPKIPin()},
			{Source: facts.Source{File: "secret.key"}, Type: "unknown", Encrypted: true, EncryptionFormat: "PKCS#8 (PBES2)"},
		},
		CSRs:     []*facts.CSR{{Raw: csrBlock.Bytes, X509: csr, Source: facts.Source{File: "-"}}},
		DHParams: []*facts.DHParams{{Source: facts.Source{File: "dhparam.pem"}, Bits: 1024, P: big.NewInt(23), G: big.NewInt(5)}},
	}
	fx.chains = []*facts.Chain{
		{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf, fx.inter, fx.root}, Status: facts.ChainTrusted, Served: server},
		{Leaf: fx.old, Path: []*facts.Cert{fx.old}, Status: facts.ChainMissingIssuer, Served: []*facts.Cert{fx.old},
			Missing: &facts.MissingIssuer{Subject: "CN=Legacy Issuing CA,O=Example", AKI: fmt.Sprintf("%x", fx.old.X509.AuthorityKeyId),
				AIA: fx.old.X509.IssuingCertificateURL}},
		{Leaf: fx.device, Path: []*facts.Cert{fx.device}, Status: facts.ChainUntrustedRoot, Served: []*facts.Cert{fx.device}},
	}
	fx.target = Target{Files: []TargetFile{{Path: "server.pem"}, {Path: "old.pem"}, {Path: "device.pem"}, {Path: "server.key"},
		{Path: "secret.key"}, {Path: "-"}, {Path: "dhparam.pem"}, {Path: "ca.pem", Role: "ca"}}}
	fx.results = fixtureResults(fx)
	return fx
}

// Hand-made checks, registered nowhere, so the goldens do not change when
// the real checks' texts do.
var (
	fxMissing = &checks.Check{ID: "chain.missing-intermediate", Title: "the chain is missing an intermediate certificate",
		Severity: checks.Error, Refs: []string{"RFC 8446 4.4.2"}, Doc: "The server must send every intermediate between its certificate and a root.",
		Fix: "append the missing intermediate after the leaf"}
	fxExpired = &checks.Check{ID: "cert.expired", Title: "the certificate has expired", Severity: checks.Error,
		Refs: []string{"RFC 5280 4.1.2.5"}, Doc: "Clients reject a certificate after its notAfter time.", Fix: "renew the certificate"}
	fxUntrusted = &checks.Check{ID: "chain.untrusted-root", Title: "the chain ends at a root nobody trusts", Severity: checks.Error,
		Refs: []string{"RFC 5280 6.1"}, Doc: "A path must end at a trust anchor the client has.", Fix: "trust the root or use a publicly trusted certificate"}
	fxSelfSigned = &checks.Check{ID: "cert.self-signed", Title: "a self-signed server certificate", Severity: checks.Warning,
		Refs: []string{"RFC 5280 3.2"}, Doc: "Every client must be told to trust a self-signed certificate.", Fix: "issue the certificate from a CA"}
	fxUnrelated = &checks.Check{ID: "chain.unrelated-cert", Title: "a certificate in the bundle is not part of the chain", Severity: checks.Warning,
		Refs: []string{"RFC 8446 4.4.2"}, Doc: "Extra certificates waste bytes and confuse some clients.", Fix: "remove the certificate from the bundle"}
	fxEncrypted = &checks.Check{ID: "key.encrypted", Title: "the private key is protected by a passphrase", Severity: checks.Warning,
		Refs: []string{"nginx ssl_password_file"}, Doc: "A server cannot load an encrypted key unattended.", Fix: "decrypt the key with openssl pkey"}
	fxCSRNoSAN = &checks.Check{ID: "csr.no-san", Title: "the CSR requests no subjectAltName", Severity: checks.Warning,
		Refs: []string{"RFC 2818 3.1"}, Doc: "Clients ignore the CN; a certificate needs SANs.", Fix: "add -addext subjectAltName"}
	fxVersion = &checks.Check{ID: "cert.version", Title: "not an X.509 v3 certificate", Severity: checks.Error,
		Refs: []string{"RFC 5280 4.1.2.1"}, Doc: "Extensions need version 3.", Fix: "re-issue with -extfile"}
	fxClient = &checks.Check{ID: "client.not-issued-by-ca", Title: "a client certificate does not chain to the client CA", Severity: checks.Error,
		Refs: []string{"RFC 8446 4.4.2.4"}, Doc: "The server rejects client certificates its client CA did not issue.", Fix: "issue the client certificate from the client CA"}
	fxPerms = &checks.Check{ID: "key.permissions", Title: "the key file is readable by others", Severity: checks.Warning,
		Refs: []string{"OpenSSH StrictModes"}, Doc: "Anyone who can read the key can impersonate the server.", Fix: "chmod 600"}
	fxZlint = &checks.Check{ID: "zlint.lints", Title: "zlint certificate lints", Severity: checks.Warning,
		Refs: []string{"https://github.com/zmap/zlint"}, Doc: "Runs zlint.", Fix: "follow the lint's citation", Dynamic: true,
		Explain: func(id string) (string, string, []string, bool) {
			if id != "zlint.n_subject_common_name_included" {
				return "", "", nil, false
			}
			return "Subscriber certificate: commonName is deprecated", "The CA/B Forum discourages the subject commonName.",
				[]string{"BRs: 7.1.4.3"}, true
		}}
)

func withFinding(c *checks.Check, subject, message, fix string, ev map[string]string) checks.Finding {
	return checks.Finding{ID: c.ID, Severity: c.Severity, Title: c.Title, Message: message, Subject: subject,
		Evidence: ev, Fix: fix, References: c.Refs}
}

func merge(a map[string]string, kv ...string) map[string]string {
	for i := 0; i+1 < len(kv); i += 2 {
		a[kv[i]] = kv[i+1]
	}
	return a
}

func fixtureResults(fx *fixture) []checks.Result {
	r := func(c *checks.Check, fs ...checks.Finding) checks.Result {
		checks.SortFindings(fs)
		return checks.Result{Check: c, Selected: true, Findings: fs}
	}
	return []checks.Result{
		r(fxExpired, withFinding(fxExpired, "CN=old.example.com",
			"notAfter 2026-02-17 00:00 UTC is 12 days before the check time 2026-03-01 00:00 UTC; expected a certificate valid at that time.",
			"renew it, e.g. `certbot renew --cert-name old.example.com`, and replace old.pem",
			merge(checks.CertEvidence(fx.old), "not_after", "2026-02-17T00:00:00Z"))),
		r(fxSelfSigned, withFinding(fxSelfSigned, "CN=devices.internal",
			"CN=devices.internal is self-signed; expected a certificate issued by a CA the clients trust.",
			"issue it from your own CA: `openssl x509 -req -in devices.csr -CA ca.pem -CAkey ca.key -out device.pem`",
			checks.CertEvidence(fx.device))),
		{Check: fxVersion, Selected: true},
		r(fxMissing, withFinding(fxMissing, "CN=old.example.com",
			"the path stops at CN=old.example.com: its issuer 'CN=Legacy Issuing CA, O=Example' is in neither the inputs nor the trust store.",
			"download http://ca.example.com/legacy.crt, convert it with `openssl x509 -inform DER -in legacy.crt -out legacy.pem` and append it after the leaf in old.pem",
			merge(checks.CertEvidence(fx.old), "missing_issuer", "CN=Legacy Issuing CA,O=Example", "aia", "http://ca.example.com/legacy.crt"))),
		r(fxUnrelated, withFinding(fxUnrelated, "CN=Unrelated CA",
			"server.pem holds CN=Unrelated CA at position 3, which is not on the path of CN=www.example.com; expected only the leaf and its intermediates.",
			"delete the third certificate (CN=Unrelated CA) from server.pem",
			checks.CertEvidence(fx.stray))),
		r(fxUntrusted, withFinding(fxUntrusted, "CN=devices.internal",
			"the path of CN=devices.internal ends at the self-signed CN=devices.internal, which is not a trust anchor; expected a path to a trusted root.",
			"give clients the certificate as a CA (`--ca device.pem` here, or install it in their trust store), or get a publicly trusted certificate",
			checks.CertEvidence(fx.device))),
		{Check: fxClient, Selected: true, NotApplicable: "no client certificate among the inputs"},
		r(fxCSRNoSAN, withFinding(fxCSRNoSAN, "CN=new.example.com",
			"the CSR for CN=new.example.com requests no subjectAltName; expected at least one DNS or IP SAN.",
			"re-create it with `openssl req -new -key new.key -subj /CN=new.example.com -addext subjectAltName=DNS:new.example.com -out new.csr`",
			map[string]string{"file": "-", "position": "1", "subject": "CN=new.example.com"})),
		r(fxEncrypted, withFinding(fxEncrypted, "secret.key",
			"secret.key is encrypted (PKCS#8 (PBES2)); expected a key a server can load without a passphrase.",
			"`openssl pkey -in secret.key -out secret.key.plain && chmod 600 secret.key.plain`",
			map[string]string{"file": "secret.key", "position": "1", "format": "PKCS#8 (PBES2)"})),
		{Check: fxPerms}, // left out by --checks
		r(fxZlint, checks.Finding{ID: "zlint.n_subject_common_name_included", Severity: checks.Info,
			Title: "Subscriber certificate: commonName is deprecated", Subject: "CN=www.example.com",
			Message:  "zlint n_subject_common_name_included: the subject carries a commonName; the CA/B Forum discourages it.",
			Fix:      "nothing to do for a private CA; public CAs will drop the CN",
			Evidence: merge(checks.CertEvidence(fx.leaf), "lint", "n_subject_common_name_included"), References: []string{"BRs: 7.1.4.3"}}),
	}
}

// report assembles the fixture's report the way the command does.
func (fx *fixture) report() *Report {
	r := New(Tool{Name: "tlscheck", Version: "1.0.0-test"}, fx.target, fx.facts, fx.results)
	r.Chains = fx.chains
	return r
}
