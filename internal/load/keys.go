package load

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/dsa"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

var (
	oidRSAPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidDSA    = asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidEC     = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidX448   = asn1.ObjectIdentifier{1, 3, 101, 111}
	oidEd448  = asn1.ObjectIdentifier{1, 3, 101, 113}
)

// curveNames names the curves people meet, including those Go cannot use.
var curveNames = map[string]string{
	"1.2.840.10045.3.1.7":   "P-256",
	"1.3.132.0.34":          "P-384",
	"1.3.132.0.35":          "P-521",
	"1.3.132.0.33":          "P-224",
	"1.2.840.10045.3.1.1":   "P-192",
	"1.3.132.0.10":          "secp256k1",
	"1.3.36.3.3.2.8.1.1.7":  "brainpoolP256r1",
	"1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
	"1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
	"1.2.156.10197.1.301":   "SM2",
	"1.3.132.0.6":           "secp112r1",
	"1.2.840.10045.3.1.2":   "prime192v2",
	"1.2.840.10045.3.1.3":   "prime192v3",
}

func curveName(oid asn1.ObjectIdentifier) string {
	if n, ok := curveNames[oid.String()]; ok {
		return n
	}
	return oid.String()
}

// keyFacts describes a parsed private key; the private key itself goes no
// further than this function.
func keyFacts(priv any) (*facts.Key, error) {
	k := &facts.Key{}
	var pub crypto.PublicKey
	switch p := priv.(type) {
	case *rsa.PrivateKey:
		k.Type, k.Bits, pub = "RSA", p.N.BitLen(), &p.PublicKey
	case *ecdsa.PrivateKey:
		k.Type, k.Bits, k.Curve, pub = "ECDSA", p.Curve.Params().BitSize, p.Curve.Params().Name, &p.PublicKey
	case ed25519.PrivateKey:
		k.Type, pub = "Ed25519", p.Public() // fixed size: Bits says nothing more
	case *ecdh.PrivateKey:
		if p.Curve() == ecdh.X25519() {
			k.Type = facts.KeyX25519
		} else {
			k.Type = facts.KeyECDH
		}
		pub = p.PublicKey()
	case *dsa.PrivateKey:
		k.Type, k.Bits, pub = "DSA", p.P.BitLen(), &p.PublicKey
	default:
		return nil, fmt.Errorf("unsupported private key type %T", priv)
	}
	k.Public = pub
	k.SPKIPin = spkiPin(pub)
	return k, nil
}

// spkiPin is the hex SHA-256 of the public key's DER SubjectPublicKeyInfo,
// the same value facts.Cert.SPKIPin gives for its certificate.
func spkiPin(pub crypto.PublicKey) string {
	var der []byte
	var err error
	if d, ok := pub.(*dsa.PublicKey); ok {
		der, err = marshalDSAPublicKey(d)
	} else {
		der, err = x509.MarshalPKIXPublicKey(pub)
	}
	if err != nil {
		return ""
	}
	s := sha256.Sum256(der)
	return hex.EncodeToString(s[:])
}

func marshalDSAPublicKey(pub *dsa.PublicKey) ([]byte, error) {
	params, err := asn1.Marshal(struct{ P, Q, G *big.Int }{pub.P, pub.Q, pub.G})
	if err != nil {
		return nil, err
	}
	y, err := asn1.Marshal(pub.Y)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(struct {
		Algo      pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}{
		pkix.AlgorithmIdentifier{Algorithm: oidDSA, Parameters: asn1.RawValue{FullBytes: params}},
		asn1.BitString{Bytes: y, BitLength: 8 * len(y)},
	})
}

// pkcs8Key handles a "PRIVATE KEY" block or DER PKCS#8.
func (fp *fileParser) pkcs8Key(der []byte, where string) {
	k, err := parsePKCS8(der)
	if err != nil {
		fp.keyIdx++
		fp.problem(facts.FileBadKey, fmt.Sprintf("%s is not a valid PKCS#8 private key: %v", where, err))
		return
	}
	fp.addKey(k)
}

