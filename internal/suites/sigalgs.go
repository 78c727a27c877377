package suites

import (
	"crypto/tls"
	"strings"
)

// SigAlg is a signature scheme (IANA TLS SignatureScheme registry; the
// TLS 1.2 hash/signature pairs of RFC 5246 7.4.1.4.1 share the code space).
type SigAlg struct {
	ID      uint16
	Name    string // rsa_pss_rsae_sha256
	KeyType string // RSA, ECDSA, DSA, Ed25519, Ed448, ML-DSA
	Hash    string // SHA1, SHA256, ...; "" for EdDSA and ML-DSA
	TLS13   bool   // allowed in TLS 1.3 CertificateVerify (RFC 8446 4.2.3)
	GoName  string // crypto/tls SignatureScheme name; "" when Go lacks it
}

var sigAlgs = []SigAlg{
	{ID: 0x0101, Name: "rsa_md5", KeyType: "RSA", Hash: "MD5"},
	{ID: 0x0201, Name: "rsa_pkcs1_sha1", KeyType: "RSA", Hash: "SHA1"},
	{ID: 0x0202, Name: "dsa_sha1", KeyType: "DSA", Hash: "SHA1"},
	{ID: 0x0203, Name: "ecdsa_sha1", KeyType: "ECDSA", Hash: "SHA1"},
	{ID: 0x0301, Name: "rsa_sha224", KeyType: "RSA", Hash: "SHA224"},
	{ID: 0x0302, Name: "dsa_sha224", KeyType: "DSA", Hash: "SHA224"},
	{ID: 0x0303, Name: "ecdsa_sha224", KeyType: "ECDSA", Hash: "SHA224"},
	{ID: 0x0401, Name: "rsa_pkcs1_sha256", KeyType: "RSA", Hash: "SHA256"},
	{ID: 0x0402, Name: "dsa_sha256", KeyType: "DSA", Hash: "SHA256"},
	{ID: 0x0403, Name: "ecdsa_secp256r1_sha256", KeyType: "ECDSA", Hash: "SHA256", TLS13: true},
	{ID: 0x0501, Name: "rsa_pkcs1_sha384", KeyType: "RSA", Hash: "SHA384"},
	{ID: 0x0502, Name: "dsa_sha384", KeyType: "DSA", Hash: "SHA384"},
	{ID: 0x0503, Name: "ecdsa_secp384r1_sha384", KeyType: "ECDSA", Hash: "SHA384", TLS13: true},
	{ID: 0x0601, Name: "rsa_pkcs1_sha512", KeyType: "RSA", Hash: "SHA512"},
	{ID: 0x0602, Name: "dsa_sha512", KeyType: "DSA", Hash: "SHA512"},
	{ID: 0x0603, Name: "ecdsa_secp521r1_sha512", KeyType: "ECDSA", Hash: "SHA512", TLS13: true},
	{ID: 0x0804, Name: "rsa_pss_rsae_sha256", KeyType: "RSA", Hash: "SHA256", TLS13: true},
	{ID: 0x0805, Name: "rsa_pss_rsae_sha384", KeyType: "RSA", Hash: "SHA384", TLS13: true},
	{ID: 0x0806, Name: "rsa_pss_rsae_sha512", KeyType: "RSA", Hash: "SHA512", TLS13: true},
	{ID: 0x0807, Name: "ed25519", KeyType: "Ed25519", TLS13: true},
	{ID: 0x0808, Name: "ed448", KeyType: "Ed448", TLS13: true},
	{ID: 0x0809, Name: "rsa_pss_pss_sha256", KeyType: "RSA", Hash: "SHA256", TLS13: true},
	{ID: 0x080A, Name: "rsa_pss_pss_sha384", KeyType: "RSA", Hash: "SHA384", TLS13: true},
	{ID: 0x080B, Name: "rsa_pss_pss_sha512", KeyType: "RSA", Hash: "SHA512", TLS13: true},
	{ID: 0x081A, Name: "ecdsa_brainpoolP256r1tls13_sha256", KeyType: "ECDSA", Hash: "SHA256", TLS13: true},
	{ID: 0x081B, Name: "ecdsa_brainpoolP384r1tls13_sha384", KeyType: "ECDSA", Hash: "SHA384", TLS13: true},
	{ID: 0x081C, Name: "ecdsa_brainpoolP512r1tls13_sha512", KeyType: "ECDSA", Hash: "SHA512", TLS13: true},
	{ID: 0x0904, Name: "mldsa44", KeyType: "ML-DSA", TLS13: true},
	{ID: 0x0905, Name: "mldsa65", KeyType: "ML-DSA", TLS13: true},
	{ID: 0x0906, Name: "mldsa87", KeyType: "ML-DSA", TLS13: true},
}

var sigAlgByID = map[uint16]int{}

func init() {
	for i := range sigAlgs {
		sigAlgByID[sigAlgs[i].ID] = i
		if n := tls.SignatureScheme(sigAlgs[i].ID).String(); !strings.HasPrefix(n, "SignatureScheme(") {
			sigAlgs[i].GoName = n
		}
	}
}

// SigAlgs returns the signature schemes, sorted by ID.
func SigAlgs() []SigAlg { return append([]SigAlg(nil), sigAlgs...) }

// SigAlgByID returns the signature scheme with code point id.
func SigAlgByID(id uint16) (SigAlg, bool) {
	i, ok := sigAlgByID[id]
	if !ok {
		return SigAlg{}, false
	}
	return sigAlgs[i], true
}
