package paths

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/rand"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestDNSCovers(t *testing.T) {
	for _, tc := range []struct {
		constraint, name string
		want             bool
	}{
		{"example.com", "example.com", true},
		{"example.com", "www.example.com", true},
		{"example.com", "a.b.EXAMPLE.com", true},
		{"Example.COM", "www.example.com", true},
		{"example.com", "badexample.com", false},
		{"example.com", "example.com.evil", false},
		{"www.example.com", "example.com", false},
		{".example.com", "example.com", false},
		{".example.com", "www.example.com", true},
		{"", "anything.test", true},
		{"com", "example.com", true},
	} {
		if got := dnsCovers(tc.constraint, tc.name); got != tc.want {
			t.Errorf("dnsCovers(%q, %q) = %v, want %v", tc.constraint, tc.name, got, tc.want)
		}
	}
	if !wildcardHits("www.example.com", "*.example.com") || wildcardHits("www.example.com", "*.other.com") || wildcardHits("example.com", "www.example.com") {
		t.Error("wildcardHits")
	}
}

func TestParseMailbox(t *testing.T) {
	for _, tc := range []struct {
		in, local, domain string
		ok                bool
	}{
		{"user@example.com", "user", "example.com", true},
		{"first.last+tag@Example.COM", "first.last+tag", "Example.COM", true},
		{`"odd user"@example.com`, "odd user", "example.com", true},
		{`"a\"b"@example.com`, `a"b`, "example.com", true},
		{"user@", "", "", false},
		{"@example.com", "", "", false},
		{".user@example.com", "", "", false},
		{"us..er@example.com", "", "", false},
		{"user.@example.com", "", "", false},
		{"us er@example.com", "", "", false},
		{`"open@example.com`, "", "", false},
		{"no-at-sign", "", "", false},
	} {
		l, d, ok := parseMailbox(tc.in)
		if ok != tc.ok || (ok && (l != tc.local || d != tc.domain)) {
			t.Errorf("parseMailbox(%q) = %q, %q, %v; want %q, %q, %v", tc.in, l, d, ok, tc.local, tc.domain, tc.ok)
		}
	}
}

// ncPath builds leaf > constrained intermediate > root and returns the
// problems checkNameConstraints finds.
func ncPath(t *testing.T, caOpts, leafOpts []certgen.Option) []facts.ChainProblem {
	t.Helper()
	root := certgen.Root("NC Root")
	inter := certgen.Intermediate("NC Inter", root, caOpts...)
	leaf := certgen.Leaf("leaf.test", inter, leafOpts...)
	path := []*facts.Cert{{Raw: leaf.DER, X509: leaf.X509}, {Raw: inter.DER, X509: inter.X509}, {Raw: root.DER, X509: root.X509}}
	return checkNameConstraints(path)
}

func tmpl(f func(*x509.Certificate)) certgen.Option { return certgen.Template(f) }

