package cert

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// EKU reports leaves whose extendedKeyUsage does not allow the TLS role
// they are used for.
var EKU = &checks.Check{
	ID:       "cert.eku",
	Title:    "extendedKeyUsage lacks the usage the certificate is used for",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.2.1.12", "RFC 5246 7.4.2", "CA/B Forum BR 7.1.2.7.10"},
	Doc: "When a certificate has an extendedKeyUsage extension, it may be used only for the " +
		"purposes listed (RFC 5280 4.2.1.12): a TLS server certificate needs serverAuth " +
		"(1.3.6.1.5.5.7.3.1) and a client certificate clientAuth (1.3.6.1.5.5.7.3.2); " +
		"anyExtendedKeyUsage allows everything. Go, OpenSSL and browsers enforce this ('unsupported " +
		"certificate purpose', 'certificate specifies an incompatible key usage'). Which usage is " +
		"needed follows --purpose (server, client, or both, e.g. NATS cluster routes and Crossbar " +
		"router-to-router links use one certificate for both ends); a leaf issued by a --client-ca " +
		"is a client certificate. A certificate without the extension is not restricted.",
	Fix:     "Reissue with `-addext extendedKeyUsage=serverAuth` (server), `clientAuth` (client) or `serverAuth,clientAuth` (both).",
	Applies: []*checks.Scope{checks.Leaves},
	Run:     eku,
}

func init() { checks.Register(EKU) }

func eku(p *checks.Pass) {
	f := p.Facts
	ls := leaves(f)
	for _, it := range ls {
		c, x := it.cert, it.cert.X509
		if !facts.EKUPresent(x) {
			continue
		}
		role := f.LeafRole(c)
		if role == facts.PurposeAny {
			continue
		}
		var need, missing []string
		if role != facts.PurposeClient {
			need = append(need, "serverAuth")
			if !facts.HasEKU(x, x509.ExtKeyUsageServerAuth) {
				missing = append(missing, "serverAuth")
			}
		}
		if role != facts.PurposeServer {
			need = append(need, "clientAuth")
			if !facts.HasEKU(x, x509.ExtKeyUsageClientAuth) {
				missing = append(missing, "clientAuth")
			}
		}
		if len(missing) == 0 {
			continue
		}
		why := "--purpose " + f.Options.Purpose
		if f.Options.Purpose == "" {
			why = "--purpose server"
		}
		if ca := f.ClientCAIssuer(c); ca != nil {
			why = "issued by the --client-ca " + checks.Name(ca)
		}
		ev := it.evidence()
		ev["extended_key_usage"] = facts.EKUList(x)
		ev["needed"] = strings.Join(need, ", ")
		ev["role"] = role
		want := "extendedKeyUsage=" + strings.Join(need, ",")
		// Self-signed: one step; from a CA: a request with the extension and
		// the own-CA command that keeps it.
		fix := "re-issue it with " + want + ": " + reissueWith(f, c, want, "basicConstraints=critical,CA:FALSE")
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is used as a %s certificate (%s) but its extendedKeyUsage is [%s]: missing %s",
				checks.Name(c), it.where(), roleWord(role), why, facts.EKUList(x), strings.Join(missing, " and ")),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}

func roleWord(role string) string {
	switch role {
	case facts.PurposeClient:
		return "TLS client"
	case facts.PurposeBoth:
		return "TLS server and client"
	}
	return "TLS server"
}