type pkcs8Info struct {
	Version    int
	Algo       pkix.AlgorithmIdentifier
	PrivateKey []byte
}

// parsePKCS8 parses PKCS#8 with Go, then by hand for the algorithms Go does
// not support (DSA, Ed448, X448, RSA-PSS, EC on other curves) so they can
// still be described.
func parsePKCS8(der []byte) (*facts.Key, error) {
	priv, goErr := x509.ParsePKCS8PrivateKey(der)
	if goErr == nil {
		return keyFacts(priv)
	}
	var info pkcs8Info
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		return nil, goErr
	}
	switch alg := info.Algo.Algorithm; {
	case alg.Equal(oidDSA):
		var params struct{ P, Q, G *big.Int }
		if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil {
			return nil, fmt.Errorf("DSA parameters: %v", err)
		}
		var x *big.Int
		if _, err := asn1.Unmarshal(info.PrivateKey, &x); err != nil {
			return nil, fmt.Errorf("DSA private value: %v", err)
		}
		return keyFacts(dsaKey(params.P, params.Q, params.G, x))
	case alg.Equal(oidRSAPSS):
		rk, err := x509.ParsePKCS1PrivateKey(info.PrivateKey)
		if err != nil {
			return nil, goErr
		}
		k, err := keyFacts(rk)
		if err != nil {
			return nil, err
		}
		k.SPKIPin = "" // an RSASSA-PSS key's SPKI carries a different OID
		return k, nil
	case alg.Equal(oidEd448):
		return &facts.Key{Type: "Ed448"}, nil
	case alg.Equal(oidX448):
		return &facts.Key{Type: "X448"}, nil
	case alg.Equal(oidEC):
		var curve asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &curve); err != nil {
			return &facts.Key{Type: facts.KeyECDSA, Curve: "explicit parameters"}, nil
		}
		return &facts.Key{Type: facts.KeyECDSA, Curve: curveName(curve)}, nil
	}
	return nil, goErr
}

func dsaKey(p, q, g, x *big.Int) *dsa.PrivateKey {
	y := new(big.Int).Exp(g, x, p)
	return &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: p, Q: q, G: g}, Y: y}, X: x}
}

// traditionalKey handles unencrypted PKCS#1, SEC1 and OpenSSL DSA keys.
func (fp *fileParser) traditionalKey(typ string, der []byte, where string) {
	k, err := parseTraditional(typ, der)
	if err != nil {
		fp.keyIdx++
		fp.problem(facts.FileBadKey, fmt.Sprintf("%s is not a valid %s: %v", where, strings.ToLower(typ), err))
		return
	}
	fp.addKey(k)
}

func parseTraditional(typ string, der []byte) (*facts.Key, error) {
	switch typ {
	case "RSA PRIVATE KEY":
		rk, err := x509.ParsePKCS1PrivateKey(der)
		if err != nil {
			return nil, err
		}
		return keyFacts(rk)
	case "EC PRIVATE KEY":
		ek, err := x509.ParseECPrivateKey(der)
		if err == nil {
			return keyFacts(ek)
		}
		var sec1 struct {
			Version    int
			PrivateKey []byte
			Curve      asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
		}
		if _, e2 := asn1.Unmarshal(der, &sec1); e2 != nil || len(sec1.Curve) == 0 {
			return nil, err
		}
		return &facts.Key{Type: facts.KeyECDSA, Curve: curveName(sec1.Curve)}, nil
	case "DSA PRIVATE KEY":
		var d struct {
			Version       int
			P, Q, G, Y, X *big.Int
		}
		if _, err := asn1.Unmarshal(der, &d); err != nil {
			return nil, err
		}
		return keyFacts(dsaKey(d.P, d.Q, d.G, d.X))
	}
	return nil, fmt.Errorf("unknown key type %q", typ)
}