func TestNameConstraintForms(t *testing.T) {
	_, v4net, _ := net.ParseCIDR("10.0.0.0/8")
	_, v6net, _ := net.ParseCIDR("2001:db8::/32")
	mustURL := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	for _, tc := range []struct {
		name       string
		ca, leaf   func(*x509.Certificate)
		wantReason string // "" = allowed
	}{
		{"permitted DNS", func(c *x509.Certificate) { c.PermittedDNSDomains = []string{"example.com"} },
			func(c *x509.Certificate) { c.DNSNames = []string{"www.example.com"} }, ""},
		{"DNS outside permitted", func(c *x509.Certificate) { c.PermittedDNSDomains = []string{"example.com"} },
			func(c *x509.Certificate) { c.DNSNames = []string{"www.example.com", "evil.test"} }, `DNS name "evil.test" is not permitted by any constraint (permitted: "example.com")`},
		{"excluded DNS", func(c *x509.Certificate) { c.ExcludedDNSDomains = []string{"secret.example.com"} },
			func(c *x509.Certificate) { c.DNSNames = []string{"a.secret.example.com"} }, `excluded by the constraint "secret.example.com"`},
		{"wildcard over an excluded host", func(c *x509.Certificate) { c.ExcludedDNSDomains = []string{"admin.example.com"} },
			func(c *x509.Certificate) { c.DNSNames = []string{"*.example.com"} }, `DNS name "*.example.com" is excluded`},
		{"malformed DNS SAN", func(c *x509.Certificate) { c.PermittedDNSDomains = []string{"example.com"} },
			func(c *x509.Certificate) { c.DNSNames = []string{"www..example.com"} }, "not a valid host name"},
		{"IPv4 in range", func(c *x509.Certificate) { c.PermittedIPRanges = []*net.IPNet{v4net} },
			func(c *x509.Certificate) { c.DNSNames = nil; c.IPAddresses = []net.IP{net.ParseIP("10.1.2.3").To4()} }, ""},
		{"IPv4 out of range", func(c *x509.Certificate) { c.PermittedIPRanges = []*net.IPNet{v4net} },
			func(c *x509.Certificate) {
				c.DNSNames = nil
				c.IPAddresses = []net.IP{net.ParseIP("192.168.1.1").To4()}
			}, "IP address 192.168.1.1 is not permitted"},
		{"IPv6 with only an IPv4 range", func(c *x509.Certificate) { c.PermittedIPRanges = []*net.IPNet{v4net} },
			func(c *x509.Certificate) { c.DNSNames = nil; c.IPAddresses = []net.IP{net.ParseIP("2001:db8::1")} }, "not permitted"},
		{"IPv6 excluded", func(c *x509.Certificate) { c.ExcludedIPRanges = []*net.IPNet{v6net} },
			func(c *x509.Certificate) { c.DNSNames = nil; c.IPAddresses = []net.IP{net.ParseIP("2001:db8::1")} }, "excluded by the constraint 2001:db8::/32"},
		{"e-mail domain", func(c *x509.Certificate) { c.PermittedEmailAddresses = []string{"example.com"} },
			func(c *x509.Certificate) { c.EmailAddresses = []string{"user@EXAMPLE.com"} }, ""},
		{"e-mail subdomains only", func(c *x509.Certificate) { c.PermittedEmailAddresses = []string{".example.com"} },
			func(c *x509.Certificate) { c.EmailAddresses = []string{"user@example.com"} }, "not permitted"},
		{"e-mail exact mailbox", func(c *x509.Certificate) { c.PermittedEmailAddresses = []string{"ops@example.com"} },
			func(c *x509.Certificate) { c.EmailAddresses = []string{"dev@example.com"} }, `e-mail address "dev@example.com" is not permitted`},
		{"URI host", func(c *x509.Certificate) { c.PermittedURIDomains = []string{".example.com"} },
			func(c *x509.Certificate) { c.URIs = []*url.URL{mustURL("https://api.example.com:8443/x")} }, ""},
		{"URI with an IP host", func(c *x509.Certificate) { c.PermittedURIDomains = []string{"example.com"} },
			func(c *x509.Certificate) { c.URIs = []*url.URL{mustURL("https://10.0.0.1/")} }, "names an IP address"},
		{"DNS constraints do not touch IP SANs", func(c *x509.Certificate) { c.PermittedDNSDomains = []string{"example.com"} },
			func(c *x509.Certificate) { c.DNSNames = nil; c.IPAddresses = []net.IP{net.ParseIP("192.0.2.1").To4()} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := ncPath(t, []certgen.Option{tmpl(tc.ca)}, []certgen.Option{tmpl(tc.leaf)})
			if tc.wantReason == "" {
				if len(probs) != 0 {
					t.Fatalf("want allowed, got %+v", probs)
				}
				return
			}
			if len(probs) != 1 || probs[0].Index != 1 || !strings.Contains(probs[0].Reason, tc.wantReason) || probs[0].Kind != facts.ProblemNameConstraints {
				t.Fatalf("want one problem at the intermediate containing %q, got %+v", tc.wantReason, probs)
			}
		})
	}
}

