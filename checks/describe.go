package checks

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// DN renders a distinguished name the way people read it: "CN=foo, O=Bar".
// An empty name is "(empty)".
func DN(n pkix.Name) string {
	s := n.String()
	if s == "" {
		return "(empty)"
	}
	return s
}

// Name is the short human name of a certificate: its CN, else its full subject DN.
func Name(c *facts.Cert) string {
	if c == nil || c.X509 == nil {
		return "(unparsed certificate)"
	}
	if c.X509.Subject.CommonName != "" {
		return "CN=" + c.X509.Subject.CommonName
	}
	return orEmpty(c.SubjectString())
}

// orEmpty is DN's rendering of an already formatted name.
func orEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

// Where says where an object was found: "server.pem #2" (1-based), or the
// trust store name.
func Where(s facts.Source) string {
	switch s.Role {
	case facts.RoleSystem:
		return "system trust store"
	case facts.RoleBundled:
		return "embedded Mozilla roots"
	case facts.RoleAIA:
		return "fetched from " + s.File
	}
	return s.File + " #" + strconv.Itoa(s.Index+1)
}

// CertEvidence is the standard evidence for a finding about one certificate:
// subject, issuer, serial, file and position.
func CertEvidence(c *facts.Cert) map[string]string {
	ev := map[string]string{}
	if c == nil {
		return ev
	}
	if c.X509 != nil {
		ev["subject"] = orEmpty(c.SubjectString())
		ev["issuer"] = orEmpty(c.IssuerString())
		ev["serial"] = hex.EncodeToString(c.X509.SerialNumber.Bytes())
	}
	ev[EvidenceSHA256] = c.Fingerprint()
	AddLocation(ev, c.Source)
	return ev
}

// AddLocation sets "file" and "position" (1-based) evidence for SARIF.
func AddLocation(ev map[string]string, s facts.Source) {
	switch s.Role {
	case facts.RoleSystem, facts.RoleBundled, facts.RoleAIA:
		ev[EvidenceFound] = Where(s)
		return
	}
	if s.File != "" {
		ev[EvidenceFile] = s.File
		ev[EvidencePosition] = strconv.Itoa(s.Index + 1)
	}
}

// KeyDescription is "RSA 2048", "ECDSA P-256", "Ed25519".
func KeyDescription(pub any) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	case nil:
		return "unknown"
	}
	return fmt.Sprintf("%T", pub)
}

// CertKeyDescription describes a certificate's public key, including DSA and
// keys Go does not parse.
func CertKeyDescription(c *x509.Certificate) string {
	if c.PublicKey == nil {
		return c.PublicKeyAlgorithm.String()
	}
	if c.PublicKeyAlgorithm == x509.DSA {
		return "DSA"
	}
	return KeyDescription(c.PublicKey)
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

// ShellQuote quotes s for a POSIX shell command line when it needs quoting,
// so that fixes can be pasted as they are.
func ShellQuote(s string) string {
	if s != "" && shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// KeyFile names the input file holding c's private key, shell-quoted for a
// command line: the key whose public key matches; else, when the inputs
// hold exactly one key and it is encrypted (so it cannot be matched), that
// one (openssl asks for its passphrase); else "key.pem".
func KeyFile(f *facts.Facts, c *facts.Cert) string {
	pin := c.SPKIPin()
	var sealed []*facts.Key
	for _, k := range f.Keys {
		if k.Source.File == "" || k.Source.File == "-" {
			continue
		}
		if k.SPKIPin != "" && k.SPKIPin == pin {
			return ShellQuote(k.Source.File)
		}
		if k.SPKIPin == "" {
			sealed = append(sealed, k)
		}
	}
	// An encrypted key named like the certificate, next to it
	// (websockets.key beside websockets.crt).
	if stem := PairStem(c.Source.File); stem != "" {
		for _, k := range sealed {
			if filepath.Dir(k.Source.File) == filepath.Dir(c.Source.File) && PairStem(k.Source.File) == stem {
				return ShellQuote(k.Source.File)
			}
		}
	}
	if len(sealed) == 1 && len(f.Keys) == 1 {
		return ShellQuote(sealed[0].Source.File)
	}
	return "key.pem"
}

var stemNoise = regexp.MustCompile(`(?i)([-_.]?(private|priv|key|cert|crt|certificate|pub|chain))+$`)

// PairStem reduces a file name to what a key file and its certificate file
// share: "server.key" and "server.crt" -> "server", "tls-key.pem" and
// "tls-cert.pem" -> "tls", "key.pem" and "cert.pem" -> "".
func PairStem(path string) string {
	base := strings.ToLower(filepath.Base(path))
	for {
		ext := filepath.Ext(base)
		switch ext {
		case ".pem", ".key", ".crt", ".cer", ".der", ".p8":
			base = strings.TrimSuffix(base, ext)
			continue
		}
		break
	}
	return stemNoise.ReplaceAllString(base, "")
}
