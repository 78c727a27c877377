package csr

import (
	"fmt"
	"net"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoSAN reports CSRs that request no subjectAltName.
var NoSAN = &checks.Check{
	ID:       "csr.no-san",
	Title:    "CSR requests no subjectAltName",
	Severity: checks.Warning,
	Refs:     []string{"RFC 2986 4.1", "RFC 2985 5.4.2 (extensionRequest)", "RFC 6125 6.4.4"},
	Doc: "Host names belong in the subjectAltName extension, requested in a CSR through the " +
		"extensionRequest attribute (RFC 2985 5.4.2). A request with only a CN relies on the CA " +
		"to add the SAN: public CAs do, but a private CA signing with `openssl x509 -req` (without " +
		"-copy_extensions or an -extfile) or `openssl ca` with default settings issues a " +
		"certificate without SAN, which modern clients reject. Client-certificate requests may " +
		"legitimately carry only a subject; then this is only a reminder.",
	Fix:     "Make the request with a SAN: `openssl req -new -key key.pem -subj /CN=host -addext \"subjectAltName=DNS:host\" -out server.csr`.",
	Applies: []*checks.Scope{checks.ParsedCSRs},
	Run:     noSAN,
}

func init() { checks.Register(NoSAN) }

// hostOf is the host a request is for: its first DNS name or its CN, without a port.
func hostOf(r *facts.CSR) string {
	host := "host.example"
	if r.X509 != nil && len(r.X509.DNSNames) > 0 {
		host = r.X509.DNSNames[0]
	} else if r.X509 != nil && r.X509.Subject.CommonName != "" {
		host = r.X509.Subject.CommonName
	}
	if m := portRE.FindStringSubmatch(host); m != nil {
		host = m[1]
	}
	return host
}

// sanFor is the subjectAltName value a request for this subject should carry.
func sanFor(r *facts.CSR) string {
	host := hostOf(r)
	if net.ParseIP(host) != nil {
		return "IP:" + host
	}
	return "DNS:" + host
}

func noSAN(p *checks.Pass) {
	f := p.Facts
	for _, r := range f.CSRs {
		x := r.X509
		if x == nil {
			continue
		}
		if len(x.DNSNames)+len(x.IPAddresses)+len(x.EmailAddresses)+len(x.URIs) > 0 {
			continue
		}
		subj := "/CN=" + hostOf(r)
		p.Report(checks.Finding{
			Message: fmt.Sprintf("the certificate request %s in %s requests no subjectAltName; a certificate issued from it without one is rejected by modern clients (expected e.g. %s)",
				name(r), checks.Where(r.Source), sanFor(r)),
			Subject:  name(r),
			Evidence: evidence(r),
			Fix: fmt.Sprintf("`openssl req -new -key %s -subj %s -addext %s -out %s`",
				keyFor(f, r), checks.ShellQuote(subj), checks.ShellQuote("subjectAltName="+sanFor(r)), outFile(r)),
		})
	}
}