// legacyEncryptedKey handles OpenSSL's "Proc-Type: 4,ENCRYPTED" PEM keys.
// The block type tells the algorithm; the password, when given, opens it so
// the key can still be paired with its certificate.
func (fp *fileParser) legacyEncryptedKey(typ string, headers map[string]string, der []byte, where string) {
	cipherName, _, _ := strings.Cut(headers["DEK-Info"], ",")
	if cipherName == "" {
		cipherName = "unknown cipher"
	}
	k := &facts.Key{Type: keyTypeOfBlock(typ)}
	if pw := fp.l.cfg.Password; pw != "" {
		block := &pem.Block{Type: typ, Headers: headers, Bytes: der}
		//lint:ignore SA1019 legacy PEM encryption is what these files use.
		if plain, err := x509.DecryptPEMBlock(block, []byte(pw)); err == nil {
			if opened, err := parseTraditional(typ, plain); err == nil {
				k = opened
			}
		}
	}
	k.Encrypted = true
	k.EncryptionFormat = "legacy PEM (" + cipherName + ")"
	fp.addKey(k)
}

func keyTypeOfBlock(typ string) facts.KeyType {
	switch typ {
	case "RSA PRIVATE KEY":
		return facts.KeyRSA
	case "EC PRIVATE KEY":
		return facts.KeyECDSA
	case "DSA PRIVATE KEY":
		return facts.KeyDSA
	}
	return facts.KeyUnknown
}

var (
	oidPBES2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidScrypt       = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	oidHMACSHA1     = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA384   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACSHA512   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC    = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC    = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC    = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC   = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidDESCBC       = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 7}
	pbes1Algorithms = map[string]string{
		"1.2.840.113549.1.5.3":    "PBES1 (MD5 and DES-CBC)",
		"1.2.840.113549.1.5.6":    "PBES1 (MD5 and RC2-CBC)",
		"1.2.840.113549.1.5.10":   "PBES1 (SHA-1 and DES-CBC)",
		"1.2.840.113549.1.5.11":   "PBES1 (SHA-1 and RC2-CBC)",
		"1.2.840.113549.1.12.1.1": "PKCS#12 PBE (SHA-1 and 128-bit RC4)",
		"1.2.840.113549.1.12.1.2": "PKCS#12 PBE (SHA-1 and 40-bit RC4)",
		"1.2.840.113549.1.12.1.3": "PKCS#12 PBE (SHA-1 and 3-key 3DES-CBC)",
		"1.2.840.113549.1.12.1.4": "PKCS#12 PBE (SHA-1 and 2-key 3DES-CBC)",
		"1.2.840.113549.1.12.1.5": "PKCS#12 PBE (SHA-1 and 128-bit RC2-CBC)",
		"1.2.840.113549.1.12.1.6": "PKCS#12 PBE (SHA-1 and 40-bit RC2-CBC)",
	}
	pbes2Ciphers = map[string]string{
		oidAES128CBC.String():       "AES-128-CBC",
		oidAES192CBC.String():       "AES-192-CBC",
		oidAES256CBC.String():       "AES-256-CBC",
		oidDESEDE3CBC.String():      "DES-EDE3-CBC",
		oidDESCBC.String():          "DES-CBC",
		"1.2.410.200004.1.4":        "SEED-CBC",
		"1.2.392.200011.61.1.1.1.2": "CAMELLIA-128-CBC",
		"1.2.392.200011.61.1.1.1.4": "CAMELLIA-256-CBC",
		"1.2.643.7.1.1.5.1":         "GOST Magma",
		"1.2.156.10197.1.104.2":     "SM4-CBC",
	}
)

type encryptedPrivateKeyInfo struct {
	Algo          pkix.AlgorithmIdentifier
	EncryptedData []byte
}

