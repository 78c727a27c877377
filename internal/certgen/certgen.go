// Package certgen builds certificates and keys for tests: roots,
// intermediates and leaves with the options a check needs to be exercised
// (key type and size, SANs, EKU, KU, validity, signature algorithm, version).
// Everything is deterministic except keys and serials unless given.
package certgen

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"embed"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Epoch is the default notBefore: tests use a fixed clock around it.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Cert is a built certificate with its key.
type Cert struct {
	X509 *x509.Certificate
	DER  []byte
	Key  crypto.Signer
}

// PEM returns the certificate as a PEM block.
func (c *Cert) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.DER})
}

// KeyPEM returns the private key as PKCS#8 PEM.
func (c *Cert) KeyPEM() []byte { return KeyPEM(c.Key) }

// KeyPEM encodes a private key as PKCS#8 PEM.
func KeyPEM(k crypto.Signer) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// Bundle concatenates the PEM of several certificates in the order given.
func Bundle(cs ...*Cert) []byte {
	var b bytes.Buffer
	for _, c := range cs {
		b.Write(c.PEM())
	}
	return b.Bytes()
}

// Option changes the template before signing.
type Option func(*spec)

type spec struct {
	tmpl    *x509.Certificate
	key     crypto.Signer
	keySpec string
	sigAlg  x509.SignatureAlgorithm
	noBC    bool
	version int // 1 or 3
}

// Key uses the given key for the certificate.
func Key(k crypto.Signer) Option { return func(s *spec) { s.key = k } }

// KeyType generates a key: "rsa1024", "rsa2048", "rsa4096", "p256", "p384",
// "p521", "p224", "ed25519". Keys are cached per type so tests stay fast.
func KeyType(t string) Option { return func(s *spec) { s.keySpec = t } }

// DNS sets the DNS SANs.
func DNS(names ...string) Option { return func(s *spec) { s.tmpl.DNSNames = names } }

// IP sets the IP SANs.
func IP(ips ...string) Option {
	return func(s *spec) {
		for _, ip := range ips {
			s.tmpl.IPAddresses = append(s.tmpl.IPAddresses, net.ParseIP(ip))
		}
	}
}

// CN sets the subject common name.
func CN(cn string) Option { return func(s *spec) { s.tmpl.Subject.CommonName = cn } }

// Subject replaces the whole subject.
func Subject(n pkix.Name) Option { return func(s *spec) { s.tmpl.Subject = n } }

// EKU sets the extended key usages (none: no extension).
func EKU(u ...x509.ExtKeyUsage) Option { return func(s *spec) { s.tmpl.ExtKeyUsage = u } }

// KU sets the key usage bits (0: no extension).
func KU(u x509.KeyUsage) Option { return func(s *spec) { s.tmpl.KeyUsage = u } }

// Validity sets notBefore and notAfter.
func Validity(notBefore, notAfter time.Time) Option {
	return func(s *spec) { s.tmpl.NotBefore, s.tmpl.NotAfter = notBefore, notAfter }
}

// Days sets notAfter to notBefore plus n days.
func Days(n int) Option {
	return func(s *spec) { s.tmpl.NotAfter = s.tmpl.NotBefore.AddDate(0, 0, n) }
}

// SigAlg sets the signature algorithm (SHA1WithRSA needs GODEBUG; see sign).
func SigAlg(a x509.SignatureAlgorithm) Option { return func(s *spec) { s.sigAlg = a } }

// V1 makes an X.509 version 1 certificate (no extensions at all), as
// `openssl x509 -req -signkey` does.
func V1() Option { return func(s *spec) { s.version = 1 } }

// IsCA sets basicConstraints CA:TRUE on a leaf.
func IsCA() Option { return func(s *spec) { s.tmpl.IsCA = true; s.tmpl.BasicConstraintsValid = true } }

// NoBasicConstraints omits basicConstraints.
func NoBasicConstraints() Option { return func(s *spec) { s.noBC = true } }

// MaxPathLen sets the path length constraint of a CA.
func MaxPathLen(n int) Option {
	return func(s *spec) { s.tmpl.MaxPathLen = n; s.tmpl.MaxPathLenZero = n == 0 }
}

// PermittedDNS sets name constraints.
func PermittedDNS(d ...string) Option { return func(s *spec) { s.tmpl.PermittedDNSDomains = d } }

// AIA sets caIssuers URLs.
func AIA(urls ...string) Option { return func(s *spec) { s.tmpl.IssuingCertificateURL = urls } }

// Serial sets the serial number.
func Serial(n int64) Option { return func(s *spec) { s.tmpl.SerialNumber = big.NewInt(n) } }

// Template lets a test edit anything else.
func Template(f func(*x509.Certificate)) Option { return func(s *spec) { f(s.tmpl) } }

var (
	keyMu    sync.Mutex
	keyCache = map[string][]crypto.Signer{}
	keyNext  = map[string]int{}
)

