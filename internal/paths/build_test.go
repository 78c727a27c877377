package paths

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func newFacts() *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch.AddDate(0, 0, 10), Options: facts.Options{Purpose: facts.PurposeServer}}
}

// in adds certificates as one input file, in the order given.
func in(f *facts.Facts, file string, role facts.Role, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Certs = append(f.Certs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: i, Role: role}})
	}
}

func trust(f *facts.Facts, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Roots = append(f.Roots, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "ca.pem", Index: i, Role: facts.RoleCA}})
	}
}

func names(path []*facts.Cert) string {
	var s []string
	for _, c := range path {
		s = append(s, c.X509.Subject.CommonName)
	}
	return strings.Join(s, " > ")
}

func onlyChain(t *testing.T, f *facts.Facts) *facts.Chain {
	t.Helper()
	chains := Chains(f)
	if len(chains) != 1 {
		t.Fatalf("got %d chains, want 1", len(chains))
	}
	return chains[0]
}

func wantPath(t *testing.T, ch *facts.Chain, status facts.ChainStatus, path string) {
	t.Helper()
	if ch.Status != status || names(ch.Path) != path {
		t.Fatalf("got %s [%s], want %s [%s]; problems %v", ch.Status, names(ch.Path), status, path, ch.Problems)
	}
}

func wantProblem(t *testing.T, ch *facts.Chain, index int, kind facts.ProblemKind, substr string) {
	t.Helper()
	for _, p := range ch.Problems {
		if p.Index == index && p.Kind == kind && strings.Contains(p.Reason, substr) {
			return
		}
	}
	t.Fatalf("no %s problem at %d containing %q; got %+v", kind, index, substr, ch.Problems)
}

func TestBuildTrustedBundle(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	if len(ch.Problems) != 0 {
		t.Errorf("problems: %+v", ch.Problems)
	}
	if len(ch.Served) != 2 || ch.Path[1].Source.File != "server.pem" || !ch.Path[2].Anchor() {
		t.Errorf("served %d, path sources %+v %+v", len(ch.Served), ch.Path[1].Source, ch.Path[2].Source)
	}
}

func TestBuildReversedChain(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, root, inter, leaf)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainUntrustedRoot, "leaf.test > Inter > Root")
	if names(ch.Served) != "Root > Inter > leaf.test" {
		t.Errorf("served %s, want file order", names(ch.Served))
	}
}

func TestBuildMissingIntermediate(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter, certgen.AIA("http://ca.test/inter.der"))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainMissingIssuer, "leaf.test")
	m := ch.Missing
	if m == nil || m.Subject != "CN=Inter" || m.AKI != hex.EncodeToString(inter.X509.SubjectKeyId) ||
		len(m.AIA) != 1 || m.AIA[0] != "http://ca.test/inter.der" {
		t.Fatalf("missing = %+v", m)
	}
}

func TestBuildPrefersTrustedAndShortest(t *testing.T) {
	trusted := certgen.Root("Trusted Root")
	private := certgen.Root("Private Root")
	key := certgen.NewKey("p256")
	// The same intermediate (subject and key) issued twice: cross-signed.
	viaPrivate := certgen.Intermediate("Inter", private, certgen.Key(key))
	viaTrusted := certgen.Intermediate("Inter", trusted, certgen.Key(key))
	leaf := certgen.Leaf("leaf.test", viaTrusted)
	f := newFacts()
	// The private path comes first in the file, the trusted one is longer
	// to find but must win.
	in(f, "server.pem", facts.RoleAuto, leaf, viaPrivate, private, viaTrusted)
	trust(f, trusted)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Trusted Root")
	if string(ch.Path[1].Raw) != string(viaTrusted.DER) {
		t.Errorf("path goes through the privately issued intermediate")
	}

	// Shortest of two trusted paths: a bridge CA makes a longer one.
	bridge := certgen.Intermediate("Bridge", trusted)
	key2 := certgen.NewKey("p256")
	viaBridge := certgen.Intermediate("Inter2", bridge, certgen.Key(key2))
	direct := certgen.Intermediate("Inter2", trusted, certgen.Key(key2))
	leaf2 := certgen.Leaf("leaf2.test", direct)
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf2, viaBridge, bridge, direct)
	trust(f, trusted)
	ch = onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf2.test > Inter2 > Trusted Root")
}

