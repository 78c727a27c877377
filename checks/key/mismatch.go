package key

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Mismatch reports a private key deployed with a certificate it does not belong to.
var Mismatch = &checks.Check{
	ID:       "key.mismatch",
	Title:    "private key does not match its certificate",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.1.2.7", "OpenSSL SSL_CTX_check_private_key(3)", "nginx ssl_certificate_key"},
	Doc: "A TLS server proves it owns its certificate by signing (or decrypting) with the private " +
		"key whose public half is in the certificate's subjectPublicKeyInfo. If the key file " +
		"holds another key, the server refuses to start ('key values mismatch', " +
		"'SSL_CTX_use_PrivateKey failed', 'tls: private key does not match public key'). A key " +
		"is paired with a certificate when it is given with --key next to --cert, sits in the " +
		"same file as the certificate, is privkey.pem of a Let's Encrypt directory, or is the only " +
		"key next to the only certificate. Keys are compared by their SPKI SHA-256 pin. The usual " +
		"cause is a certificate issued for a CSR made with another key (a regenerated key, or " +
		"files from two renewals mixed up). Encrypted keys cannot be compared and are reported " +
		"by key.encrypted instead.",
	Fix: "Compare the SPKI pins: `openssl x509 -noout -pubkey -in cert.pem | openssl pkey -pubin -outform DER | openssl dgst -sha256` with `openssl pkey -in key.pem -pubout -outform DER | openssl dgst -sha256`, then deploy the key that was used for the CSR (or reissue the certificate for this key, keeping its subjectAltName).",
	Run: mismatch,
}

func init() { checks.Register(Mismatch) }

func mismatch(p *checks.Pass) {
	f := p.Facts
	compared := 0
	for _, k := range f.Keys {
		if !comparable(k) {
			if k.Encrypted {
				// Not a finding (key.encrypted reports the key itself) but
				// a gap: the report must not read as if the pair was checked.
				p.NotChecked("key pairing", fmt.Sprintf("%s is encrypted (--password or TLSCHECK_PASSWORD opens it)", keyWhere(f, k)))
			}
			continue
		}
		for _, c := range paired(f, k) {
			if !comparableWith(k, c) {
				continue
			}
			compared++
			if matches(k, c) {
				continue
			}
			keyFile := fileArg(k.Source.File, "key.pem")
			certFile := fileArg(c.Source.File, "cert.pem")
			msg := fmt.Sprintf("the private key in %s (%s, SPKI pin %s) does not belong to %s in %s (%s, SPKI pin %s)",
				keyWhere(f, k), describe(k), pinPrefix(k.SPKIPin), checks.Name(c), checks.Where(c.Source),
				checks.CertKeyDescription(c.X509), pinPrefix(c.SPKIPin()))
			ev := keyEvidence(f, k)
			ev["certificate"] = checks.DN(c.X509.Subject)
			ev["certificate_file"] = c.Source.File
			ev["certificate_position"] = fmt.Sprint(c.Source.Index + 1)
			ev["certificate_spki_sha256"] = c.SPKIPin()
			// The NATS documentation's pin command: it prints the SHA-256 of the
			// DER SubjectPublicKeyInfo, the pin shown in the evidence.
			compare := fmt.Sprintf("compare `openssl x509 -noout -pubkey -in %s | openssl pkey -pubin -outform DER | openssl dgst -sha256` (prints the certificate's pin, %s) with `openssl pkey -in %s -pubout -outform DER | openssl dgst -sha256` (prints the key's, %s)",
				certFile, pinPrefix(c.SPKIPin()), keyFile, pinPrefix(k.SPKIPin))
			var fix string
			if o := owner(f, k); o != nil {
				msg += fmt.Sprintf("; this key belongs to %s in %s", checks.Name(o), checks.Where(o.Source))
				ev["key_belongs_to"] = checks.DN(o.X509.Subject) + " (" + checks.Where(o.Source) + ")"
				fix = fmt.Sprintf("pair %s with %s instead, or find the key of %s: %s, and deploy the key that was used to make %s's CSR",
					keyFile, fileArg(o.Source.File, "its certificate"), checks.Name(c), compare, checks.Name(c))
			} else {
				msg += "; no input certificate matches this key"
				fix = fmt.Sprintf("%s; deploy the key that was used for the CSR of %s, or reissue the certificate for this key: %s",
					compare, checks.Name(c), reissueCSR(f, k, c, keyFile))
			}
			p.Report(checks.Finding{
				Message:  msg,
				Subject:  keyWhere(f, k),
				Evidence: ev,
				Fix:      fix,
			})
		}
	}
	if compared == 0 {
		p.NotApplicable("no private key paired with a certificate")
	}
}

// reissueCSR is the step that gets c re-issued for key k with the same
// names: the CSR the user made with k when one is among the inputs, else a
// new one carrying c's subjectAltName (a CSR without it gives a certificate
// that modern clients reject).
func reissueCSR(f *facts.Facts, k *facts.Key, c *facts.Cert, keyFile string) string {
	if csr := checks.CSRFile(f, k.SPKIPin); csr != "" {
		return fmt.Sprintf("%s was made with this key: have it signed (own CA: %s)", csr, checks.SignCSR(csr, "cert.pem"))
	}
	return fmt.Sprintf("`%s -out server.csr`", checks.ReqCommand(c.X509, keyFile))
}
