package csr

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// CNPort reports CSRs whose CN or DNS names carry a port.
var CNPort = &checks.Check{
	ID:       "csr.cn-port",
	Title:    "CSR's name carries a port",
	Severity: checks.Warning,
	Refs:     []string{"RFC 6125 6.4", "RFC 5280 4.2.1.6"},
	Doc: "Certificates name hosts, not services: clients compare the host they connect to, " +
		"without the port, with the certificate's names (RFC 6125 6.4). A request whose CN (or " +
		"requested DNS name) is 'broker.example.com:8883' yields a certificate that matches " +
		"nothing; it usually comes from typing host:port or a URL at the openssl prompt.",
	Fix:     "Make the request again with the bare host name: `openssl req -new -key key.pem -subj /CN=host -addext \"subjectAltName=DNS:host\" -out server.csr`.",
	Applies: []*checks.Scope{checks.ParsedCSRs},
	Run:     cnPort,
}

func init() { checks.Register(CNPort) }

func cnPort(p *checks.Pass) {
	f := p.Facts
	for _, r := range f.CSRs {
		x := r.X509
		if x == nil {
			continue
		}
		var bad []string
		if portRE.MatchString(x.Subject.CommonName) {
			bad = append(bad, "CN="+x.Subject.CommonName)
		}
		for _, d := range x.DNSNames {
			if portRE.MatchString(d) {
				bad = append(bad, "DNS:"+d)
			}
		}
		if len(bad) == 0 {
			continue
		}
		host := hostOf(r)
		ev := evidence(r)
		ev["names_with_port"] = fmt.Sprint(bad)
		p.Report(checks.Finding{
			Message: fmt.Sprintf("the certificate request %s in %s names %v: a certificate name is a host, not host:port; expected %q",
				name(r), checks.Where(r.Source), bad, host),
			Subject:  name(r),
			Evidence: ev,
			Fix: fmt.Sprintf("`openssl req -new -key %s -subj %s -addext %s -out %s`",
				keyFor(f, r), checks.ShellQuote("/CN="+host), checks.ShellQuote("subjectAltName="+sanFor(r)), outFile(r)),
		})
	}
}