func TestBuildDuplicates(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter, inter, root)
	in(f, "other.pem", facts.RoleAuto, inter, leaf)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	if ch.Path[1].Source.File != "server.pem" {
		t.Errorf("intermediate taken from %s, want the served file", ch.Path[1].Source.File)
	}
	if !ch.Path[2].Anchor() {
		t.Errorf("root taken from the bundle, want the anchor")
	}
}

// A pool of certificates that share a subject but none of which signed the
// leaf costs one candidate visit each.
func TestBuildPoolWithoutValidSignature(t *testing.T) {
	f := newFacts()
	var pool []*certgen.Cert
	for range 100 {
		pool = append(pool, certgen.Root("Same", certgen.KeyType("p256")))
	}
	signer := certgen.Root("Same", certgen.KeyType("rsa2048"))
	leaf := certgen.Leaf("leaf.test", signer)
	in(f, "server.pem", facts.RoleAuto, leaf)
	in(f, "pool.pem", facts.RoleAuto, pool...)
	b := newBuilder(f, nil)
	ch := b.build(f.Certs[0])
	wantPath(t, ch, facts.ChainMissingIssuer, "leaf.test")
	if b.total != 100 {
		t.Errorf("visited %d candidates, want 100", b.total)
	}
}

// Two keys that cross-sign each other under one subject make every
// ordering of the pool a path; the budget must stop the search.
func TestBuildPathologicalPoolExhaustsBudget(t *testing.T) {
	keyA, keyB := certgen.NewKey("p256"), certgen.NewKey("p256")
	holderA := certgen.Root("Mesh", certgen.Key(keyA))
	holderB := certgen.Root("Mesh", certgen.Key(keyB))
	signedByA := &certgen.Cert{X509: holderA.X509, Key: keyA}
	signedByB := &certgen.Cert{X509: holderB.X509, Key: keyB}
	f := newFacts()
	leaf := certgen.Leaf("leaf.test", signedByA)
	in(f, "server.pem", facts.RoleAuto, leaf)
	var pool []*certgen.Cert
	for i := range 100 {
		if i%2 == 0 {
			pool = append(pool, certgen.Intermediate("Mesh", signedByB, certgen.Key(keyA)))
		} else {
			pool = append(pool, certgen.Intermediate("Mesh", signedByA, certgen.Key(keyB)))
		}
	}
	in(f, "pool.pem", facts.RoleAuto, pool...)
	b := newBuilder(f, nil)
	ch := b.build(f.Certs[0])
	if ch.Status != facts.ChainBudgetExhausted {
		t.Fatalf("status %s, want %s", ch.Status, facts.ChainBudgetExhausted)
	}
	if b.total > PathBudget+1 {
		t.Errorf("visited %d candidates, budget is %d", b.total, PathBudget)
	}
	if len(b.sigs) > 100*101 {
		t.Errorf("%d signature checks, want at most one per pair", len(b.sigs))
	}
}

func TestBuildPathLength(t *testing.T) {
	root := certgen.Root("Root")
	inter1 := certgen.Intermediate("Inter1", root, certgen.MaxPathLen(0))
	inter2 := certgen.Intermediate("Inter2", inter1)
	leaf := certgen.Leaf("leaf.test", inter2)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter2, inter1)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter2 > Inter1 > Root")
	wantProblem(t, ch, 2, facts.ProblemPathLen, "pathLenConstraint 0")
}

func TestBuildNameConstraints(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.PermittedDNS("example.com"))
	good := certgen.Leaf("www.example.com", inter)
	bad := certgen.Leaf("evil.test", inter)

	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, bad, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "evil.test > Inter > Root")
	wantProblem(t, ch, 1, facts.ProblemNameConstraints, "name constraints")

	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, good, inter)
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("permitted name: problems %+v", ch.Problems)
	}
}

