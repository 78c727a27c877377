package cert

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// KeyUsage reports leaves whose keyUsage forbids the signatures TLS needs.
var KeyUsage = &checks.Check{
	ID:       "cert.key-usage",
	Title:    "keyUsage lacks digitalSignature",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.2.1.3", "RFC 8446 4.4.3", "RFC 5246 7.4.1.4.1"},
	Doc: "When a keyUsage extension is present, the key may be used only as it says (RFC 5280 " +
		"4.2.1.3). In TLS 1.3 and in every ECDHE/DHE suite of TLS 1.2 the certificate's key signs " +
		"the handshake (CertificateVerify / ServerKeyExchange), which needs digitalSignature; " +
		"keyEncipherment is used only by the obsolete static-RSA key exchange. A certificate " +
		"with keyEncipherment alone therefore works only with static RSA suites, which TLS 1.3 " +
		"removed and modern configurations disable; one with neither bit cannot be used for TLS " +
		"at all. Clients that enforce keyUsage (Go, NSS, recent OpenSSL) fail the handshake.",
	Fix:     "Reissue with `-addext keyUsage=critical,digitalSignature` (RSA keys may add keyEncipherment).",
	Applies: []*checks.Scope{checks.Leaves},
	Run:     keyUsage,
}

func init() { checks.Register(KeyUsage) }

var kuNames = []struct {
	bit  x509.KeyUsage
	name string
}{
	{x509.KeyUsageDigitalSignature, "digitalSignature"},
	{x509.KeyUsageContentCommitment, "nonRepudiation"},
	{x509.KeyUsageKeyEncipherment, "keyEncipherment"},
	{x509.KeyUsageDataEncipherment, "dataEncipherment"},
	{x509.KeyUsageKeyAgreement, "keyAgreement"},
	{x509.KeyUsageCertSign, "keyCertSign"},
	{x509.KeyUsageCRLSign, "cRLSign"},
	{x509.KeyUsageEncipherOnly, "encipherOnly"},
	{x509.KeyUsageDecipherOnly, "decipherOnly"},
}

func kuList(u x509.KeyUsage) string {
	var names []string
	for _, k := range kuNames {
		if u&k.bit != 0 {
			names = append(names, k.name)
		}
	}
	return strings.Join(names, ", ")
}

func keyUsage(p *checks.Pass) {
	f := p.Facts
	ls := leaves(f)
	for _, it := range ls {
		c, x := it.cert, it.cert.X509
		if x.KeyUsage == 0 || x.KeyUsage&x509.KeyUsageDigitalSignature != 0 {
			continue
		}
		rsaKey := x.PublicKeyAlgorithm == x509.RSA
		var problem, want string
		switch {
		case rsaKey && x.KeyUsage&x509.KeyUsageKeyEncipherment != 0:
			problem = "it has keyEncipherment but not digitalSignature, so the key can only be used for static-RSA key exchange: ECDHE_RSA suites and TLS 1.3 (which sign the handshake) fail"
			want = "keyUsage=critical,digitalSignature,keyEncipherment"
		case rsaKey:
			problem = "it has neither digitalSignature nor keyEncipherment, so the RSA key may not be used for any TLS key exchange"
			want = "keyUsage=critical,digitalSignature,keyEncipherment"
		default:
			problem = fmt.Sprintf("it lacks digitalSignature, which a %s key needs to sign the TLS handshake (ECDHE, TLS 1.3)", checks.CertKeyDescription(x))
			want = "keyUsage=critical,digitalSignature"
		}
		ev := it.evidence()
		ev["key_usage"] = kuList(x.KeyUsage)
		ev["key"] = checks.CertKeyDescription(x)
		// Self-signed: one step; from a CA: a request with the extension and
		// the own-CA command that keeps it.
		fix := "re-issue it with " + want + ": " + reissueWith(f, c, want, "basicConstraints=critical,CA:FALSE")
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s in %s has keyUsage [%s]: %s", checks.Name(c), it.where(), kuList(x.KeyUsage), problem),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}
