// Package facts holds everything tlscheck learned about its inputs (files,
// certificates, keys, trust roots, the clock) in one plain value, so that every
// check is a pure function of it and can be replayed from a saved facts file:
// Facts round-trip through JSON (see json.go).
package facts

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"
	"time"
)

// Role says what a file or object is meant to be in the deployment. Explicit
// roles come from flags (--cert, --key, --chain, --ca, --client-ca); positional
// paths get RoleAuto and are classified by content.
type Role string

const (
	RoleAuto      Role = ""          // positional input, classified by content
	RoleCert      Role = "cert"      // --cert, or cert.pem of a Let's Encrypt live directory
	RoleKey       Role = "key"       // --key, or privkey.pem
	RoleChain     Role = "chain"     // --chain, or chain.pem: intermediates sent after the leaf
	RoleFullchain Role = "fullchain" // fullchain.pem: leaf then intermediates, served as is
	RoleCA        Role = "ca"        // --ca: trust anchors for server certificates
	RoleClientCA  Role = "client-ca" // --client-ca: CA that verifies client certificates
	RoleSystem    Role = "system"    // the operating system's trust store
	RoleBundled   Role = "bundled"   // the embedded Mozilla root bundle (fallback)
	RoleAIA       Role = "aia"       // fetched from an authorityInfoAccess caIssuers URL
	// RolePool: --untrusted, an unordered pool of candidate intermediates
	// (openssl verify -untrusted, x509-limbo's untrusted_intermediates): used
	// to build paths, never a leaf, never a served chain, and not checked on
	// its own unless it ends up on a path.
	RolePool Role = "pool"
	// RoleCRL: --crl, revocation lists (loaded by content, like RoleAuto;
	// the role names them in the report's target).
	RoleCRL Role = "crl"
)

// Source says where an object was found: the file, its position among the
// objects of the same kind in that file (0-based), and the file's role.
type Source struct {
	File  string `json:"file"`
	Index int    `json:"index"`
	Role  Role   `json:"role,omitempty"`
	// ServedChain is, for a certificate of a chain a scan reached beyond
	// the full handshake's, the key type it was reached with ("RSA",
	// "ECDSA"); File then names that chain ("served RSA chain").
	ServedChain string `json:"served_chain,omitempty"`
}

// Encoding of a file's content.
const (
	EncodingPEM    = "pem"
	EncodingDER    = "der"
	EncodingPKCS7  = "pkcs7"  // PKCS#7 / CMS certs-only bundle (PEM or DER)
	EncodingPKCS12 = "pkcs12" // PKCS#12 / PFX
)

// Kinds of object a file may hold.
const (
	KindCertificate = "certificate"
	KindPrivateKey  = "private-key"
	KindPublicKey   = "public-key"
	KindCSR         = "csr"
	KindDHParams    = "dh-parameters"
	KindCRL         = "crl"
)

// File is one input file (or standard input, Path "-") as loaded.
type File struct {
	Path     string   `json:"path"`
	Role     Role     `json:"role,omitempty"`
	Encoding string   `json:"encoding,omitempty"` // EncodingPEM, EncodingDER, ...
	Kinds    []string `json:"kinds,omitempty"`    // distinct kinds found, in order of first appearance
	Size     int64    `json:"size"`
	// Mode is the permission bits (e.g. 0o644); HasMode is false for stdin.
	Mode    uint32 `json:"mode,omitempty"`
	HasMode bool   `json:"has_mode,omitempty"`
	// Problems are what went wrong reading the file: it could not be read
	// (a file.unreadable finding), or content problems such as garbage,
	// truncated PEM, bad base64, an unparsable block (each a
	// file.format-unknown finding). Empty when everything in the file was
	// understood.
	Problems []FileProblem `json:"problems,omitempty"`
	// PKCS12Error is set when a PKCS#12 bundle could not be opened (wrong or
	// missing password). Never contains the password.
	PKCS12Error string `json:"pkcs12_error,omitempty"`
	// LetsEncrypt marks a file of a Let's Encrypt live directory layout.
	LetsEncrypt bool `json:"lets_encrypt,omitempty"`
	// LinkTarget is where a Let's Encrypt live file's symbolic link points
	// (certbot: ../../archive/NAME/certN.pem), as written in the link.
	LinkTarget string `json:"link_target,omitempty"`
}

