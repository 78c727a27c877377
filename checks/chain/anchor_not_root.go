package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// AnchorNotRoot is chain.anchor-not-root: the path ends at a --ca
// certificate that is not self-signed, which OpenSSL does not accept as the
// end of a chain.
var AnchorNotRoot = &checks.Check{
	ID:       "chain.anchor-not-root",
	Title:    "the trust anchor the path ends at is not a self-signed root",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 6.1.1 (d)", "OpenSSL X509_V_FLAG_PARTIAL_CHAIN (openssl verify -partial_chain)"},
	Doc: "RFC 5280 lets any certificate be a trust anchor, and Go (NATS, Caddy) and GnuTLS " +
		"accept a path that ends at an intermediate found in the CA file. OpenSSL does not: " +
		"unless the application sets X509_V_FLAG_PARTIAL_CHAIN, it keeps looking for the " +
		"anchor's own issuer and fails with \"unable to get issuer certificate\" when the CA " +
		"file holds only the intermediate. nginx (ssl_client_certificate, " +
		"proxy_ssl_trusted_certificate), mosquitto (cafile), curl --cacert and `openssl verify` " +
		"all behave that way. The usual cause is a CA file made from the intermediate alone, or " +
		"from a chain file without its root.",
	Fix:     "Put the self-signed root in the CA file (next to the intermediate or instead of it), so that every client can finish the path at a root.",
	Applies: []*checks.Scope{pathScope},
	Run:     anchorNotRoot,
}

func init() { checks.Register(AnchorNotRoot) }

func anchorNotRoot(p *checks.Pass) {
	f := p.Facts
	chains := chainsOf(f)
	done := map[string]bool{}
	for _, ch := range chains {
		if ch.Status != facts.ChainTrusted || len(ch.Path) == 0 {
			continue
		}
		anchor := ch.Path[len(ch.Path)-1]
		if anchor.Source.Role != facts.RoleCA || anchor.X509 == nil || anchor.SelfSigned() {
			continue
		}
		if issuerAmongRoots(f, anchor) {
			continue // OpenSSL goes on from the anchor to its root
		}
		if done[anchor.Fingerprint()] {
			continue
		}
		done[anchor.Fingerprint()] = true
		ev := checks.CertEvidence(anchor)
		ev["leaf"] = checks.Name(ch.Leaf)
		issuer := checks.DN(anchor.X509.Issuer)
		file := anchor.Source.File
		p.Report(checks.Finding{
			Subject: checks.Name(anchor),
			Message: fmt.Sprintf("the path from '%s' ends at the trust anchor '%s' (%s), which is not self-signed but issued by '%s': Go and GnuTLS accept that, but OpenSSL-based programs (nginx, mosquitto, curl, openssl verify) look for '%s' as well and fail with \"unable to get issuer certificate\" unless set for partial chains; expected the CA file to hold the self-signed root",
				checks.Name(ch.Leaf), checks.Name(anchor), checks.Where(anchor.Source), issuer, issuer),
			Evidence: ev,
			Fix: fmt.Sprintf("add the root '%s' to %s (e.g. `cat root.pem >> %s`, with root.pem from your CA or its repository), and give the same file to the servers and clients that verify this chain",
				issuer, fileOr(file, "the CA file"), checks.ShellQuote(fileOr(file, "ca.pem"))),
		})
	}
}

// issuerAmongRoots reports whether another trust anchor issued c.
func issuerAmongRoots(f *facts.Facts, c *facts.Cert) bool {
	for _, r := range f.Roots {
		if r != c && facts.IssuedBy(c.X509, r.X509) {
			return true
		}
	}
	return false
}

func fileOr(file, fallback string) string {
	if file == "" || file == "-" {
		return fallback
	}
	return file
}
