package report

import (
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// ListedCert is one certificate as the reports list it: JSON certificates[]
// and the text report's tables show the same certificates with the same
// roles, and renderers outside this package (report/html) use this list so
// that they agree with them.
type ListedCert struct {
	Cert *facts.Cert
	// Role is leaf, intermediate, root, ca or client-ca.
	Role string
	// Where says where it was found: "served #1", "ca.pem #1 (--ca)",
	// "system trust store".
	Where string
}

// Certificates lists the report's distinct parsed certificates in the order
// of the JSON report's certificates[].
func (r *Report) Certificates() []ListedCert {
	inv := newInventory(r.facts(), r.chains())
	var out []ListedCert
	for _, c := range inv.certs {
		if c.X509 == nil {
			continue
		}
		out = append(out, ListedCert{Cert: c, Role: inv.role(c), Where: where(c.Source)})
	}
	return out
}

// ShownChains are the certification paths the report shows: Chains when
// set, else the paths built from the facts.
func (r *Report) ShownChains() []*facts.Chain { return r.chains() }

// ChainStatusText says in words how path building ended for ch, as the text
// report does: "trusted by the system trust store (CN=...)", "NOT TRUSTED:
// ...", "INCOMPLETE: missing issuer ...".
func ChainStatusText(ch *facts.Chain) string {
	return strings.TrimPrefix(chainStatus(ch), "status: ")
}
