package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// LeafInChainFile is chain.leaf-in-chain-file: a separate chain file
// (--chain, chain.pem) repeats the server certificate.
var LeafInChainFile = &checks.Check{
	ID:       "chain.leaf-in-chain-file",
	Title:    "a separate chain file repeats the server certificate",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 4.4.2", "Crossbar.io TLS docs: chain_certificates", "Apache SSLCertificateChainFile"},
	Doc: "Servers configured with a certificate file and a separate chain file (Crossbar.io certificate + " +
		"chain_certificates, EMQX certfile + cacertfile chain, Apache SSLCertificateChainFile, " +
		"Let's Encrypt chain.pem) send the certificate file and then the chain file. When the chain file " +
		"also holds the server certificate, the server sends it twice, so the second copy sits where its " +
		"issuer belongs: strict clients reject the list and some servers refuse to start. The chain file " +
		"must hold only the intermediates. This is the usual result of pointing the chain setting at " +
		"fullchain.pem instead of chain.pem.",
	Fix: "Remove the server certificate from the chain file, or point the chain setting at chain.pem rather than fullchain.pem.",
	Run: leafInChainFile,
}

func init() { checks.Register(LeafInChainFile) }

func leafInChainFile(p *checks.Pass) {
	f := p.Facts
	server := map[string]*facts.Cert{}
	for _, c := range f.Certs {
		if c.Source.Role == facts.RoleCert && c.Source.Index == 0 {
			server[string(c.Raw)] = c
		}
	}
	for _, c := range f.Leaves() {
		if !c.IsCA() {
			if _, ok := server[string(c.Raw)]; !ok {
				server[string(c.Raw)] = c
			}
		}
	}
	any := false
	for _, c := range f.Certs {
		if c.Source.Role != facts.RoleChain {
			continue
		}
		any = true
		orig, ok := server[string(c.Raw)]
		if !ok || swappedIssuer(f, c) != nil {
			// A chain file holding the server certificate whose CA is in
			// the certificate file is a swapped pair (chain.roles-swapped):
			// removing it would leave no server certificate.
			continue
		}
		ev := checks.CertEvidence(c)
		where := "it is an end-entity certificate"
		if orig.Source.Role == facts.RoleCert {
			where = "the server certificate is already in " + orig.Source.File
			ev["cert file"] = orig.Source.File
		}
		p.Report(checks.Finding{
			Subject: c.Source.File,
			Message: fmt.Sprintf("chain file %s holds '%s' at position %d; a chain file must hold only intermediates, and %s",
				c.Source.File, checks.Name(c), c.Source.Index+1, where),
			Evidence: ev,
			Fix: fmt.Sprintf("remove '%s' (position %d) from %s so that it holds only the intermediates (with Let's Encrypt, use chain.pem, not fullchain.pem, for the chain setting)",
				checks.Name(c), c.Source.Index+1, c.Source.File),
		})
	}
	if !any {
		p.NotApplicable("no separate chain file (--chain or chain.pem)")
	}
}
