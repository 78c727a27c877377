package host

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func hostFacts(c *certgen.Cert, hosts ...string) *facts.Facts {
	f := newFacts(bundle("server.pem", facts.RoleAuto, c)...)
	f.Options.Hosts = hosts
	return f
}

func TestMismatchNotApplicableWithoutHosts(t *testing.T) {
	leaf := certgen.Leaf("example.com", nil)
	f := hostFacts(leaf)
	if _, na := run(t, f, "host.mismatch"); na == "" {
		t.Error("want not applicable without --host")
	}
}

// Without --host the names are a gap in coverage, not just a check that
// did not apply: the report's verdict says "names not checked".
func TestMismatchWithoutHostsIsNotChecked(t *testing.T) {
	f := hostFacts(certgen.Leaf("example.com", nil))
	sel, _ := checks.ParseSelector("host.mismatch")
	gaps := checks.NotChecked(checks.Run(context.Background(), f, sel))
	want := []checks.Gap{{Check: "host.mismatch", What: "names", Reason: "no host name given (--host)"}}
	if len(gaps) != 1 || gaps[0] != want[0] {
		t.Fatalf("not checked %+v, want %+v", gaps, want)
	}
	f.Options.Hosts = []string{"example.com"}
	if gaps := checks.NotChecked(checks.Run(context.Background(), f, sel)); len(gaps) != 0 {
		t.Errorf("with --host: not checked %+v", gaps)
	}
}

