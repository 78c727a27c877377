package chain

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestInvalidExpiredIntermediate(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.Validity(certgen.Epoch.AddDate(-3, 0, 0), certgen.Epoch.AddDate(0, -1, 0)))
	leaf := certgen.Leaf("www.example.com", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "'CN=Inter' (link 2 of the path from 'CN=www.example.com', server.pem #2): expired on 2025-12-01",
		"replace 'CN=Inter' (server.pem #2) with the current intermediate")
}

func TestInvalidNameConstraints(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.PermittedDNS("example.com"))
	leaf := certgen.Leaf("evil.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "name constraints of this CA exclude a name in the path", "(DNS:example.com)")
}

func TestInvalidNonCAIssuer(t *testing.T) {
	root := certgen.Root("Root")
	notCA := certgen.Intermediate("Not A CA", root, certgen.Template(func(c *x509.Certificate) { c.IsCA = false }))
	leaf := certgen.Leaf("www.example.com", notCA)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, notCA)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "basicConstraints is CA:FALSE", "basicConstraints=critical,CA:TRUE")
}

func TestInvalidBudgetExhausted(t *testing.T) {
	keyA, keyB := certgen.NewKey("p256"), certgen.NewKey("p256")
	byA := &certgen.Cert{X509: certgen.Root("Mesh", certgen.Key(keyA)).X509, Key: keyA}
	byB := &certgen.Cert{X509: certgen.Root("Mesh", certgen.Key(keyB)).X509, Key: keyB}
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, certgen.Leaf("www.example.com", byA))
	var pool []*certgen.Cert
	for i := range 60 {
		if i%2 == 0 {
			pool = append(pool, certgen.Intermediate("Mesh", byB, certgen.Key(keyA)))
		} else {
			pool = append(pool, certgen.Intermediate("Mesh", byA, certgen.Key(keyB)))
		}
	}
	in(f, "pool.pem", facts.RoleAuto, pool...)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "stopped after 10000 candidate issuers")
}

func TestInvalidClean(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.invalid"), 0)
}

// TestInvalidMaxChainDepth: a path longer than --max-chain-depth breaks a
// limit the user set, not any certificate's pathLenConstraint: the fix
// shortens the path or raises the limit, and says nothing of pathlen.
func TestInvalidMaxChainDepth(t *testing.T) {
	p := newPKI()
	f := newFacts()
	f.Options.MaxChainDepth, f.Options.HasMaxChainDepth = 0, true
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	trust(f, p.root)
	got := run(t, f, "chain.invalid")
	wantFindings(t, got, 1, "the path has 1 intermediate(s), more than the 0 that --max-chain-depth 0 allows",
		"--max-chain-depth 1", "ssl_verify_depth 1", "-verify_depth 1", "trust 'CN=Intermediate R11' directly")
	for _, fd := range got {
		if strings.Contains(strings.ToLower(fd.Message+fd.Fix), "pathlen") {
			t.Errorf("a --max-chain-depth finding speaks of pathLenConstraint: %s / %s", fd.Message, fd.Fix)
		}
	}
	f.Options.MaxChainDepth = 1
	f.Invalidate()
	wantFindings(t, run(t, f, "chain.invalid"), 0)
}

// Issue 9 item 5: certificate policies along the path (RFC 5280 6.1).
func TestInvalidPolicyRequired(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.Policies("1.3.6.1.4.1.55555.1.1"), certgen.PolicyConstraints(0, -1))
	leaf := certgen.Leaf("www.example.com", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1,
		"'CN=www.example.com' (link 1 of the path from 'CN=www.example.com', server.pem #1): has no certificatePolicies extension",
		`requireExplicitPolicy in "CN=Inter" requires one`, "Go (since 1.22) refuses", "-policy_check",
		"re-issue 'CN=www.example.com' with a certificatePolicies extension", "re-issue 'CN=Inter' without requireExplicitPolicy")
}

// Issue 9 item 5: a root whose extendedKeyUsage leaves out serverAuth.
func TestInvalidRootEKU(t *testing.T) {
	root := certgen.Root("Root", certgen.EKU(x509.ExtKeyUsageClientAuth))
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("www.example.com", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "root's extendedKeyUsage (clientAuth) does not include serverAuth",
		"re-make 'CN=Root' without extendedKeyUsage")
}

// Issue 9 item 12: an issuer found only by a canonical name comparison is
// reported with the clients that accept and refuse it, not as missing.
func TestInvalidIssuerNameForm(t *testing.T) {
	root := certgen.Root("Test Root")
	alias := certgen.Root("test root ", certgen.Key(root.Key))
	leaf := certgen.Leaf("www.example.com", alias)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.missing-intermediate"), 0)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "only after RFC 5280 7.1 name canonicalisation",
		"OpenSSL-based clients (openssl verify, nginx, curl, mosquitto)", "accept the path", "Go's crypto/x509 (NATS, Caddy, Go clients)",
		"re-issue 'CN=www.example.com' from 'CN=Test Root' with the issuer name copied byte for byte")
}
