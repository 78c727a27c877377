package cert

import (
	"crypto/x509"
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// SigWeak reports certificates signed with MD5 or SHA-1.
var SigWeak = &checks.Check{
	ID:       "cert.sig-weak",
	Title:    "certificate is signed with MD5 or SHA-1",
	Severity: checks.Error,
	Refs:     []string{"CA/B Forum BR 7.1.3.2", "NIST SP 800-131A Rev. 2 section 3", "RFC 9155"},
	Doc: "MD5 and SHA-1 collisions are practical (the 2008 rogue-CA attack, SHAttered and " +
		"Shambles), so a signature made with them no longer proves who issued a certificate. " +
		"Browsers, Go (since 1.18) and OpenSSL at security level 1 and above reject SHA-1 and MD5 " +
		"signatures on leaves and intermediates (NIST SP 800-131A, CA/B BR 7.1.3.2). A root's " +
		"self-signature is never verified, so old SHA-1 roots are not reported, nor are " +
		"self-signed certificates trusted directly.",
	Fix:     "Reissue the certificate signed with SHA-256 (`openssl x509 -req -sha256 ...` or `openssl req -x509 -sha256 ...`).",
	Applies: []*checks.Scope{sigScope},
	Run:     sigWeak,
}

// sigScope is checks.InputCerts with a reason that says why a lone root is
// not looked at.
var sigScope = &checks.Scope{Name: checks.InputCerts.Name, Has: checks.InputCerts.Has,
	Reason: "no certificates among the inputs (a root's own signature is never checked)"}

func init() { checks.Register(SigWeak) }

func weakSig(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.MD2WithRSA, x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return true
	}
	return false
}

func sigWeak(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, false)
	for _, it := range items {
		c, x := it.cert, it.cert.X509
		if !weakSig(x.SignatureAlgorithm) || selfSigned(c) {
			continue
		}
		ev := it.evidence()
		ev["signature_algorithm"] = x.SignatureAlgorithm.String()
		var fix string
		if x.IsCA {
			fix = fmt.Sprintf("replace the intermediate %s in %s with one signed with SHA-256 (get it from %s, or re-sign it with `openssl x509 -req -sha256 ...` if it is your own CA)",
				checks.Name(c), checks.Where(c.Source), checks.DN(x.Issuer))
		} else {
			fix = "re-issue it signed with SHA-256: " + reissueWith(f, c)
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is signed with %s; clients reject MD5 and SHA-1 signatures, expected SHA-256 or stronger",
				checks.Name(c), it.where(), x.SignatureAlgorithm),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}