// Cert is one certificate with where it came from.
type Cert struct {
	Raw    []byte            `json:"raw"` // DER
	Source Source            `json:"source"`
	X509   *x509.Certificate `json:"-"` // parsed from Raw

	memo certMemo // lazily computed, safe for concurrent use; never copy a Cert
}

// certMemo holds what is derived from a Cert's immutable content.
type certMemo struct {
	selfSigned atomic.Int32 // 0 unknown, 1 no, 2 yes
	fp         atomic.Pointer[string]
	subject    atomic.Pointer[string]
	issuer     atomic.Pointer[string]
}

// selfSigCache remembers self-signature verdicts across Facts in one
// process (a shared root appears in every case of a batch run, and a
// signature check costs more than everything else about it).
var selfSigCache = newVerdictCache(selfSigCacheMax)

// selfSigCacheMax bounds selfSigCache for a process that runs for weeks
// (the exporter): at most this many verdicts, about 100 bytes each.
const selfSigCacheMax = 4096

// verdictCache maps the SHA-256 of a certificate's DER to a yes/no verdict,
// holding at most max entries in two generations: when the current one is
// full it replaces the previous one, whose entries are forgotten, and a
// verdict found in the previous generation moves to the current one. What
// is asked for in every run therefore stays, while the size never exceeds
// max, however many distinct certificates pass through.
type verdictCache struct {
	mu        sync.Mutex
	cur, prev map[[sha256.Size]byte]bool
	max       int
}

func newVerdictCache(limit int) *verdictCache {
	return &verdictCache{cur: map[[sha256.Size]byte]bool{}, max: limit}
}

func (vc *verdictCache) get(k [sha256.Size]byte) (verdict, ok bool) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if verdict, ok = vc.cur[k]; ok {
		return verdict, true
	}
	if verdict, ok = vc.prev[k]; ok {
		delete(vc.prev, k)
		vc.putLocked(k, verdict)
	}
	return verdict, ok
}

func (vc *verdictCache) put(k [sha256.Size]byte, verdict bool) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.putLocked(k, verdict)
}

func (vc *verdictCache) putLocked(k [sha256.Size]byte, verdict bool) {
	if _, ok := vc.cur[k]; !ok && len(vc.cur) >= max(vc.max/2, 1) {
		vc.prev, vc.cur = vc.cur, make(map[[sha256.Size]byte]bool, len(vc.cur))
	}
	vc.cur[k] = verdict
}

// len is the number of verdicts held.
func (vc *verdictCache) len() int {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	return len(vc.cur) + len(vc.prev)
}

// SubjectString is X509.Subject.String(), computed once (see nameString).
func (c *Cert) SubjectString() string {
	if p := c.memo.subject.Load(); p != nil {
		return *p
	}
	s := nameString(c.X509.Subject, c.X509.RawSubject)
	c.memo.subject.Store(&s)
	return s
}

// IssuerString is X509.Issuer.String(), computed once (see nameString).
func (c *Cert) IssuerString() string {
	if p := c.memo.issuer.Load(); p != nil {
		return *p
	}
	s := nameString(c.X509.Issuer, c.X509.RawIssuer)
	c.memo.issuer.Store(&s)
	return s
}

// maxNameAttrs is how many attributes of a name are rendered in full.
// pkix.Name.String concatenates string by string, so its cost grows with
// the square of the name's size: a hostile certificate with 2,049
// attributes (x509-limbo pathological::nc-dos-*) costs 60 MB of garbage
// per rendering.
const maxNameAttrs = 64

