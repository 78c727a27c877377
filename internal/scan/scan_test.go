package scan

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/testport"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// goServer runs a crypto/tls server on 127.0.0.1 that completes each
// handshake, answers one HTTP request and closes.
func goServer(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if c.(*tls.Conn).Handshake() != nil {
					return
				}
				buf := make([]byte, 1024)
				if n, _ := c.Read(buf); n > 0 {
					c.Write([]byte("HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=63072000\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func goCert(keyType string) tls.Certificate {
	root := certgen.Root("scan root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.IP("127.0.0.1"), certgen.KeyType(keyType))
	return tls.Certificate{Certificate: [][]byte{leaf.DER, root.DER}, PrivateKey: leaf.Key}
}

func scan(t *testing.T, target string) *facts.Scan {
	t.Helper()
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: target, HandshakeTimeout: 3 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(f.Scan, "", " ")
		t.Logf("%s", b)
	}
	return f.Scan
}

func ids(cs []facts.AcceptedSuite) []uint16 {
	var out []uint16
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestScanGoTLS12: a Go server with three TLS 1.2 suites and two curves.
// Go chooses by its own order (AES-128-GCM, AES-256-GCM, ChaCha20 on
// machines with AES hardware, as this one is for Go's test of it below),
// so the scan must report server order and the exact set.
func TestScanGoTLS12(t *testing.T) {
	t.Parallel()
	want := []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{goCert("rsa2048")},
		MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: want,
		CurvePreferences: []tls.CurveID{tls.CurveP384, tls.X25519}})
	s := scan(t, "https://"+addr)
	for _, v := range s.Versions {
		if v.Offered != (v.Version == facts.VersionTLS12) || !v.Tested {
			t.Errorf("%s: offered %v tested %v (%s)", v.Version, v.Offered, v.Tested, v.Refusal)
		}
	}
	got := ids(s.SuitesFor(facts.VersionTLS12))
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("TLS 1.2 suites %x, want %x", got, want)
	}
	if !s.ServerOrder[facts.VersionTLS12] {
		t.Errorf("server order %v, want true", s.ServerOrder)
	}
	var groups []uint16
	for _, g := range s.Groups {
		groups = append(groups, g.ID)
	}
	// Go ignores CurvePreferences' order and uses its own (crypto/tls
	// Config.CurvePreferences documentation): X25519 before P-384.
	if !slices.Equal(groups, []uint16{tlswire.GroupX25519, tlswire.GroupSecp384r1}) {
		t.Errorf("groups %v, want [29 24] in Go's order", groups)
	}
	if len(s.Certs) != 1 || s.Certs[0].KeyType != "RSA" {
		t.Errorf("certs %+v", s.Certs)
	}
	if h := s.Features.HSTS; h == nil || *h != "max-age=63072000" {
		t.Errorf("HSTS %v", h)
	}
	if r := s.Features.SecureRenegotiation; r == nil || !*r {
		t.Errorf("secure renegotiation %v", r)
	}
	if c := s.Features.Compression; c == nil || *c != 0 {
		t.Errorf("compression %v", c)
	}
	if s.Stats.Connections == 0 || len(s.Clients) == 0 {
		t.Errorf("stats %+v, %d clients", s.Stats, len(s.Clients))
	}
}

// TestScanGoTLS13: a TLS 1.3-only Go server: the three TLS 1.3 suites Go
// always enables, the groups in its preference order, the chain from the
// full handshake.
func TestScanGoTLS13(t *testing.T) {
	t.Parallel()
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{goCert("p256")}, MinVersion: tls.VersionTLS13,
		CurvePreferences: []tls.CurveID{tls.X25519MLKEM768, tls.CurveP256, tls.X25519}})
	s := scan(t, addr)
	if !s.Accepts(facts.VersionTLS13) || s.Accepts(facts.VersionTLS12) {
		t.Fatalf("versions %+v", s.Versions)
	}
	got := ids(s.SuitesFor(facts.VersionTLS13))
	want := []uint16{tls.TLS_AES_128_GCM_SHA256, tls.TLS_AES_256_GCM_SHA384, tls.TLS_CHACHA20_POLY1305_SHA256}
	if !slices.Equal(sorted(got), want) {
		t.Errorf("TLS 1.3 suites %x, want %x", got, want)
	}
	var groups []uint16
	for _, g := range s.Groups {
		groups = append(groups, g.ID)
	}
	// In Go's own order, whatever CurvePreferences says: the hybrid,
	// X25519, then P-256.
	if !slices.Equal(groups, []uint16{tlswire.GroupX25519MLKEM768, tlswire.GroupX25519, tlswire.GroupSecp256r1}) {
		t.Errorf("groups %x, want the server's three in Go's order", groups)
	}
	if len(s.Certs) != 1 || s.Certs[0].KeyType != "ECDSA" {
		t.Errorf("certs %+v", s.Certs)
	}
}