func TestBuildExpiredIntermediate(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root,
		certgen.Validity(certgen.Epoch.AddDate(-2, 0, 0), certgen.Epoch.AddDate(0, 0, -1)))
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	wantProblem(t, ch, 1, facts.ProblemExpired, "expired on 2025-12-31")
	if len(ch.Problems) != 1 {
		t.Errorf("want only the expiry, got %+v", ch.Problems)
	}
}

func TestBuildExpiredLeafIsNotAChainProblem(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.PermittedDNS("example.com"))
	leaf := certgen.Leaf("evil.test", inter, certgen.Days(5))
	f := newFacts() // 10 days after Epoch: the leaf has expired
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	if len(ch.Problems) != 1 || ch.Problems[0].Index != 1 {
		t.Fatalf("want only the name constraint problem, got %+v", ch.Problems)
	}
}

func TestBuildNonCAIssuer(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	server := certgen.Leaf("server.test", inter)
	signedByLeaf := certgen.Leaf("other.test", server)
	f := newFacts()
	in(f, "other.pem", facts.RoleAuto, signedByLeaf, server, inter)
	trust(f, root)
	chains := Chains(f)
	if len(chains) != 2 {
		t.Fatalf("got %d chains", len(chains))
	}
	ch := chains[0]
	wantPath(t, ch, facts.ChainTrusted, "other.test > server.test > Inter > Root")
	wantProblem(t, ch, 1, facts.ProblemNotCA, "issuer is not a CA")
	wantProblem(t, ch, 1, facts.ProblemNoCertSign, "keyCertSign")
}

func TestBuildIntermediateEKU(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.EKU(x509.ExtKeyUsageClientAuth))
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantProblem(t, ch, 1, facts.ProblemEKU, "does not include serverAuth")

	okInter := certgen.Intermediate("Inter", root, certgen.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth))
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, certgen.Leaf("leaf.test", okInter), okInter)
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("problems %+v", ch.Problems)
	}
}

// A root whose extendedKeyUsage leaves out the purpose: Go and OpenSSL
// refuse the chain (issue 9 item 5).
func TestBuildRootEKU(t *testing.T) {
	root := certgen.Root("Root", certgen.EKU(x509.ExtKeyUsageClientAuth))
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	wantProblem(t, ch, 2, facts.ProblemEKU, "root's extendedKeyUsage (clientAuth) does not include serverAuth")

	// --purpose any requires no usage, of the leaf or of its issuers.
	f.Options.Purpose = facts.PurposeAny
	f.Invalidate()
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("--purpose any: problems %+v", ch.Problems)
	}
}

func TestBuildPurposeAnyNoEKUChainCheck(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root, certgen.EKU(x509.ExtKeyUsageClientAuth))
	leaf := certgen.Leaf("leaf.test", inter) // serverAuth
	f := newFacts()
	f.Options.Purpose = facts.PurposeAny
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("--purpose any: problems %+v", ch.Problems)
	}
}

func TestBuildWeakSignaturesStillChain(t *testing.T) {
	root := certgen.Root("Root", certgen.KeyType("rsa2048"))
	inter := certgen.Intermediate("Inter", root, certgen.KeyType("rsa2048"), certgen.SigAlg(x509.SHA1WithRSA))
	leaf := certgen.Leaf("leaf.test", inter, certgen.SigAlg(x509.MD5WithRSA))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	if len(ch.Problems) != 0 {
		t.Errorf("weak signatures are cert.sig-weak's job, got %+v", ch.Problems)
	}
}

func TestBuildSelfSignedLeaf(t *testing.T) {
	leaf := certgen.Leaf("self.test", nil)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	wantPath(t, onlyChain(t, f), facts.ChainUntrustedRoot, "self.test")

	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, leaf)
	wantPath(t, onlyChain(t, f), facts.ChainTrusted, "self.test")
}