// nameString is n.String(), or for a name with more than maxNameAttrs
// attributes its first RDNs followed by how many were left out.
func nameString(n pkix.Name, raw []byte) string {
	if len(n.Names) <= maxNameAttrs {
		return n.String()
	}
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) > 0 || len(rdns) == 0 {
		return fmt.Sprintf("(a name with %d attributes)", len(n.Names))
	}
	keep := min(len(rdns), maxNameAttrs/4)
	return fmt.Sprintf("%s, … (%d more attributes)", rdns[:keep].String(), len(n.Names)-keep)
}

// Anchor reports whether the certificate came from a trust store or --ca.
func (c *Cert) Anchor() bool {
	switch c.Source.Role {
	case RoleCA, RoleSystem, RoleBundled:
		return true
	}
	return false
}

// Public reports whether the certificate is a publicly trusted root (system
// store or the embedded Mozilla bundle), as opposed to a private CA given with --ca.
func (c *Cert) Public() bool {
	return c.Source.Role == RoleSystem || c.Source.Role == RoleBundled
}

// SelfSigned reports whether subject equals issuer and the certificate's own
// key verifies its signature.
func (c *Cert) SelfSigned() bool {
	if c.X509 == nil {
		return false
	}
	if string(c.X509.RawSubject) != string(c.X509.RawIssuer) {
		return false
	}
	switch c.memo.selfSigned.Load() {
	case 1:
		return false
	case 2:
		return true
	}
	key := sha256.Sum256(c.X509.Raw)
	ok, known := selfSigCache.get(key)
	if !known {
		ok = c.X509.CheckSignatureFrom(c.X509) == nil || c.X509.CheckSignature(c.X509.SignatureAlgorithm, c.X509.RawTBSCertificate, c.X509.Signature) == nil
		selfSigCache.put(key, ok)
	}
	if ok {
		c.memo.selfSigned.Store(2)
	} else {
		c.memo.selfSigned.Store(1)
	}
	return ok
}

// IsCA reports basicConstraints CA:TRUE.
func (c *Cert) IsCA() bool { return c.X509 != nil && c.X509.BasicConstraintsValid && c.X509.IsCA }

// Fingerprint is the SHA-256 of the DER, lower-case hex.
func (c *Cert) Fingerprint() string {
	if p := c.memo.fp.Load(); p != nil {
		return *p
	}
	sum := sha256.Sum256(c.Raw)
	s := hex.EncodeToString(sum[:])
	c.memo.fp.Store(&s)
	return s
}

// SPKIPin is the SHA-256 of the SubjectPublicKeyInfo, lower-case hex: the form
// NATS pinned_certs expects.
func (c *Cert) SPKIPin() string {
	if c.X509 == nil {
		return ""
	}
	s := sha256.Sum256(c.X509.RawSubjectPublicKeyInfo)
	return hex.EncodeToString(s[:])
}

// KeyType is the algorithm of a private key. In JSON it is the name.
type KeyType string

// Key types.
const (
	KeyRSA     KeyType = "RSA"
	KeyECDSA   KeyType = "ECDSA"
	KeyEd25519 KeyType = "Ed25519"
	KeyX25519  KeyType = "X25519"
	KeyECDH    KeyType = "ECDH" // an ECDH-only key on another curve
	KeyDSA     KeyType = "DSA"
	KeyUnknown KeyType = "unknown"
)

