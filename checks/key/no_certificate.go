package key

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoCertificate reports private keys that match no input certificate.
var NoCertificate = &checks.Check{
	ID:       "key.no-certificate",
	Title:    "private key matches no certificate",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.1.2.7", "OpenSSL SSL_CTX_check_private_key(3)"},
	Doc: "A private key among the inputs whose public half is in none of the certificates given " +
		"(inputs, --ca, --client-ca). Either the matching certificate is missing from what " +
		"will be deployed, or this key is a leftover (an old key after a renewal with a new key, " +
		"a key generated twice) and the server will be pointed at the wrong file. If a CSR among " +
		"the inputs was made with the key, the certificate has probably not been issued or " +
		"copied yet. A key paired with a certificate it does not belong to (see key.mismatch) is " +
		"reported by key.mismatch only. Encrypted keys cannot be compared and are skipped.",
	Fix: "Add the certificate issued for this key to the inputs, or remove the stray key; its SPKI pin is what `openssl pkey -in key.pem -pubout -outform DER | openssl dgst -sha256` prints, and the right certificate is the one for which `openssl x509 -noout -pubkey -in CERT | openssl pkey -pubin -outform DER | openssl dgst -sha256` prints the same.",
	Run: noCertificate,
}

func init() { checks.Register(NoCertificate) }

func noCertificate(p *checks.Pass) {
	f := p.Facts
	compared := 0
	for _, k := range f.Keys {
		if !comparable(k) {
			continue
		}
		compared++
		if owner(f, k) != nil || (k.SPKIPin == "" && unparsedCertKey(f)) {
			continue
		}
		// A key paired by name with a certificate it does not belong to is
		// key.mismatch's finding, which says no input certificate matches
		// it: one cause, one finding.
		if mismatched(f, k) {
			continue
		}
		ev := keyEvidence(f, k)
		keyFile := fileArg(k.Source.File, "key.pem")
		msg := fmt.Sprintf("the private key in %s (%s, SPKI pin %s) matches none of the %d input certificates; expected the certificate issued for it next to it",
			keyWhere(f, k), describe(k), pinPrefix(k.SPKIPin), len(inputCerts(f)))
		fix := fmt.Sprintf("add the certificate issued for %s to the inputs (find it with `openssl x509 -noout -pubkey -in CERT | openssl pkey -pubin -outform DER | openssl dgst -sha256` with each candidate file as CERT: it prints %s for the right one), or delete the stray key",
			keyFile, k.SPKIPin)
		for _, r := range f.CSRs {
			if r.X509 == nil {
				continue
			}
			if sum := sha256.Sum256(r.X509.RawSubjectPublicKeyInfo); hex.EncodeToString(sum[:]) == k.SPKIPin {
				msg += fmt.Sprintf("; it was used for the CSR %s, so the certificate may not have been issued or copied yet", checks.Where(r.Source))
				ev["csr"] = checks.Where(r.Source)
				// The CSR's file, for the signing command; one read from
				// standard input has none, and the pin command stays.
				if csr := checks.CSRFile(f, k.SPKIPin); csr != "" {
					fix = fmt.Sprintf("submit %s to your CA (own CA: %s) and deploy the certificate with %s",
						csr, checks.SignCSR(csr, "cert.pem"), keyFile)
				}
				break
			}
		}
		p.Report(checks.Finding{
			Message:  msg,
			Subject:  keyWhere(f, k),
			Evidence: ev,
			Fix:      fix,
		})
	}
	if compared == 0 {
		p.NotApplicable("no unencrypted private key among the inputs")
	}
}

// unparsedCertKey reports whether some input certificate has a public key Go
// does not parse (e.g. RSASSA-PSS): a key without a pin may belong to it.
func unparsedCertKey(f *facts.Facts) bool {
	for _, c := range inputCerts(f) {
		if c.X509.PublicKey == nil {
			return true
		}
	}
	return false
}