func TestBuildV1RootAsAnchor(t *testing.T) {
	root := certgen.Root("Old Root", certgen.V1())
	leaf := certgen.Leaf("leaf.test", root)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Old Root")
	if len(ch.Problems) != 0 {
		t.Errorf("problems %+v", ch.Problems)
	}
}

func TestBuildLetsEncryptLayout(t *testing.T) {
	root := certgen.Root("ISRG Root X1")
	r11 := certgen.Intermediate("R11", root)
	leaf := certgen.Leaf("example.org", r11)
	f := newFacts()
	in(f, "live/cert.pem", facts.RoleCert, leaf)
	in(f, "live/chain.pem", facts.RoleChain, r11)
	in(f, "live/fullchain.pem", facts.RoleFullchain, leaf, r11)
	for i, c := range []*certgen.Cert{root} {
		f.Roots = append(f.Roots, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "system", Index: i, Role: facts.RoleSystem}})
	}
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "example.org > R11 > ISRG Root X1")
	if len(ch.Problems) != 0 {
		t.Errorf("problems %+v", ch.Problems)
	}
	if len(ch.Served) != 2 || ch.Served[0].Source.File != "live/fullchain.pem" {
		t.Errorf("served = %s from %s, want fullchain.pem", names(ch.Served), ch.Served[0].Source.File)
	}
}

func TestBuildCertPlusChainFiles(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, leaf)
	in(f, "chain.pem", facts.RoleChain, inter, root)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Inter > Root")
	if names(ch.Served) != "leaf.test > Inter > Root" {
		t.Errorf("served %s", names(ch.Served))
	}
}

func TestPathToClientCA(t *testing.T) {
	clientCA := certgen.Root("Client CA")
	other := certgen.Root("Other CA")
	client := certgen.ClientLeaf("device1", clientCA)
	f := newFacts()
	in(f, "client.pem", facts.RoleAuto, client)
	trust(f, other)
	anchors := []*facts.Cert{{Raw: clientCA.DER, X509: clientCA.X509, Source: facts.Source{File: "client-ca.pem", Role: facts.RoleClientCA}}}
	if ch := PathTo(f, f.Certs[0], anchors); ch.Status != facts.ChainTrusted {
		t.Errorf("to client CA: %s", ch.Status)
	}
	if ch := onlyChain(t, f); ch.Status != facts.ChainMissingIssuer {
		t.Errorf("to server roots: %s", ch.Status)
	}
}

func TestBuildClientCertAgainstClientCAs(t *testing.T) {
	clientCA := certgen.Root("Client CA")
	client := certgen.ClientLeaf("device1", clientCA)
	server := certgen.Leaf("mqtt.example.com", clientCA)
	f := newFacts()
	in(f, "device1.pem", facts.RoleAuto, client)
	in(f, "server.pem", facts.RoleAuto, server)
	f.ClientCAs = []*facts.Cert{{Raw: clientCA.DER, X509: clientCA.X509, Source: facts.Source{File: "client-ca.pem", Role: facts.RoleClientCA}}}
	chains := Chains(f)
	if len(chains) != 2 {
		t.Fatalf("got %d chains", len(chains))
	}
	wantPath(t, chains[0], facts.ChainTrusted, "device1 > Client CA")
	// The server certificate is judged against the server roots only.
	wantPath(t, chains[1], facts.ChainMissingIssuer, "mqtt.example.com")
}

// BenchmarkBuildChains builds paths for 1,000 leaves under two
// intermediates, with the intermediates repeated in every bundle.
func BenchmarkBuildChains(b *testing.B) {
	root := certgen.Root("Root")
	inters := []*certgen.Cert{certgen.Intermediate("Inter A", root), certgen.Intermediate("Inter B", root)}
	var leaves []*certgen.Cert
	for i := range 1000 {
		leaves = append(leaves, certgen.Leaf("leaf.test", inters[i%2], certgen.KeyType("p256")))
	}
	b.ResetTimer()
	for b.Loop() {
		f := newFacts()
		for i, l := range leaves {
			in(f, "leaf"+string(rune('a'+i%26))+".pem", facts.RoleAuto, l, inters[i%2])
		}
		trust(f, root)
		if n := len(Chains(f)); n != 1000 {
			b.Fatalf("%d chains", n)
		}
	}
}