// NewKey returns a fresh key of the given type ("rsa2048", "p256", ...).
// Keys come from a small per-type pool so a test suite does not spend its
// time generating RSA keys; distinct calls return distinct keys until the
// pool of 8 wraps around. The RSA keys are read from testkeys/ (made by its
// generate.go) rather than generated: generating them was a fifth of the
// test suite's CPU time.
func NewKey(t string) crypto.Signer {
	keyMu.Lock()
	defer keyMu.Unlock()
	i := keyNext[t]
	keyNext[t] = i + 1
	pool := keyCache[t]
	if len(pool) < 8 && i >= len(pool) {
		k := storedKey(t, i)
		if k == nil {
			k = genKey(t)
		}
		keyCache[t] = append(pool, k)
		return k
	}
	return pool[i%len(pool)]
}

//go:embed testkeys/*.pem
var storedKeys embed.FS

// storedKey is the i-th stored key of type t, or nil when none is stored.
func storedKey(t string, i int) crypto.Signer {
	if t == "" || t == "rsa" {
		t = "rsa2048"
	}
	data, err := storedKeys.ReadFile("testkeys/" + t + ".pem")
	if err != nil {
		return nil
	}
	for n := 0; ; n++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil
		}
		if n < i {
			continue
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			panic("certgen: stored key " + t + ": " + err.Error())
		}
		return k.(crypto.Signer)
	}
}

func genKey(t string) crypto.Signer {
	var k crypto.Signer
	var err error
	switch t {
	case "rsa512":
		k, err = rsa.GenerateKey(rand.Reader, 512)
	case "rsa1024":
		k, err = rsa.GenerateKey(rand.Reader, 1024)
	case "rsa2048", "", "rsa":
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	case "rsa3072":
		k, err = rsa.GenerateKey(rand.Reader, 3072)
	case "rsa4096":
		k, err = rsa.GenerateKey(rand.Reader, 4096)
	case "p224":
		k, err = ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	case "p256":
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "p384":
		k, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "p521":
		k, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case "ed25519":
		_, k, err = ed25519.GenerateKey(rand.Reader)
	default:
		panic("certgen: unknown key type " + t)
	}
	if err != nil {
		panic(err)
	}
	return k
}

// serialCounter numbers certificates; tests build them from many goroutines.
var serialCounter atomic.Int64

func init() { serialCounter.Store(1000) }

func newSpec(cn string) *spec {
	serial := serialCounter.Add(1)
	return &spec{
		version: 3,
		tmpl: &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn},
			NotBefore:    Epoch,
			NotAfter:     Epoch.AddDate(0, 0, 90),
		},
	}
}

// Root builds a self-signed CA (validity 10 years by default).
func Root(cn string, opts ...Option) *Cert {
	s := newSpec(cn)
	s.tmpl.NotAfter = Epoch.AddDate(10, 0, 0)
	s.tmpl.IsCA = true
	s.tmpl.BasicConstraintsValid = true
	s.tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	return build(s, nil, opts)
}

// Intermediate builds a CA signed by parent (validity 5 years by default).
func Intermediate(cn string, parent *Cert, opts ...Option) *Cert {
	s := newSpec(cn)
	s.tmpl.NotAfter = Epoch.AddDate(5, 0, 0)
	s.tmpl.IsCA = true
	s.tmpl.BasicConstraintsValid = true
	s.tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	return build(s, parent, opts)
}

// Leaf builds a server certificate signed by parent, with SAN = cn, EKU
// serverAuth, KU digitalSignature|keyEncipherment, 90 days; nil parent makes
// it self-signed.
func Leaf(cn string, parent *Cert, opts ...Option) *Cert {
	s := newSpec(cn)
	s.tmpl.BasicConstraintsValid = true
	s.tmpl.DNSNames = []string{cn}
	if ip := net.ParseIP(cn); ip != nil {
		s.tmpl.DNSNames = nil
		s.tmpl.IPAddresses = []net.IP{ip}
	}
	s.tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	s.tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	return build(s, parent, opts)
}

// ClientLeaf is Leaf with EKU clientAuth and no SAN.
func ClientLeaf(cn string, parent *Cert, opts ...Option) *Cert {
	base := []Option{EKU(x509.ExtKeyUsageClientAuth), DNS(), Template(func(t *x509.Certificate) { t.IPAddresses = nil })}
	return Leaf(cn, parent, append(base, opts...)...)
}

func build(s *spec, parent *Cert, opts []Option) *Cert {
	for _, o := range opts {
		o(s)
	}
	if s.key == nil {
		s.key = NewKey(s.keySpec)
	}
	if s.noBC {
		s.tmpl.BasicConstraintsValid = false
		s.tmpl.IsCA = false
	}
	pub := s.key.Public()
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	ski := sha1.Sum(spki)
	if s.tmpl.IsCA || parent == nil {
		s.tmpl.SubjectKeyId = ski[:]
	}
	signer, issuer := s.key, s.tmpl
	if parent != nil {
		signer, issuer = parent.Key, parent.X509
	}
	if s.sigAlg != 0 {
		s.tmpl.SignatureAlgorithm = s.sigAlg
	}
	var der []byte
	if s.version == 1 {
		der, err = buildV1(s.tmpl, issuer, pub, signer)
	} else {
		der, err = createCertificate(s.tmpl, issuer, pub, signer)
	}
	if err != nil {
		panic(fmt.Sprintf("certgen: %v", err))
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		panic(fmt.Sprintf("certgen: parse: %v", err))
	}
	return &Cert{X509: c, DER: der, Key: s.key}
}