// TestNameConstraintsSelfIssuedIntermediate: RFC 5280 6.1.3 (b) does not
// apply a CA's constraints to a self-issued intermediate below it (key
// rollover), only to the certificates it issues.
func TestNameConstraintsSelfIssuedIntermediate(t *testing.T) {
	root := certgen.Root("Root", certgen.PermittedDNS("example.com"))
	rollover := certgen.Intermediate("Root", root, certgen.DNS("not-example.com"))
	if string(rollover.X509.RawSubject) != string(rollover.X509.RawIssuer) {
		t.Fatal("not self-issued")
	}
	leaf := certgen.Leaf("www.example.com", rollover)
	path := []*facts.Cert{{X509: leaf.X509}, {X509: rollover.X509}, {X509: root.X509}}
	if probs := checkNameConstraints(path); len(probs) != 0 {
		t.Fatalf("self-issued intermediate checked against the root's constraints: %+v", probs)
	}
	bad := certgen.Leaf("www.not-example.com", rollover)
	path[0] = &facts.Cert{X509: bad.X509}
	if probs := checkNameConstraints(path); len(probs) != 1 || probs[0].Index != 2 {
		t.Fatalf("leaf outside the root's constraints: %+v", probs)
	}
}

// TestNameConstraintsAgreeWithCryptoX509 compares the verdict with
// crypto/x509's Verify on random constraint sets and names (no self-issued
// intermediates, where RFC 5280 and crypto/x509 differ on purpose).
func TestNameConstraintsAgreeWithCryptoX509(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	labels := []string{"example", "com", "test", "www", "a", "Example", "corp", "internal"}
	host := func() string {
		n := 1 + rng.Intn(3)
		var parts []string
		for range n {
			parts = append(parts, labels[rng.Intn(len(labels))])
		}
		return strings.Join(parts, ".")
	}
	constraint := func() string {
		switch rng.Intn(6) {
		case 0:
			return "." + host()
		default:
			return host()
		}
	}
	_, v4a, _ := net.ParseCIDR("10.0.0.0/8")
	_, v4b, _ := net.ParseCIDR("10.1.0.0/16")
	_, v6a, _ := net.ParseCIDR("2001:db8::/32")
	nets := []*net.IPNet{v4a, v4b, v6a}
	ips := []net.IP{net.ParseIP("10.1.2.3").To4(), net.ParseIP("10.2.0.1").To4(), net.ParseIP("192.0.2.1").To4(), net.ParseIP("2001:db8::5"), net.ParseIP("2001:db9::5")}
	root := certgen.Root("Diff Root")
	const cases = 300
	allowed := 0
	for i := range cases {
		var perm, excl []string
		for range rng.Intn(3) {
			perm = append(perm, constraint())
		}
		for range rng.Intn(3) {
			excl = append(excl, constraint())
		}
		var permIP, exclIP []*net.IPNet
		if rng.Intn(3) == 0 {
			permIP = append(permIP, nets[rng.Intn(len(nets))])
		}
		if rng.Intn(3) == 0 {
			exclIP = append(exclIP, nets[rng.Intn(len(nets))])
		}
		var dns []string
		for range 1 + rng.Intn(2) {
			h := host()
			if rng.Intn(5) == 0 {
				h = "*." + h
			}
			dns = append(dns, h)
		}
		var leafIPs []net.IP
		if rng.Intn(2) == 0 {
			leafIPs = append(leafIPs, ips[rng.Intn(len(ips))])
		}
		inter := certgen.Intermediate("Diff Inter", root, tmpl(func(c *x509.Certificate) {
			c.PermittedDNSDomains, c.ExcludedDNSDomains = perm, excl
			c.PermittedIPRanges, c.ExcludedIPRanges = permIP, exclIP
		}))
		leaf := certgen.Leaf("leaf", inter, tmpl(func(c *x509.Certificate) { c.DNSNames, c.IPAddresses = dns, leafIPs }))
		path := []*facts.Cert{{X509: leaf.X509}, {X509: inter.X509}, {X509: root.X509}}
		ours := len(checkNameConstraints(path)) == 0

		roots, inters := x509.NewCertPool(), x509.NewCertPool()
		roots.AddCert(root.X509)
		inters.AddCert(inter.X509)
		_, err := leaf.X509.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inters, CurrentTime: certgen.Epoch.AddDate(0, 0, 1), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		theirs := err == nil
		if theirs {
			allowed++
		}
		if ours != theirs {
			t.Errorf("case %d: permitted %q excluded %q ip %v/%v; names %q %v: tlscheck allowed=%v, crypto/x509 allowed=%v (%v)", i, perm, excl, permIP, exclIP, dns, leafIPs, ours, theirs, err)
		}
	}
	// Both verdicts must be well represented, or the comparison says little.
	if allowed < cases/5 || allowed > cases*4/5 {
		t.Errorf("%d of %d random cases allowed: the generator is too one-sided", allowed, cases)
	}
	t.Logf("%d of %d random cases allowed, all agreeing with crypto/x509", allowed, cases)
}