// TestBuildNameConstraintBudget: a CA with 300 constraints over a leaf with
// 300 names is 90,000 comparisons, beyond NameConstraintBudget: reported,
// not computed.
func TestBuildNameConstraintBudget(t *testing.T) {
	var domains, names []string
	for i := range 300 {
		domains = append(domains, fmt.Sprintf("d%d.example", i))
		names = append(names, fmt.Sprintf("h%d.d%d.example", i, i))
	}
	root := certgen.Root("Root", certgen.PermittedDNS(domains...))
	leaf := certgen.Leaf("h0.d0.example", root, certgen.DNS(names...))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, root)
	ch := onlyChain(t, f)
	wantProblem(t, ch, 1, facts.ProblemNCBudget, "too costly")

	// Ten names under the same constraints are checked normally.
	small := certgen.Leaf("h1.d1.example", root, certgen.DNS(names[:10]...))
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, small)
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("10 names x 300 constraints: problems %+v", ch.Problems)
	}
}

// TestBuildDepthLimit: a chain longer than MaxPathDepth stops with
// DepthLimited, while a 100-certificate one (OpenSSL's default verify depth)
// is still followed to its end.
func TestBuildDepthLimit(t *testing.T) {
	build := func(n int) *facts.Chain {
		root := certgen.Root("Deep Root", certgen.KeyType("p256"))
		parent := root
		var served []*certgen.Cert
		for i := range n - 1 {
			parent = certgen.Intermediate(fmt.Sprintf("Deep %d", i), parent, certgen.KeyType("p256"))
			served = append([]*certgen.Cert{parent}, served...)
		}
		leaf := certgen.Leaf("deep.test", parent, certgen.KeyType("p256"))
		f := newFacts()
		in(f, "server.pem", facts.RoleAuto, append([]*certgen.Cert{leaf}, served...)...)
		trust(f, root)
		return onlyChain(t, f)
	}
	if ch := build(100); ch.Status != facts.ChainTrusted || len(ch.Path) != 101 {
		t.Errorf("100 certificates + root: status %s, path %d", ch.Status, len(ch.Path))
	}
	if ch := build(MaxPathDepth + 2); ch.Status != facts.ChainBudgetExhausted || !ch.DepthLimited {
		t.Errorf("%d certificates: status %s, depth limited %v", MaxPathDepth+2, ch.Status, ch.DepthLimited)
	}
}

// TestBuildPrefersIssuerTheAKIDescribes: two copies of a CA with the same
// name and key but different serial numbers both verify the leaf; the leaf's
// AKI names the second one's serial, so the path must end there (the only
// one OpenSSL and GnuTLS accept), with no AKI problem.
func TestBuildPrefersIssuerTheAKIDescribes(t *testing.T) {
	key := certgen.NewKey("p256")
	first := certgen.Root("Twin CA", certgen.Key(key), certgen.Serial(100))
	second := certgen.Root("Twin CA", certgen.Key(key), certgen.Serial(200))
	name, err := asn1.Marshal(second.X509.Subject.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	dir, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: name})
	if err != nil {
		t.Fatal(err)
	}
	aki, err := asn1.Marshal(struct {
		ID     []byte        `asn1:"optional,tag:0"`
		Issuer asn1.RawValue `asn1:"optional,tag:1"`
		Serial *big.Int      `asn1:"optional,tag:2"`
	}{second.X509.SubjectKeyId, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: dir}, big.NewInt(200)})
	if err != nil {
		t.Fatal(err)
	}
	leaf := certgen.Leaf("www.example.com", first, certgen.Template(func(c *x509.Certificate) {
		c.ExtraExtensions = append(c.ExtraExtensions, pkix.Extension{Id: oidAKI, Value: aki})
	}))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, first, second)
	ch := onlyChain(t, f)
	if ch.Status != facts.ChainTrusted || ch.Path[len(ch.Path)-1].X509.SerialNumber.Int64() != 200 || len(ch.Problems) != 0 {
		t.Fatalf("status %s, anchor serial %v, problems %+v", ch.Status, ch.Path[len(ch.Path)-1].X509.SerialNumber, ch.Problems)
	}
	// With only the first copy trusted, the mismatch is reported.
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, first)
	wantProblem(t, onlyChain(t, f), 0, facts.ProblemAKI, "serial number 0xc8 is not the issuer's serial number 0x64")
}

