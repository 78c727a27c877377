package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// RolesSwapped is chain.roles-swapped: the certificate file holds the CA
// and the chain file the server certificate it issued.
var RolesSwapped = &checks.Check{
	ID:       "chain.roles-swapped",
	Title:    "the certificate and chain files are swapped",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 4.4.2", "RFC 5246 7.4.2", "Apache SSLCertificateFile / SSLCertificateChainFile"},
	Doc: "A server configured with a certificate file and a separate chain file (Apache SSLCertificateFile + " +
		"SSLCertificateChainFile, Crossbar.io certificate + chain_certificates, EMQX certfile + cacertfile, " +
		"tlscheck --cert + --chain) sends the certificate file first, as its own certificate, and matches it " +
		"with the private key. When the certificate file holds a CA certificate and the chain file holds the " +
		"end-entity certificate that CA issued, the two settings are swapped: the server presents its " +
		"intermediate as its identity (and usually fails to start, as the key belongs to the other " +
		"certificate). Removing the server certificate from the chain file, as chain.leaf-in-chain-file " +
		"would otherwise suggest, would leave no server certificate at all, so that finding is not made " +
		"for a swapped pair.",
	Fix: "Swap the two files: the server certificate goes in the certificate setting, its intermediates in the chain setting.",
	Run: rolesSwapped,
}

func init() { checks.Register(RolesSwapped) }

// swappedIssuer returns the CA certificate heading a --cert file that issued
// c, an end-entity certificate of a --chain file; nil when c is not such a
// certificate.
func swappedIssuer(f *facts.Facts, c *facts.Cert) *facts.Cert {
	if c.Source.Role != facts.RoleChain || c.X509 == nil || c.IsCA() {
		return nil
	}
	heads := map[string]bool{}
	for _, cert := range f.Certs {
		if cert.Source.Role == facts.RoleCert && cert.Source.Index == 0 && cert.IsCA() {
			heads[cert.Source.File] = true
		}
	}
	for _, cert := range f.Certs {
		if cert.Source.Role == facts.RoleCert && heads[cert.Source.File] && cert.IsCA() && facts.IssuedBy(c.X509, cert.X509) {
			return cert
		}
	}
	return nil
}

func rolesSwapped(p *checks.Pass) {
	f := p.Facts
	haveCert, haveChain := false, false
	for _, c := range f.Certs {
		haveCert = haveCert || c.Source.Role == facts.RoleCert
		haveChain = haveChain || c.Source.Role == facts.RoleChain
	}
	if !haveCert || !haveChain {
		p.NotApplicable("no certificate file with a separate chain file (--cert and --chain)")
		return
	}
	for _, c := range f.Certs {
		ca := swappedIssuer(f, c)
		if ca == nil {
			continue
		}
		ev := checks.CertEvidence(c)
		ev["cert file"] = ca.Source.File
		ev["cert file holds"] = checks.Name(ca)
		certFile, chainFile := checks.ShellQuote(ca.Source.File), checks.ShellQuote(c.Source.File)
		p.Report(checks.Finding{
			Subject: c.Source.File,
			Message: fmt.Sprintf("the certificate file %s holds the CA '%s' and the chain file %s holds the server certificate '%s' it issued (position %d): the two files are swapped",
				ca.Source.File, checks.Name(ca), c.Source.File, checks.Name(c), c.Source.Index+1),
			Evidence: ev,
			Fix: fmt.Sprintf("swap them: --cert %s --chain %s (Apache: SSLCertificateFile %s, SSLCertificateChainFile %s; nginx: ssl_certificate takes the server certificate first: `cat %s %s > fullchain.pem`)",
				chainFile, certFile, chainFile, certFile, chainFile, certFile),
		})
	}
}