type pbes2Params struct {
	KDF    pkix.AlgorithmIdentifier
	Cipher pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

// encryptedPKCS8Key describes an "ENCRYPTED PRIVATE KEY" from its
// AlgorithmIdentifier (no passphrase needed); with a password it is opened
// to learn the key type.
func (fp *fileParser) encryptedPKCS8Key(der []byte, where string) {
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		fp.keyIdx++
		fp.problem(facts.FileBadKey, fmt.Sprintf("%s is not a valid encrypted PKCS#8 key (EncryptedPrivateKeyInfo)", where))
		return
	}
	fp.addKey(fp.describeEncryptedPKCS8(&info))
}

func (fp *fileParser) describeEncryptedPKCS8(info *encryptedPrivateKeyInfo) *facts.Key {
	k := &facts.Key{Type: facts.KeyUnknown}
	alg := info.Algo.Algorithm
	format := "PKCS#8 (" + alg.String() + ")"
	if name, ok := pbes1Algorithms[alg.String()]; ok {
		format = "PKCS#8 " + name
	}
	if alg.Equal(oidPBES2) {
		format = "PKCS#8 PBES2"
		var params pbes2Params
		if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err == nil {
			c := pbes2Ciphers[params.Cipher.Algorithm.String()]
			if c == "" {
				c = params.Cipher.Algorithm.String()
			}
			if params.KDF.Algorithm.Equal(oidScrypt) {
				c += ", scrypt"
			}
			format += " (" + c + ")"
			if pw := fp.l.cfg.Password; pw != "" {
				if plain, err := decryptPBES2(&params, info.EncryptedData, pw); err == nil {
					if opened, err := parsePKCS8(plain); err == nil {
						k = opened
					}
				}
			}
		}
	}
	k.Encrypted = true
	k.EncryptionFormat = format
	return k
}

// decryptPBES2 opens PBES2 with PBKDF2 and a CBC cipher (RFC 8018 6.2), what
// `openssl pkcs8 -topk8 -v2 ...` writes.
func decryptPBES2(params *pbes2Params, data []byte, password string) ([]byte, error) {
	if !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, errors.New("unsupported key derivation")
	}
	var kdf pbkdf2Params
	if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
		return nil, err
	}
	var h func() hash.Hash
	switch prf := kdf.PRF.Algorithm; {
	case len(prf) == 0 || prf.Equal(oidHMACSHA1):
		h = sha1.New
	case prf.Equal(oidHMACSHA256):
		h = sha256.New
	case prf.Equal(oidHMACSHA384):
		h = sha512.New384
	case prf.Equal(oidHMACSHA512):
		h = sha512.New
	default:
		return nil, errors.New("unsupported PRF")
	}
	var keyLen int
	var newCipher func([]byte) (cipher.Block, error)
	switch c := params.Cipher.Algorithm; {
	case c.Equal(oidAES128CBC):
		keyLen, newCipher = 16, aes.NewCipher
	case c.Equal(oidAES192CBC):
		keyLen, newCipher = 24, aes.NewCipher
	case c.Equal(oidAES256CBC):
		keyLen, newCipher = 32, aes.NewCipher
	case c.Equal(oidDESEDE3CBC):
		keyLen, newCipher = 24, des.NewTripleDESCipher
	default:
		return nil, errors.New("unsupported cipher")
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Cipher.Parameters.FullBytes, &iv); err != nil {
		return nil, err
	}
	if kdf.Iterations <= 0 || kdf.Iterations > 10_000_000 {
		return nil, errors.New("implausible iteration count")
	}
	key, err := pbkdf2.Key(h, password, kdf.Salt, kdf.Iterations, keyLen)
	if err != nil {
		return nil, err
	}
	block, err := newCipher(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != block.BlockSize() || len(data) == 0 || len(data)%block.BlockSize() != 0 {
		return nil, errors.New("bad ciphertext length")
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > block.BlockSize() || !hmac.Equal(plain[len(plain)-pad:], bytesRepeat(byte(pad), pad)) {
		return nil, errors.New("wrong password")
	}
	return plain[:len(plain)-pad], nil
}

func bytesRepeat(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}
