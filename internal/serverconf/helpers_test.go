package serverconf

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/testport"
)

// writeFile writes content to dir/name (creating directories) and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// One RSA key for all tests: generating one takes a noticeable time.
var rsaKeyOnce = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// writeCerts writes a self-signed CA-capable ECDSA pair (ec.crt, ec.key) and
// an RSA pair (rsa.crt, rsa.key) for localhost into dir, plus the ffdhe2048
// parameters (dh.pem).
func writeCerts(t *testing.T, dir string) {
	t.Helper()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey := rsaKeyOnce()
	for _, k := range []struct {
		name string
		pub  any
		priv any
	}{{"ec", &ec.PublicKey, ec}, {"rsa", &rsaKey.PublicKey, rsaKey}} {
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(time.Now().UnixNano()),
			Subject:               pkix.Name{CommonName: "localhost"},
			DNSNames:              []string{"localhost"},
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(24 * time.Hour),
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.pub, k.priv)
		if err != nil {
			t.Fatal(err)
		}
		kder, err := x509.MarshalPKCS8PrivateKey(k.priv)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, k.name+".crt", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
		writeFile(t, dir, k.name+".key", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})))
	}
	dh, err := os.ReadFile("testdata/ffdhe2048.pem")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "dh.pem", string(dh))
}

// expand replaces @DIR@ and @PORTn@ placeholders.
func expand(s, dir string, ports ...int) string {
	s = strings.ReplaceAll(s, "@DIR@", dir)
	for i, p := range ports {
		s = strings.ReplaceAll(s, "@PORT"+string(rune('0'+i))+"@", itoa(p))
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// freePort is a loopback port claimed for the test (see testport).
func freePort(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

func mustLoad(t *testing.T, path string, typ ServerType) *Config {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Load(ctx, path, typ)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return c
}

// loadWithin is mustLoad for input that could make Load loop for ever (an
// include loop): it fails the test if Load has not returned in 5 s.
func loadWithin(t *testing.T, path string, typ ServerType) *Config {
	t.Helper()
	type result struct {
		c   *Config
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := Load(context.Background(), path, typ)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load(%s): %v", path, r.err)
		}
		return r.c
	case <-time.After(5 * time.Second):
		t.Fatalf("Load(%s) did not return within 5 s", path)
		return nil
	}
}

func noProblems(t *testing.T, c *Config) {
	t.Helper()
	for _, p := range c.Problems {
		t.Errorf("unexpected problem: %s", p)
	}
}

// findProblem returns the first problem of kind, failing when there is none.
func findProblem(t *testing.T, c *Config, kind ProblemKind) Problem {
	t.Helper()
	for _, p := range c.Problems {
		if p.Kind == kind {
			return p
		}
	}
	t.Fatalf("no %s problem; problems: %v", kind, c.Problems)
	return Problem{}
}

func listener(t *testing.T, c *Config, name string) *Listener {
	t.Helper()
	var names []string
	for i := range c.Listeners {
		if c.Listeners[i].Name == name {
			return &c.Listeners[i]
		}
		names = append(names, c.Listeners[i].Name)
	}
	t.Fatalf("no listener %q; have %q", name, names)
	return nil
}

func values(ss []Setting) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Value)
	}
	return out
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func eqList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