// ncExtension is a critical name constraints extension with the given
// GeneralName bases (already encoded) as permitted and excluded subtrees.
func ncExtension(t *testing.T, permitted, excluded []asn1.RawValue) pkix.Extension {
	t.Helper()
	subtrees := func(tag int, bases []asn1.RawValue) []byte {
		var body []byte
		for _, b := range bases {
			enc, err := asn1.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			st, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: enc})
			if err != nil {
				t.Fatal(err)
			}
			body = append(body, st...)
		}
		out, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: tag, IsCompound: true, Bytes: body})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	var body []byte
	if len(permitted) > 0 {
		body = append(body, subtrees(0, permitted)...)
	}
	if len(excluded) > 0 {
		body = append(body, subtrees(1, excluded)...)
	}
	der, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: body})
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: oidNameConstraints, Critical: true, Value: der}
}

func dirName(t *testing.T, n pkix.Name) asn1.RawValue {
	t.Helper()
	der, err := asn1.Marshal(n.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: gnDirectoryName, IsCompound: true, Bytes: der}
}

// TestDirectoryNameConstraints: a critical name constraints extension with
// directoryName subtrees (common in enterprise and government PKIs) is
// enforced on subjects instead of being refused as an unsupported critical
// extension, as crypto/x509 refuses it.
func TestDirectoryNameConstraints(t *testing.T) {
	org := pkix.Name{Organization: []string{"Example Corp"}}
	ext := ncExtension(t, []asn1.RawValue{dirName(t, org)}, []asn1.RawValue{dirName(t, pkix.Name{Organization: []string{"Example Corp"}, OrganizationalUnit: []string{"Lab"}})})
	root := certgen.Root("DN Root")
	inter := certgen.Intermediate("DN Inter", root, tmpl(func(c *x509.Certificate) {
		c.Subject = pkix.Name{Organization: []string{"Example Corp"}, CommonName: "DN Inter"}
		c.ExtraExtensions = append(c.ExtraExtensions, ext)
	}))
	if len(inter.X509.UnhandledCriticalExtensions) == 0 {
		t.Fatal("crypto/x509 handled directoryName constraints; the test expects it not to")
	}
	leafWith := func(subj pkix.Name) *certgen.Cert {
		return certgen.Leaf("www.example.com", inter, tmpl(func(c *x509.Certificate) { c.Subject = subj }))
	}
	chain := func(leaf *certgen.Cert) *facts.Chain {
		f := newFacts()
		in(f, "server.pem", facts.RoleAuto, leaf, inter)
		trust(f, root)
		return onlyChain(t, f)
	}

	ok := chain(leafWith(pkix.Name{Organization: []string{"example  corp"}, CommonName: "www.example.com"}))
	if len(ok.Problems) != 0 {
		t.Fatalf("subject inside the permitted subtree (case and spaces differ): %+v", ok.Problems)
	}
	out := chain(leafWith(pkix.Name{Organization: []string{"Other Inc"}, CommonName: "www.example.com"}))
	wantProblem(t, out, 1, facts.ProblemNameConstraints, `directory name "CN=www.example.com,O=Other Inc" is not permitted by any constraint (permitted: "O=Example Corp")`)
	lab := chain(leafWith(pkix.Name{Organization: []string{"Example Corp"}, OrganizationalUnit: []string{"Lab"}, CommonName: "www.example.com"}))
	wantProblem(t, lab, 1, facts.ProblemNameConstraints, "is excluded by the constraint")
	for _, ch := range []*facts.Chain{ok, out, lab} {
		for _, p := range ch.Problems {
			if p.Kind == facts.ProblemCritical {
				t.Errorf("directoryName constraints reported as unsupported: %+v", p)
			}
		}
	}
}

