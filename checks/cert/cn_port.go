package cert

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// CNPort reports a CN or DNS SAN that carries a port number.
var CNPort = &checks.Check{
	ID:       "cert.cn-port",
	Title:    "certificate name carries a port",
	Severity: checks.Warning,
	Refs:     []string{"RFC 6125 6.4", "RFC 5280 4.2.1.6"},
	Doc: "Certificates name hosts, not services: a dNSName is a plain host name (RFC 5280 " +
		"4.2.1.6) and clients compare it with the host they connect to, without the port (RFC " +
		"6125 6.4). A name like 'broker.example.com:8883' therefore never matches anything. It " +
		"usually comes from pasting a URL or host:port into the openssl -subj prompt.",
	Fix:     "Reissue with the bare host name in the CN and the subjectAltName (drop the \":port\").",
	Applies: []*checks.Scope{checks.Leaves},
	Run:     cnPort,
}

func init() { checks.Register(CNPort) }

func cnPort(p *checks.Pass) {
	f := p.Facts
	ls := leaves(f)
	for _, it := range ls {
		c, x := it.cert, it.cert.X509
		var bad []string
		if _, port := splitPort(x.Subject.CommonName); port {
			bad = append(bad, "CN="+x.Subject.CommonName)
		}
		for _, d := range x.DNSNames {
			if _, port := splitPort(d); port {
				bad = append(bad, "DNS:"+d)
			}
		}
		if len(bad) == 0 {
			continue
		}
		ev := it.evidence()
		ev["names_with_port"] = strings.Join(bad, ", ")
		host := hostFor(f, x)
		san := "subjectAltName=" + sanSpec(f, x)
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s names %s: a certificate name is a host, not host:port, so this never matches; expected %q",
				checks.Name(c), it.where(), strings.Join(bad, ", "), host),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix: fmt.Sprintf("reissue without the port: %s and have it signed again",
				newCSR(f, c, fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s", checks.KeyFile(f, c), checks.ShellQuote("/CN="+host), checks.ShellQuote(san)))),
		})
	}
}