// Key is a private key. For an encrypted key only Encrypted, the
// EncryptionFormat and (where the format reveals it) Type are known.
type Key struct {
	Source Source  `json:"source"`
	Type   KeyType `json:"type"`
	Bits   int     `json:"bits,omitempty"`
	Curve  string  `json:"curve,omitempty"` // "P-256", ... for ECDSA
	// Encrypted is true for "Proc-Type: 4,ENCRYPTED" PEM, "ENCRYPTED PRIVATE
	// KEY" PKCS#8, or an encrypted key we could not open.
	Encrypted        bool   `json:"encrypted,omitempty"`
	EncryptionFormat string `json:"encryption_format,omitempty"` // e.g. "legacy PEM (AES-256-CBC)", "PKCS#8 (PBES2)"
	// Public is the public half (nil when encrypted). Never serialised: the
	// private key itself is not kept anywhere in Facts.
	Public crypto.PublicKey `json:"-"`
	// SPKIPin of Public, so saved facts can still pair keys with certificates.
	SPKIPin string `json:"spki_pin,omitempty"`
}

// CSR is a certificate signing request.
type CSR struct {
	Raw    []byte                   `json:"raw"`
	Source Source                   `json:"source"`
	X509   *x509.CertificateRequest `json:"-"`
	// SignatureError is the result of CheckSignature, "" when it verifies.
	SignatureError string `json:"signature_error,omitempty"`
}

// DHParams are Diffie-Hellman parameters (a "DH PARAMETERS" file).
type DHParams struct {
	Source Source   `json:"source"`
	Bits   int      `json:"bits"`
	P      *big.Int `json:"p"`
	G      *big.Int `json:"g"`
}

// CRL is a certificate revocation list.
type CRL struct {
	Raw    []byte               `json:"raw"`
	Source Source               `json:"source"`
	X509   *x509.RevocationList `json:"-"`
}

// Purposes for Options.Purpose.
const (
	PurposeServer = "server"
	PurposeClient = "client"
	PurposeBoth   = "both"
	// PurposeAny: no extended key usage is required (x509-limbo cases with
	// an empty extended_key_usage; openssl verify without -purpose).
	PurposeAny = "any"
)

// Profiles for Options.Profile.
const (
	ProfileAuto    = "auto"
	ProfilePrivate = "private"
	ProfileWebPKI  = "webpki"
)

// DefaultWarnDays is the default of --warn-days, for callers that build
// Options by hand: Let's Encrypt's certbot renews 30 days before expiry.
const DefaultWarnDays = 30

// Options are the user's expectations that checks compare against.
type Options struct {
	Hosts    []string `json:"hosts,omitempty"` // DNS names or IP literals
	Purpose  string   `json:"purpose"`         // PurposeServer, PurposeClient, PurposeBoth
	WarnDays int      `json:"warn_days"`       // cert.expires-soon window in days; 0 (or less): off. --warn-days defaults to DefaultWarnDays
	Profile  string   `json:"profile"`         // ProfileAuto, ProfilePrivate, ProfileWebPKI
	// UnorderedPool is true when the input certificates are a pool of
	// candidates whose order means nothing (x509-limbo's untrusted
	// intermediates): no chain.order, chain.unrelated-cert or chain.duplicate.
	UnorderedPool bool `json:"unordered_pool,omitempty"`
	// MaxChainDepth limits the intermediates (self-issued ones not counted,
	// as for pathLenConstraint) a path may have, when HasMaxChainDepth is
	// set (--max-chain-depth, like openssl verify -verify_depth).
	MaxChainDepth    int  `json:"max_chain_depth,omitempty"`
	HasMaxChainDepth bool `json:"has_max_chain_depth,omitempty"`
	// HandshakeBudgetMS is the --handshake-budget of a probe in milliseconds:
	// a slower handshake is tls.slow-handshake. 0 means the default, 500 ms
	// (the NATS server's default TLS timeout).
	HandshakeBudgetMS int `json:"handshake_budget_ms,omitempty"`
	// Policy is the --policy a scan is judged against (mozilla-modern,
	// mozilla-intermediate, mozilla-old; checks/policy.Valid names them);
	// "" judges against none.
	Policy string `json:"policy,omitempty"`
}

// DefaultHandshakeBudgetMS is the handshake budget when Options leaves it 0.
const DefaultHandshakeBudgetMS = 500

