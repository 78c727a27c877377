package cert

import (
	"crypto/x509"
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// EKUMissing reports a server certificate that does not name serverAuth
// explicitly: no extendedKeyUsage at all, or only anyExtendedKeyUsage.
var EKUMissing = &checks.Check{
	ID:       checks.IDCertEKUMissing,
	Title:    "server certificate does not list serverAuth in its extendedKeyUsage",
	Severity: checks.Info,
	Refs:     []string{"Apple: Requirements for trusted certificates in iOS 13 and macOS 10.15 (HT210176)", "CA/B Forum BR 7.1.2.7.10", "RFC 5280 4.2.1.12", "docs/clients.md (which clients enforce which certificate rules)"},
	Doc: "RFC 5280 treats a certificate without extendedKeyUsage as usable for anything, but " +
		"Apple platforms since iOS 13 and macOS 10.15 reject TLS server certificates, from any " +
		"CA including private ones, unless the extendedKeyUsage extension lists " +
		"id-kp-serverAuth; anyExtendedKeyUsage does not count. rustls-webpki and the CA/Browser " +
		"Forum rules require the same. The X.509 v1 certificates made by `openssl x509 -req " +
		"-signkey` carry no extensions and so no EKU. (cert.eku reports an EKU that is present " +
		"but lists the wrong usages.) It is info, not a warning: RFC 5280 allows the omission, " +
		"the severity rubric of docs/checks.md does not count it against a deployment, and many set-up guides " +
		"(EMQX's own-CA recipe among them) leave EKU out; fix it if Apple clients connect.",
	Fix:     "Reissue with `-addext extendedKeyUsage=serverAuth` (add `,clientAuth` if the certificate is also used as a client certificate).",
	Applies: []*checks.Scope{checks.ServerCerts},
	Run:     ekuMissing,
}

func init() { checks.Register(EKUMissing) }

func ekuMissing(p *checks.Pass) {
	f := p.Facts
	for _, it := range leaves(f) {
		c, x := it.cert, it.cert.X509
		role := f.LeafRole(c)
		if role == facts.PurposeClient {
			continue
		}
		var what string
		switch {
		case !facts.EKUPresent(x):
			what = "has no extendedKeyUsage extension"
		case len(x.ExtKeyUsage) == 1 && x.ExtKeyUsage[0] == x509.ExtKeyUsageAny && len(x.UnknownExtKeyUsage) == 0:
			what = "lists only anyExtendedKeyUsage"
		default:
			continue
		}
		ev := it.evidence()
		ev["version"] = fmt.Sprint(x.Version)
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s in %s %s; expected extendedKeyUsage with serverAuth, without which Apple clients (iOS 13+, macOS 10.15+) reject it as a TLS server certificate", checks.Name(c), it.where(), what),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      reissueWith(f, c, "extendedKeyUsage=serverAuth"),
		})
	}
}