// TestScanDualCertificate: a Go server with an RSA and an ECDSA
// certificate gives each to the suites of its key type.
func TestScanDualCertificate(t *testing.T) {
	t.Parallel()
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{goCert("p256"), goCert("rsa2048")},
		MaxVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}})
	s := scan(t, addr)
	kinds := map[string]bool{}
	for _, c := range s.Certs {
		kinds[c.KeyType] = true
	}
	if !kinds["RSA"] || !kinds["ECDSA"] || len(s.Certs) != 2 {
		t.Errorf("certs %+v, want an RSA and an ECDSA chain", s.Certs)
	}
	for _, c := range s.SuitesFor(facts.VersionTLS12) {
		want := map[uint16]string{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: "ECDSA", tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: "RSA"}[c.ID]
		if c.KeyType != want {
			t.Errorf("suite %#04x served by %s, want %s", c.ID, c.KeyType, want)
		}
	}
}

// TestScanRefused: nothing listens. The scan ends at once with the
// enumeration untested, never with versions called refused.
func TestScanRefused(t *testing.T) {
	t.Parallel()
	s := scan(t, testport.Addr(t))
	for _, v := range s.Versions {
		if v.Offered || v.Tested {
			t.Errorf("%s: offered %v tested %v", v.Version, v.Offered, v.Tested)
		}
	}
	if len(s.Untested) == 0 || s.Stats.Connections > 10 {
		t.Errorf("untested %+v, %d connections", s.Untested, s.Stats.Connections)
	}
}

func sorted(x []uint16) []uint16 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y
}

// TestScanTLS13DualCertificate: a TLS 1.3-only server with an RSA and an
// ECDSA certificate; both are read under the handshake keys.
func TestScanTLS13DualCertificate(t *testing.T) {
	t.Parallel()
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{goCert("p256"), goCert("rsa2048")}, MinVersion: tls.VersionTLS13})
	s := scan(t, addr)
	kinds := map[string]bool{}
	for _, c := range s.Certs {
		kinds[c.KeyType] = true
	}
	if !kinds["RSA"] || !kinds["ECDSA"] || len(s.Certs) != 2 {
		t.Errorf("certs %+v, want an RSA and an ECDSA chain", s.Certs)
	}
}

// TestScanEarlyData: openssl s_server -early_data announces early data in
// its tickets; without it, it does not.
func TestScanEarlyData(t *testing.T) {
	t.Parallel()
	leaf := scantest.NewLeaf(t, t.TempDir(), "p256")
	for _, early := range []bool{true, false} {
		args := []string{"-tls1_3"}
		if early {
			args = append(args, "-early_data")
		}
		port := scantest.OpenSSLNoWWW(t, leaf, args...)
		s := scan(t, "127.0.0.1:"+strconv.Itoa(port))
		if e := s.Features.EarlyData; e == nil || *e != early {
			t.Errorf("-early_data %v: early data %v", early, e)
		}
		if tk := s.Features.SessionTickets; tk == nil || !*tk {
			t.Errorf("-early_data %v: tickets %v", early, tk)
		}
	}
}

// TestScanPreambles: every connection of a scan repeats the target's
// plaintext start: the SMTP STARTTLS exchange, the NATS INFO line.
func TestScanPreambles(t *testing.T) {
	t.Parallel()
	suites := []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}
	opts := probetest.TLSOptions{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: suites}
	for name, target := range map[string]string{
		"smtp": "smtp://127.0.0.1:" + strconv.Itoa(probetest.StartTLS(t, "smtp", opts, false).Port),
		"nats": "nats://127.0.0.1:" + strconv.Itoa(probetest.NATS(t, probetest.NATSOptions{TLS: opts, TLSRequired: true}).Port),
	} {
		s := scan(t, target)
		got := ids(s.SuitesFor(facts.VersionTLS12))
		if !slices.Equal(sorted(got), sorted(suites)) || s.Accepts(facts.VersionTLS13) || s.Accepts(facts.VersionTLS11) {
			t.Errorf("%s: TLS 1.2 suites %x (want %x), versions %+v, untested %+v", name, got, suites, s.Versions, s.Untested)
		}
	}
}

// TestScanHostile: a server that takes connections and never answers, and
// one that answers with garbage, end the scan within its deadlines; a
// silent server's versions are untested, never refused, and garbage is
// never taken for a version the server accepts.
func TestScanHostile(t *testing.T) {
	t.Parallel()
	for name, srv := range map[string]*probetest.Server{"silent": probetest.Silent(t), "garbage": probetest.Garbage(t)} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: srv.Addr, HandshakeTimeout: time.Second, ConnectTimeout: time.Second},
				Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("the scan took %s with a 5 s deadline", took) // a hang guard, far above any normal run
			}
			for _, v := range f.Scan.Versions {
				if v.Offered || (name == "silent" && v.Tested) {
					t.Errorf("%s: offered %v tested %v (%s)", v.Version, v.Offered, v.Tested, v.Refusal)
				}
			}
			if len(f.Scan.Ciphers) != 0 || len(f.Scan.Certs) != 0 {
				t.Errorf("suites %v, chains %d from a %s server", f.Scan.Ciphers, len(f.Scan.Certs), name)
			}
		})
	}
}