// Facts is everything the checks may look at. Loaders fill it; checks only read it.
type Facts struct {
	Now     time.Time `json:"now"`
	Options Options   `json:"options"`

	Files []*File `json:"files"`
	// Certs are all certificates from the inputs (not trust anchors), in load
	// order; the same certificate may appear more than once (different files).
	Certs []*Cert `json:"certs"`
	// Roots are trust anchors: --ca files, else the system store, else the
	// embedded Mozilla bundle.
	Roots []*Cert `json:"roots"`
	// ClientCAs are the --client-ca certificates.
	ClientCAs []*Cert `json:"client_cas,omitempty"`
	// ClientChain is what a probe sends as its client certificate (--cert),
	// leaf first, with RoleClientCert. It is kept apart from Certs so that
	// no server-certificate check reads it.
	ClientChain []*Cert `json:"client_chain,omitempty"`
	// ClientKey is the public half of the key a probe signs with as the
	// client (--key, or the key of a PKCS#12 --cert), so that checks can
	// tell whether it belongs to ClientChain[0]. The private key is never
	// kept in Facts.
	ClientKey *Key        `json:"client_key,omitempty"`
	Keys      []*Key      `json:"keys,omitempty"`
	CSRs      []*CSR      `json:"csrs,omitempty"`
	DHParams  []*DHParams `json:"dh_params,omitempty"`
	CRLs      []*CRL      `json:"crls,omitempty"`
	// Skipped are the files met while walking a directory that were not
	// read as inputs: neither their name (.crt, .pem, .key, ...) nor their
	// content (a PEM armour line, DER) looks like a certificate or key.
	Skipped []string `json:"skipped,omitempty"`
	// Connection is set by a probe: what the server did on the wire. The
	// certificates it served are in Certs with RoleServed, in served order.
	Connection *Connection `json:"connection,omitempty"`
	// Scan is set by `tlscheck scan`: everything the server accepts.
	Scan *Scan `json:"-"`
	// Config is set by `tlscheck config`: the listener's view of the
	// server configuration that named the files (facts.ServerConfig).
	Config *ServerConfig `json:"config,omitempty"`

	memo struct {
		leavesOnce sync.Once
		leaves     []*Cert
		derivedMu  sync.Mutex
		derived    map[any]*derivedValue
	}
}

type derivedValue struct {
	once sync.Once
	v    any
}

// Derived returns compute's result for key, computed once per Facts value
// (until Invalidate) and shared by every check: the way go/analysis shares
// an analyzer's result. Packages that derive work from facts keep it here,
// because facts cannot import them (internal/paths memoises the built
// certification paths this way). key is a value of an unexported type of
// the calling package, so that no two packages collide.
func (f *Facts) Derived(key any, compute func() any) any {
	f.memo.derivedMu.Lock()
	if f.memo.derived == nil {
		f.memo.derived = map[any]*derivedValue{}
	}
	d := f.memo.derived[key]
	if d == nil {
		d = &derivedValue{}
		f.memo.derived[key] = d
	}
	f.memo.derivedMu.Unlock()
	// Not under derivedMu: compute may ask for another derived value.
	d.once.Do(func() { d.v = compute() })
	return d.v
}

// FileOf returns the File a source refers to, or nil (trust store, AIA).
// A path loaded twice (as --ca and as an input) has one File per role.
func (f *Facts) FileOf(s Source) *File {
	var byPath *File
	for _, file := range f.Files {
		if file.Path == s.File {
			if file.Role == s.Role {
				return file
			}
			if byPath == nil {
				byPath = file
			}
		}
	}
	return byPath
}

// CertsIn returns the certificates loaded from the given file path, in file order.
func (f *Facts) CertsIn(path string) []*Cert {
	var out []*Cert
	for _, c := range f.Certs {
		if c.Source.File == path {
			out = append(out, c)
		}
	}
	return out
}