func TestMismatchLocalhostVersusIP(t *testing.T) {
	leaf := certgen.Leaf("localhost", certgen.Root("R"))
	got := wantN(t, hostFacts(leaf, "127.0.0.1"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "127.0.0.1 is an IP address and needs an IP SAN (IP:127.0.0.1)", "DNS:localhost")
	wantContains(t, got[0].Fix, "subjectAltName=DNS:localhost,IP:127.0.0.1", "openssl req -new")
	if got[0].Evidence["nearest"] != "DNS:localhost" {
		t.Errorf("nearest = %q", got[0].Evidence["nearest"])
	}

	ok := certgen.Leaf("localhost", certgen.Root("R"), certgen.IP("127.0.0.1"))
	wantN(t, hostFacts(ok, "127.0.0.1", "localhost", "LOCALHOST."), "host.mismatch", 0)
}

func TestMismatchIPAsDNSName(t *testing.T) {
	leaf := certgen.Leaf("10.0.0.5", nil, certgen.DNS("10.0.0.5"), certgen.Template(func(c *x509.Certificate) { c.IPAddresses = nil }))
	got := wantN(t, hostFacts(leaf, "10.0.0.5"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "lists it as a DNS name (DNS:10.0.0.5)")
}

func TestMismatchWildcards(t *testing.T) {
	leaf := certgen.Leaf("*.example.com", nil)
	wantN(t, hostFacts(leaf, "www.example.com", "API.Example.com.", "[www.example.com]:443"), "host.mismatch", 0)

	got := wantN(t, hostFacts(leaf, "a.b.example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "wildcards cover exactly one label", "not a.b.example.com")
	wantContains(t, got[0].Fix, "DNS:a.b.example.com")

	got = wantN(t, hostFacts(leaf, "example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "bare domain example.com")

	// Wildcards never match IP addresses.
	star := certgen.Leaf("*.0.0.1", nil)
	wantN(t, hostFacts(star, "127.0.0.1"), "host.mismatch", 1)

	// Public-suffix wildcards are refused.
	com := certgen.Leaf("*.com", nil)
	got = wantN(t, hostFacts(com, "example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "single label")
	couk := certgen.Leaf("*.co.uk", nil)
	got = wantN(t, hostFacts(couk, "example.co.uk"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "public suffix co.uk")

	partial := certgen.Leaf("w*.example.com", nil)
	got = wantN(t, hostFacts(partial, "www.example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "partial wildcard")
}

func TestMismatchNearestName(t *testing.T) {
	leaf := certgen.Leaf("mail.example.org", nil, certgen.DNS("mail.example.org", "www.example.com", "example.net"))
	got := wantN(t, hostFacts(leaf, "ww.example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "nearest: DNS:www.example.com", "DNS:mail.example.org, DNS:www.example.com, DNS:example.net")
}

func TestMismatchNoSAN(t *testing.T) {
	leaf := certgen.Leaf("broker.example", nil, certgen.DNS())
	got := wantN(t, hostFacts(leaf, "broker.example"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "no subjectAltName", "ignore the subject CN", "CN=broker.example")
	wantContains(t, got[0].Fix, "openssl req -x509", "subjectAltName=DNS:broker.example")

	// Asked for an IP: the CN's name stays in the proposed SAN.
	localhost := certgen.Leaf("localhost", nil, certgen.DNS())
	got = wantN(t, hostFacts(localhost, "127.0.0.1"), "host.mismatch", 1)
	wantContains(t, got[0].Fix, "add IP:127.0.0.1", "subjectAltName=DNS:localhost,IP:127.0.0.1")
}

func TestMismatchOnlyServerCertificates(t *testing.T) {
	ca := certgen.Root("Own CA")
	server := certgen.Leaf("mqtt.example", ca)
	client := certgen.ClientLeaf("device-1", ca)
	f := newFacts(append(bundle("server.pem", facts.RoleAuto, server), bundle("client.pem", facts.RoleAuto, client)...)...)
	f.Options.Hosts = []string{"mqtt.example"}
	wantN(t, f, "host.mismatch", 0)

	f.Options.Purpose = facts.PurposeClient
	if _, na := run(t, f, "host.mismatch"); na == "" {
		t.Error("want not applicable for --purpose client")
	}
}

func TestMismatchIDN(t *testing.T) {
	leaf := certgen.Leaf("xn--bcher-kva.example", nil)
	wantN(t, hostFacts(leaf, "bücher.example"), "host.mismatch", 0)
}

// TestMatcherAgreesWithVerifyHostname cross-checks the matcher with crypto/x509.
func TestMatcherAgreesWithVerifyHostname(t *testing.T) {
	cases := []struct {
		sans []string
		ips  []string
		host string
	}{
		{[]string{"example.com"}, nil, "example.com"},
		{[]string{"example.com"}, nil, "EXAMPLE.COM"},
		{[]string{"example.com."}, nil, "example.com"},
		{[]string{"example.com"}, nil, "example.com."},
		{[]string{"*.example.com"}, nil, "www.example.com"},
		{[]string{"*.example.com"}, nil, "example.com"},
		{[]string{"*.example.com"}, nil, "a.b.example.com"},
		{[]string{"*.example.com"}, nil, ".example.com"},
		{[]string{"w*.example.com"}, nil, "www.example.com"},
		{[]string{"www.*.com"}, nil, "www.example.com"},
		{[]string{"localhost"}, nil, "127.0.0.1"},
		{nil, []string{"127.0.0.1"}, "127.0.0.1"},
		{nil, []string{"::1"}, "::1"},
		{nil, []string{"127.0.0.1"}, "localhost"},
		{[]string{"*.0.0.1"}, nil, "127.0.0.1"},
		{[]string{"other.example"}, nil, "example.com"},
	}
	for _, tc := range cases {
		leaf := certgen.Leaf("x", nil, certgen.DNS(tc.sans...), certgen.IP(tc.ips...))
		want := leaf.X509.VerifyHostname(tc.host) == nil
		got := covers(leaf.X509, parseTarget(tc.host))
		if got != want {
			t.Errorf("SANs %v %v, host %q: covers = %v, VerifyHostname = %v", tc.sans, tc.ips, tc.host, got, want)
		}
	}
}

func TestMismatchTrailingDotInSAN(t *testing.T) {
	leaf := certgen.Leaf("example.com", nil, certgen.DNS("example.com."))
	got := wantN(t, hostFacts(leaf, "example.com"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "ends with a dot")
	wantContains(t, got[0].Fix, "subjectAltName=DNS:example.com ")
}

// A CSR the user gave for the certificate's key is made again in place
// with every name, and is the one the signing command reads.
func TestMismatchFixUsesGivenCSR(t *testing.T) {
	leaf := certgen.Leaf("www.example", certgen.Root("R"), certgen.DNS("www.example"))
	f := hostFacts(leaf, "api.example")
	f.CSRs = []*facts.CSR{csrFact(leaf.Key, "www.example", "req/web.csr")}
	got := wantN(t, f, "host.mismatch", 1)
	wantContains(t, got[0].Fix, "subjectAltName=DNS:www.example,DNS:api.example", "-out req/web.csr", "req/web.csr was made with this key", "-in req/web.csr")
	if strings.Contains(got[0].Fix, "server.csr") {
		t.Errorf("fix names server.csr, not the CSR given: %s", got[0].Fix)
	}
}