// TestBuildMaxChainDepth: a path with more intermediates than
// --max-chain-depth is ProblemMaxDepth at the first intermediate beyond the
// limit (the one to trust directly for the path to fit), with the limit and
// the count as evidence, never ProblemPathLen; self-issued intermediates do
// not count, as for pathLenConstraint.
func TestBuildMaxChainDepth(t *testing.T) {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("leaf.test", inter)
	f := newFacts()
	f.Options.MaxChainDepth, f.Options.HasMaxChainDepth = 0, true
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	ch := onlyChain(t, f)
	wantProblem(t, ch, 1, facts.ProblemMaxDepth, "--max-chain-depth 0")
	if len(ch.Problems) != 1 || ch.Problems[0].Limit != 0 || ch.Problems[0].Found != 1 {
		t.Errorf("want one max-depth problem with limit 0, found 1; got %+v", ch.Problems)
	}
	f = newFacts()
	f.Options.MaxChainDepth, f.Options.HasMaxChainDepth = 1, true
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("one intermediate within --max-chain-depth 1: %+v", ch.Problems)
	}

	// Two intermediates and a limit of 0: trusting the upper one directly
	// still leaves one; the problem is at the lower one (link 1).
	upper := certgen.Intermediate("Upper", root)
	lower := certgen.Intermediate("Lower", upper)
	leaf2 := certgen.Leaf("leaf.test", lower)
	f = newFacts()
	f.Options.MaxChainDepth, f.Options.HasMaxChainDepth = 0, true
	in(f, "server.pem", facts.RoleAuto, leaf2, lower, upper)
	trust(f, root)
	ch = onlyChain(t, f)
	if len(ch.Problems) != 1 || ch.Problems[0].Kind != facts.ProblemMaxDepth || ch.Problems[0].Index != 1 || ch.Problems[0].Found != 2 {
		t.Errorf("limit 0, two intermediates: want max-depth at link 1 with 2 found; got %+v", ch.Problems)
	}

	// A path that stops at a missing issuer: its last certificate is an
	// intermediate too, and counts.
	f = newFacts()
	f.Options.MaxChainDepth, f.Options.HasMaxChainDepth = 1, true
	in(f, "server.pem", facts.RoleAuto, leaf2, lower, upper)
	ch = onlyChain(t, f)
	if ch.Status != facts.ChainMissingIssuer {
		t.Fatalf("without the root: status %s", ch.Status)
	}
	if len(ch.Problems) != 1 || ch.Problems[0].Kind != facts.ProblemMaxDepth || ch.Problems[0].Index != 2 || ch.Problems[0].Found != 2 {
		t.Errorf("limit 1, two intermediates, no root: want max-depth at link 2 with 2 found; got %+v", ch.Problems)
	}
}

// Issue 9 item 11: with --purpose client a leaf without an EKU builds its
// path to the --client-ca certificates, not only a clientAuth-only one.
func TestBuildClientPurposeToClientCA(t *testing.T) {
	root := certgen.Root("Client Root")
	leaf := certgen.Leaf("device-1", root, certgen.EKU())
	f := newFacts()
	f.Options.Purpose = facts.PurposeClient
	in(f, "client.pem", facts.RoleCert, leaf)
	f.ClientCAs = append(f.ClientCAs, &facts.Cert{Raw: root.DER, X509: root.X509, Source: facts.Source{File: "root.pem", Role: facts.RoleClientCA}})
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "device-1 > Client Root")
	if ch.Missing != nil || len(ch.Problems) != 0 {
		t.Errorf("missing %+v, problems %+v", ch.Missing, ch.Problems)
	}
}
