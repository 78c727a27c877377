package load

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// The places crypto/x509 looks on Linux and the BSDs (root_linux.go,
// root_unix.go), in the same order.
var (
	systemCertFiles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian/Ubuntu/Gentoo etc.
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora/RHEL 6
		"/etc/ssl/ca-bundle.pem",                            // OpenSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS/RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine Linux, FreeBSD, OpenBSD
	}
	systemCertDirs = []string{
		"/etc/ssl/certs",     // SLES10/SLES11
		"/etc/pki/tls/certs", // Fedora/RHEL
	}
)

// A system trust store holds ~150 roots, and parsing all of them cost
// 8-10 ms per run, a fifth of a whole `tlscheck files`. Only a root whose
// subject is the issuer of one of the inputs can end a path for them (every
// other link of a path is an input, a pool or an AIA certificate), so the
// store is read as DER with each certificate's raw subject picked out, and a
// root is parsed only when an input names it as its issuer.

// storeCert is one root of the store, parsed on first use.
type storeCert struct {
	der     []byte
	subject string // raw subject DER
	source  facts.Source
	once    sync.Once
	cert    *facts.Cert // nil when it does not parse
}

func (sc *storeCert) parsed() *facts.Cert {
	sc.once.Do(func() {
		if x, err := x509.ParseCertificate(sc.der); err == nil {
			sc.cert = &facts.Cert{Raw: sc.der, X509: x, Source: sc.source}
		}
	})
	return sc.cert
}

// rootStore is the system store (or the embedded Mozilla bundle).
type rootStore struct {
	certs     []*storeCert
	bySubject map[string][]int
}

func newRootStore(certs []*storeCert) *rootStore {
	s := &rootStore{certs: certs, bySubject: map[string][]int{}}
	for i, c := range certs {
		s.bySubject[c.subject] = append(s.bySubject[c.subject], i)
	}
	return s
}

// rootsCache holds the store per (SSL_CERT_FILE, SSL_CERT_DIR), so that
// loading many inputs (benchmarks, the limbo harness) reads it once.
var rootsCache struct {
	sync.Mutex
	byEnv map[string]*rootsEntry
}

type rootsEntry struct {
	once  sync.Once
	store *rootStore
}

// systemStore returns the operating system's trust store (RoleSystem),
// else the embedded Mozilla bundle (RoleBundled).
func systemStore() *rootStore {
	key := os.Getenv("SSL_CERT_FILE") + "\x00" + os.Getenv("SSL_CERT_DIR")
	rootsCache.Lock()
	if rootsCache.byEnv == nil {
		rootsCache.byEnv = map[string]*rootsEntry{}
	}
	e := rootsCache.byEnv[key]
	if e == nil {
		e = &rootsEntry{}
		rootsCache.byEnv[key] = e
	}
	rootsCache.Unlock()
	e.once.Do(func() {
		certs := readSystemRoots()
		if len(certs) == 0 {
			certs = bundledRoots()
		}
		e.store = newRootStore(certs)
	})
	return e.store
}

// SystemStoreSize is how many roots the system store (or the embedded
// bundle) offers.
func SystemStoreSize() int { return len(systemStore().certs) }

// SystemRootsFor returns the roots of the system store (or the embedded
// bundle) that issued one of certs, parsed, in store order, leaving out
// those in have. These are all the store's roots that can end a path for
// certs.
func SystemRootsFor(certs []*facts.Cert, have []*facts.Cert) []*facts.Cert {
	st := systemStore()
	already := map[string]bool{}
	for _, c := range have {
		if c != nil {
			already[string(c.Raw)] = true
		}
	}
	var idx []int
	seen := map[int]bool{}
	for _, c := range certs {
		if c == nil || c.X509 == nil {
			continue
		}
		for _, i := range st.bySubject[string(c.X509.RawIssuer)] {
			if !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
	}
	sort.Ints(idx)
	var out []*facts.Cert
	for _, i := range idx {
		sc := st.certs[i]
		if already[string(sc.der)] {
			continue
		}
		if c := sc.parsed(); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// systemRoots is every root of the store, parsed (tests).
func systemRoots() []*facts.Cert {
	var out []*facts.Cert
	for _, sc := range systemStore().certs {
		if c := sc.parsed(); c != nil {
			out = append(out, c)
		}
	}
	return out
}

func readSystemRoots() []*storeCert {
	var out []*storeCert
	seen := map[string]bool{}
	addPEM := func(path string, data []byte) {
		n := 0
		for rest := data; ; {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type != "CERTIFICATE" && b.Type != "TRUSTED CERTIFICATE" {
				continue
			}
			// /etc/ssl/certs holds every root of the bundle again, once
			// or twice (name and hash links).
			if seen[string(b.Bytes)] {
				continue
			}
			subject, ok := rawSubject(b.Bytes)
			if !ok {
				continue // not a certificate crypto/x509 could parse either
			}
			seen[string(b.Bytes)] = true
			out = append(out, &storeCert{der: b.Bytes, subject: subject, source: facts.Source{File: path, Index: n, Role: facts.RoleSystem}})
			n++
		}
	}
	files := systemCertFiles
	if f := os.Getenv("SSL_CERT_FILE"); f != "" {
		files = []string{f}
	}
	haveBundle := false
	for _, path := range files {
		// SSL_CERT_FILE may name anything: read it as an input file,
		// within the size limit and the stall timeout.
		if data, err := readPath(context.Background(), path, DefaultMaxFileSize, DefaultStallTimeout); err == nil {
			addPEM(path, data)
			haveBundle = len(out) > 0
			break
		}
	}
	// The distributions' bundle files are generated (update-ca-certificates,
	// update-ca-trust) from the same certificates their directories link
	// to, and walking /etc/ssl/certs (300 symlinks) costs more than the
	// rest of a run. The directories are read when there is no bundle, or
	// when SSL_CERT_DIR names them explicitly.
	dirs := systemCertDirs
	if haveBundle {
		dirs = nil
	}
	if d, ok := os.LookupEnv("SSL_CERT_DIR"); ok {
		dirs = strings.Split(d, ":")
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			fi, err := os.Stat(path)
			if err != nil || !fi.Mode().IsRegular() || fi.Size() > DefaultMaxFileSize {
				continue
			}
			if data, err := readPath(context.Background(), path, DefaultMaxFileSize, DefaultStallTimeout); err == nil {
				addPEM(path, data)
			}
		}
	}
	return out
}

func bundledRoots() []*storeCert {
	var out []*storeCert
	i := 0
	for r := range bundle.Roots() {
		subject, ok := rawSubject(r.Certificate)
		if !ok {
			continue
		}
		out = append(out, &storeCert{der: r.Certificate, subject: subject, source: facts.Source{File: "embedded Mozilla roots", Index: i, Role: facts.RoleBundled}})
		i++
	}
	return out
}

// rawSubject picks the subject Name (tag and length included, as
// x509.Certificate.RawSubject) out of a certificate's DER without parsing
// the rest.
func rawSubject(der []byte) (string, bool) {
	in := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return "", false
	}
	if !tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) || // version
		!tbs.SkipASN1(cbasn1.INTEGER) || // serialNumber
		!tbs.SkipASN1(cbasn1.SEQUENCE) || // signature
		!tbs.SkipASN1(cbasn1.SEQUENCE) || // issuer
		!tbs.SkipASN1(cbasn1.SEQUENCE) { // validity
		return "", false
	}
	var subject cryptobyte.String
	if !tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) {
		return "", false
	}
	return string(subject), true
}