// TestUnsupportedNameFormConstraint: an otherName constraint cannot be
// evaluated; it fails a path only when a certificate below has an otherName
// SAN, and is vacuous otherwise.
func TestUnsupportedNameFormConstraint(t *testing.T) {
	upnOID := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 20, 2, 3}
	upn := func(v string) asn1.RawValue {
		val, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		oid, err := asn1.Marshal(upnOID)
		if err != nil {
			t.Fatal(err)
		}
		wrapped, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: val})
		if err != nil {
			t.Fatal(err)
		}
		return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: gnOtherName, IsCompound: true, Bytes: append(oid, wrapped...)}
	}
	ext := ncExtension(t, nil, []asn1.RawValue{upn("@corp.example")})
	root := certgen.Root("Other Root")
	inter := certgen.Intermediate("Other Inter", root, tmpl(func(c *x509.Certificate) { c.ExtraExtensions = append(c.ExtraExtensions, ext) }))
	plain := certgen.Leaf("www.example.com", inter)
	path := []*facts.Cert{{X509: plain.X509}, {X509: inter.X509}, {X509: root.X509}}
	if probs := checkNameConstraints(path); len(probs) != 0 {
		t.Fatalf("no otherName SAN below: the constraint is vacuous, got %+v", probs)
	}
	dns, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 2, Bytes: []byte("www.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	u, err := asn1.Marshal(upn("alice@corp.example"))
	if err != nil {
		t.Fatal(err)
	}
	san, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: append(dns, u...)})
	if err != nil {
		t.Fatal(err)
	}
	withUPN := certgen.Leaf("www.example.com", inter, tmpl(func(c *x509.Certificate) {
		c.DNSNames = nil
		c.ExtraExtensions = append(c.ExtraExtensions, pkix.Extension{Id: oidSAN, Value: san})
	}))
	path[0] = &facts.Cert{X509: withUPN.X509}
	probs := checkNameConstraints(path)
	if len(probs) != 1 || !strings.Contains(probs[0].Reason, "has an otherName SAN and the CA constrains that form") {
		t.Fatalf("otherName SAN under an otherName constraint: %+v", probs)
	}
}

// TestSubjectEmailConstraint: rfc822Name constraints also bind the legacy
// emailAddress attribute of the subject (RFC 5280 6.1.3 (b)).
func TestSubjectEmailConstraint(t *testing.T) {
	subj := func(email string) certgen.Option {
		return tmpl(func(c *x509.Certificate) {
			c.Subject = pkix.Name{CommonName: "client", ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidEmailAddress, Value: email}}}
		})
	}
	ca := []certgen.Option{tmpl(func(c *x509.Certificate) { c.PermittedEmailAddresses = []string{"example.com"} })}
	if probs := ncPath(t, ca, []certgen.Option{subj("alice@example.com")}); len(probs) != 0 {
		t.Fatalf("permitted subject e-mail: %+v", probs)
	}
	probs := ncPath(t, ca, []certgen.Option{subj("mallory@evil.test")})
	if len(probs) != 1 || !strings.Contains(probs[0].Reason, `in the subject, e-mail address "mallory@evil.test" is not permitted`) {
		t.Fatalf("subject e-mail outside the constraint: %+v", probs)
	}
}