// Leaves returns the distinct end-entity certificates among the inputs: not
// CA:TRUE; or CA:TRUE but first in a --cert / fullchain file, or first with a
// subjectAltName in a bundle of several certificates (a served chain), or first in its
// file with its private key among the inputs and no input certificate issued
// by it (a server certificate made with `openssl req -x509`). Duplicates (same DER in several files) are reported once, at
// their first occurrence, preferring a RoleCert or RoleFullchain file.
func (f *Facts) Leaves() []*Cert {
	f.memo.leavesOnce.Do(func() { f.memo.leaves = findLeaves(f) })
	return f.memo.leaves
}

func findLeaves(f *Facts) []*Cert {
	seen := map[string]int{}
	pins := map[string]bool{}
	for _, k := range f.Keys {
		if k.SPKIPin != "" {
			pins[k.SPKIPin] = true
		}
	}
	var out []*Cert
	for _, c := range f.Certs {
		if c.X509 == nil || c.Source.Role == RolePool {
			continue
		}
		leaf := !c.IsCA()
		if !leaf && c.Source.Index == 0 && (c.Source.Role == RoleCert || c.Source.Role == RoleFullchain || c.Source.Role == RoleServed) && !f.IssuedOthers(c) {
			leaf = true // the user said this is the server certificate
		}
		if !leaf && c.Source.Index == 0 && c.Source.Role == RoleAuto && servedChainHead(f, c) && !f.IssuedOthers(c) {
			leaf = true // what a server sends as its own, validated as such (cert.is-ca, path checks)
		}
		if !leaf && c.Source.Index == 0 && !c.Anchor() && pins[c.SPKIPin()] && !f.IssuedOthers(c) {
			// `openssl req -x509` marks self-signed server certificates
			// CA:TRUE; the deployed private key says what it is for. A
			// private root next to its own key that issued another input
			// certificate is a CA, not a server certificate.
			leaf = true
		}
		if !leaf {
			continue
		}
		key := string(c.Raw)
		if i, ok := seen[key]; ok {
			if prefer(c.Source.Role) && !prefer(out[i].Source.Role) {
				out[i] = c
			}
			continue
		}
		seen[key] = len(out)
		out = append(out, c)
	}
	return out
}

// servedChainHead reports whether c, the first certificate of a file given
// without a role, heads a served chain: the file holds more than one
// certificate and c names a server (it has a subjectAltName), as a
// fullchain.pem does. A bundle of CA certificates (intermediate then root,
// a CA file) has no subjectAltName on its first certificate and stays a
// bundle of CAs.
func servedChainHead(f *Facts, c *Cert) bool {
	x := c.X509
	if len(x.DNSNames)+len(x.IPAddresses)+len(x.URIs)+len(x.EmailAddresses) == 0 {
		return false
	}
	n := 0
	for _, o := range f.Certs {
		if o.Source.File == c.Source.File && o.Source.Role == c.Source.Role {
			if n++; n > 1 {
				return true
			}
		}
	}
	return false
}

// IssuedOthers reports whether another input certificate was issued by c.
func (f *Facts) IssuedOthers(c *Cert) bool {
	for _, o := range f.Certs {
		if o.X509 != nil && !bytes.Equal(o.Raw, c.Raw) && IssuedBy(o.X509, c.X509) {
			return true
		}
	}
	return false
}

func prefer(r Role) bool { return r == RoleCert || r == RoleFullchain }

// Invalidate drops memoised results (leaves, and every Derived value such
// as the built paths) after the loader has added certificates, e.g. fetched
// over AIA. It is for whoever builds the Facts (internal/load; tests that
// change Options), and only before any check runs: it resets sync.Once
// values in place, which is a data race with a check reading them. A check
// never calls it.
func (f *Facts) Invalidate() {
	f.memo.leavesOnce = sync.Once{}
	f.memo.leaves = nil
	f.memo.derivedMu.Lock()
	f.memo.derived = nil
	f.memo.derivedMu.Unlock()
}
