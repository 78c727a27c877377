package load

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"

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

// rootsCache holds parsed system roots per (SSL_CERT_FILE, SSL_CERT_DIR), so
// that loading many inputs (benchmarks, the limbo harness) parses them once.
var rootsCache struct {
	sync.Mutex
	byEnv map[string]*rootsEntry
}

type rootsEntry struct {
	once  sync.Once
	roots []*facts.Cert
}

// systemRoots returns the operating system's trust anchors (RoleSystem),
// else the embedded Mozilla bundle (RoleBundled). The result is a fresh
// slice of shared, read-only certificates.
func systemRoots() []*facts.Cert {
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
		e.roots = readSystemRoots()
		if len(e.roots) == 0 {
			e.roots = bundledRoots()
		}
	})
	return append([]*facts.Cert(nil), e.roots...)
}

func readSystemRoots() []*facts.Cert {
	var out []*facts.Cert
	seen := map[string]bool{}
	addPEM := func(path string, data []byte) {
		// /etc/ssl/certs holds every root of the bundle again, once or
		// twice (name and hash links): skip what was seen before paying
		// for a full parse.
		if len(seen) > 0 {
			fresh := unseenCertBlocks(data, seen)
			if fresh == nil {
				return
			}
			data = fresh
		}
		sub := &loader{f: &facts.Facts{}, cfg: Config{NoSystemRoots: true}}
		file := &facts.File{Path: path, Role: facts.RoleSystem}
		sub.parse(file, data)
		for _, c := range sub.f.Certs {
			if seen[string(c.Raw)] {
				continue
			}
			seen[string(c.Raw)] = true
			out = append(out, c)
		}
	}
	files := systemCertFiles
	if f := os.Getenv("SSL_CERT_FILE"); f != "" {
		files = []string{f}
	}
	haveBundle := false
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
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
			if data, err := os.ReadFile(path); err == nil {
				addPEM(path, data)
			}
		}
	}
	return out
}

func bundledRoots() []*facts.Cert {
	var out []*facts.Cert
	i := 0
	for r := range bundle.Roots() {
		c, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			continue
		}
		out = append(out, &facts.Cert{Raw: r.Certificate, X509: c, Source: facts.Source{File: "embedded Mozilla roots", Index: i, Role: facts.RoleBundled}})
		i++
	}
	return out
}

// unseenCertBlocks returns the PEM CERTIFICATE blocks of data whose DER is
// not in seen, re-encoded; nil when there are none. Data that holds no PEM
// certificate at all is returned whole, for the full parser to judge.
func unseenCertBlocks(data []byte, seen map[string]bool) []byte {
	var out []byte
	found := false
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" && b.Type != "TRUSTED CERTIFICATE" {
			continue
		}
		found = true
		if !seen[string(b.Bytes)] {
			out = append(out, pem.EncodeToMemory(b)...)
		}
	}
	if !found {
		return data
	}
	return out
}
