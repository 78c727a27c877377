package key

import (
	"crypto/dsa" // deprecated, but DSA certificates must be recognised to be reported
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Weak reports weak private keys and certificate public keys.
var Weak = &checks.Check{
	ID:       "key.weak",
	Title:    "key is too weak (RSA < 2048, DSA, or an unapproved curve)",
	Severity: checks.Error,
	Refs:     []string{"CA/B Forum BR 6.1.5", "NIST SP 800-131A Rev. 2 section 3", "NIST SP 800-57 Part 1 Rev. 5 5.6.1", "FIPS 186-5"},
	Doc: "RSA keys shorter than 2048 bits give less than 112 bits of security and are disallowed " +
		"by NIST SP 800-131A and the CA/B Forum Baseline Requirements (6.1.5); OpenSSL at its " +
		"default security level rejects them ('ee key too small', 'ca key too small'). DSA was " +
		"withdrawn for signatures by FIPS 186-5, is not supported by TLS 1.3 and no browser " +
		"accepts it. ECDSA keys must use P-256, P-384 or P-521, the curves clients implement; " +
		"Ed25519 is fine where supported. The check covers private keys and the public keys of " +
		"input certificates (leaves, intermediates and --ca roots, not the OS trust store).",
	Fix:     "Generate a new key (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem` or `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out key.pem`) and have the certificate reissued for it.",
	Applies: []*checks.Scope{keysOrCerts},
	Run:     weak,
}

func init() { checks.Register(Weak) }

var goodCurves = map[string]bool{"P-256": true, "P-384": true, "P-521": true}

// weakness explains why a key of this type is weak, or returns "".
func weakness(typ string, bits int, curve string) string {
	switch strings.ToUpper(typ) {
	case "RSA":
		if bits > 0 && bits < 2048 {
			return fmt.Sprintf("RSA %d bits is below the 2048-bit minimum", bits)
		}
		if bits%8 != 0 {
			// Mozilla Root Store Policy 5.1: the modulus size in bits
			// MUST be evenly divisible by 8; odd sizes come from broken
			// key generators.
			return fmt.Sprintf("an RSA modulus of %d bits is not a multiple of 8, which Mozilla's policy forbids and which points to a broken key generator", bits)
		}
	case "DSA":
		return "DSA keys are no longer accepted for TLS (withdrawn by FIPS 186-5, unsupported in TLS 1.3 and by browsers)"
	case "ECDSA", "EC":
		if curve != "" && !goodCurves[curve] {
			return fmt.Sprintf("ECDSA curve %s is not one of P-256, P-384, P-521", curve)
		}
	}
	return ""
}

// certKey returns the type, size and curve of a certificate's public key.
func certKey(x *x509.Certificate) (typ string, bits int, curve string) {
	switch k := x.PublicKey.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen(), ""
	case *ecdsa.PublicKey:
		return "ECDSA", k.Curve.Params().BitSize, k.Curve.Params().Name
	case *dsa.PublicKey:
		return "DSA", k.P.BitLen(), ""
	}
	if x.PublicKeyAlgorithm == x509.DSA {
		return "DSA", 0, ""
	}
	return x.PublicKeyAlgorithm.String(), 0, ""
}

const (
	genEC  = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out %s"
	genRSA = "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out %s"
)

// keysOrCerts is the scope of key.weak: private keys, and the public keys
// of the input certificates.
var keysOrCerts = &checks.Scope{Name: "keys and certificates", Reason: "no keys or certificates among the inputs",
	Has: func(f *facts.Facts) bool { return len(f.Keys) > 0 || len(inputCerts(f)) > 0 }}

func weak(p *checks.Pass) {
	f := p.Facts
	certs := inputCerts(f)
	reported := map[string]bool{} // SPKI pins already reported through a certificate
	for _, c := range certs {
		typ, bits, curve := certKey(c.X509)
		why := weakness(typ, bits, curve)
		if why == "" {
			continue
		}
		reported[c.SPKIPin()] = true
		ev := checks.CertEvidence(c)
		ev["key"] = checks.CertKeyDescription(c.X509)
		keyFile := "key.pem"
		for _, k := range f.Keys {
			if k.SPKIPin != "" && k.SPKIPin == c.SPKIPin() {
				ev["private_key_file"] = k.Source.File
				keyFile = fileArg(k.Source.File, "key.pem")
			}
		}
		var fix string
		switch {
		case c.Anchor():
			fix = fmt.Sprintf("replace the CA %s: create a new root key (`%s`), a new root certificate, and reissue everything it signed", checks.Name(c), fmt.Sprintf(genEC, "ca.key"))
		case c.IsCA():
			fix = fmt.Sprintf("replace the intermediate %s in %s with one that has an RSA 2048+ or P-256 key (from %s; for your own CA: `%s` and re-sign)",
				checks.Name(c), checks.Where(c.Source), checks.DN(c.X509.Issuer), fmt.Sprintf(genEC, "intermediate.key"))
		default:
			step, csr := checks.NewCSR(f, c.SPKIPin(), checks.ReqCommand(c.X509, keyFile))
			fix = fmt.Sprintf("`%s` (or `%s`), then make a request with the new key: %s, and have %s sign it (own CA: %s)",
				fmt.Sprintf(genEC, keyFile), fmt.Sprintf(genRSA, keyFile), step, checks.DN(c.X509.Issuer), checks.SignCSR(csr, certOut(c)))
		}
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s in %s has a weak public key: %s; expected RSA ≥ 2048 bits or ECDSA P-256/P-384/P-521 (or Ed25519)", checks.Name(c), checks.Where(c.Source), why),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
	for _, k := range f.Keys {
		why := weakness(string(k.Type), k.Bits, k.Curve)
		if why == "" || (k.SPKIPin != "" && reported[k.SPKIPin]) {
			continue
		}
		keyFile := fileArg(k.Source.File, "key.pem")
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("the private key in %s is weak: %s; expected RSA ≥ 2048 bits or ECDSA P-256/P-384/P-521 (or Ed25519)", keyWhere(f, k), why),
			Subject:  keyWhere(f, k),
			Evidence: keyEvidence(f, k),
			Fix:      weakKeyFix(f, k, keyFile),
		})
	}
}

// weakKeyFix replaces a weak key that no input certificate matches: a new
// key, and a request with it (the user's CSR for the old key made again in
// place, or server.csr for the host asked for, or for HOST, a name the fix
// tells the user to fill in).
func weakKeyFix(f *facts.Facts, k *facts.Key, keyFile string) string {
	host, fill := "HOST", ", HOST being the server's name"
	if len(f.Options.Hosts) > 0 && !strings.ContainsAny(f.Options.Hosts[0], " /=:,'") {
		host, fill = f.Options.Hosts[0], ""
	}
	step, _ := checks.NewCSR(f, k.SPKIPin, fmt.Sprintf("openssl req -new -key %s -subj /CN=%s -addext subjectAltName=DNS:%s", keyFile, host, host))
	return fmt.Sprintf("`%s` (or `%s`), then make a request with the new key%s: %s, and have the certificate re-issued from it",
		fmt.Sprintf(genEC, keyFile), fmt.Sprintf(genRSA, keyFile), fill, step)
}

// certOut is where a re-issued c goes: its file, or cert.pem for a
// certificate read from standard input or served by a server.
func certOut(c *facts.Cert) string {
	if c.Source.Role == facts.RoleServed {
		return "cert.pem"
	}
	return fileArg(c.Source.File, "cert.pem")
}
