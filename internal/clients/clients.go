// Package clients simulates well-known TLS clients against what a scan
// learned about a server: for each client in a table of published
// ClientHello defaults, whether it connects, with which version, suite and
// group, and, when it does not, the typed reason.
package clients

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Client is one client's ClientHello and the certificate rules it applies.
type Client struct {
	Name string
	// Source names the published facts the row was written from.
	Source string
	// Versions it offers (and accepts), lowest first.
	Versions []facts.TLSVersion
	// Suites in the client's preference order, TLS 1.3 suites included.
	Suites []uint16
	// Groups in the client's order (supported_groups / elliptic_curves).
	Groups []uint16
	// SigAlgs is the signature_algorithms extension; nil for a client that
	// sends none (TLS 1.0/1.1 only clients, RFC 5246 7.4.1.4.1 defaults).
	SigAlgs []uint16
	SNI     bool
	// MinRSABits refuses a leaf RSA key below it (0: no limit).
	MinRSABits int
	// MinDHBits and MaxDHBits bound the DHE group it accepts (0: no
	// limit); Java 7's JCE, for example, cannot use DH above 1024 bits.
	MinDHBits, MaxDHBits int
	// AcceptsSHA1Certs: it verifies a chain signed with SHA-1 (for a
	// publicly trusted chain where the client treats those differently).
	AcceptsSHA1Certs bool
	// RequiresSAN: it matches the host name against subjectAltName only,
	// never the subject common name.
	RequiresSAN bool
	// KeyTypes are the certificate key types it can verify: "RSA",
	// "ECDSA", "Ed25519", "DSA".
	KeyTypes []string
	// MaxValidityDays refuses a leaf valid for longer (Apple: 825).
	MaxValidityDays int
	// Old marks a client past its vendor's support: its failure is info.
	Old bool
}

// Chain is what the simulation needs to know of one served chain. Chains
// builds it from a scan's DER; tests build it by hand.
type Chain struct {
	KeyType string // "RSA", "ECDSA", "Ed25519", "DSA"
	// KeyBits is the RSA modulus or the EC field size; 0 when unknown.
	KeyBits int
	// Curve is the named group of an ECDSA key (0x0017 for P-256).
	Curve uint16
	// SHA1 is set when a certificate other than a self-signed root is
	// signed with SHA-1 or weaker (MD5).
	SHA1 bool
	// NoSAN is set when the leaf has no DNS or IP subjectAltName.
	NoSAN bool
	// ValidityDays is the leaf's NotAfter minus NotBefore.
	ValidityDays int
}

// Chains summarises the scan's served chains. A chain whose DER does not
// parse keeps its key type and nothing else, so that it can still be chosen.
func Chains(s *facts.Scan) []Chain {
	var out []Chain
	for _, served := range s.Certs {
		c := Chain{KeyType: served.KeyType}
		var certs []*x509.Certificate
		for _, der := range served.Raw {
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				continue
			}
			certs = append(certs, cert)
		}
		if len(certs) > 0 {
			summarise(&c, certs)
		}
		out = append(out, c)
	}
	return out
}

func summarise(c *Chain, certs []*x509.Certificate) {
	leaf := certs[0]
	switch k := leaf.PublicKey.(type) {
	case *rsa.PublicKey:
		c.KeyType, c.KeyBits = "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		c.KeyType, c.KeyBits = "ECDSA", k.Curve.Params().BitSize
		switch k.Curve {
		case elliptic.P256():
			c.Curve = groupP256
		case elliptic.P384():
			c.Curve = groupP384
		case elliptic.P521():
			c.Curve = groupP521
		}
	case ed25519.PublicKey:
		c.KeyType, c.KeyBits = "Ed25519", 256
	}
	c.NoSAN = len(leaf.DNSNames) == 0 && len(leaf.IPAddresses) == 0
	c.ValidityDays = int(leaf.NotAfter.Sub(leaf.NotBefore) / (24 * time.Hour))
	for _, cert := range certs {
		// A client does not check the signature on a trust anchor, so a
		// SHA-1 self-signed root that the server also sends is harmless.
		if selfSigned(cert) {
			continue
		}
		switch cert.SignatureAlgorithm {
		case x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1, x509.MD5WithRSA, x509.MD2WithRSA:
			c.SHA1 = true
		}
	}
}

func selfSigned(c *x509.Certificate) bool {
	// By name only: CheckSignatureFrom refuses the SHA-1 signature we are
	// trying to excuse.
	return string(c.RawIssuer) == string(c.RawSubject)
}
