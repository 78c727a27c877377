package scan

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// prefixConn replays bytes already read before the rest of the connection.
type prefixConn struct {
	net.Conn
	r io.Reader
}

func (c *prefixConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// resetOnLarge runs a crypto/tls server that resets any connection whose
// first record is longer than limit bytes, as some appliances do.
func resetOnLarge(t *testing.T, limit int, cfg *tls.Config) int {
	return refuseLarge(t, cfg, func(c net.Conn, rec []byte) bool {
		if len(rec)-5 > limit {
			c.(*net.TCPConn).SetLinger(0)
			return true
		}
		return false
	})
}

// alertOnMany runs a crypto/tls server that answers a hello offering more
// than limit suites with a handshake_failure alert.
func alertOnMany(t *testing.T, limit int, cfg *tls.Config) int {
	return refuseLarge(t, cfg, func(c net.Conn, rec []byte) bool {
		if len(rec) < 9 || rec[0] != tlswire.RecordHandshake {
			return false // an SSL 2.0 hello: crypto/tls refuses it
		}
		h, err := tlswire.ParseClientHello(rec[9:])
		if err != nil || len(h.Suites) <= limit {
			return false
		}
		c.Write([]byte{21, 3, 3, 0, 2, 2, 40})
		return true
	})
}

// refuseLarge runs a crypto/tls server behind refuse, which sees each
// connection's first record and may end it.
func refuseLarge(t *testing.T, cfg *tls.Config, refuse func(c net.Conn, rec []byte) bool) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
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
				br := bufio.NewReader(c)
				hdr, err := br.Peek(5)
				if err != nil {
					return
				}
				rec, err := br.Peek(5 + (int(hdr[3])<<8 | int(hdr[4])))
				if err != nil || refuse(c, rec) {
					return
				}
				tc := tls.Server(&prefixConn{Conn: c, r: br}, cfg)
				tc.Handshake()
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestScanLargeHelloReset(t *testing.T) {
	t.Parallel()
	root := certgen.Root("large root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.KeyType("p256"))
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.DER}, PrivateKey: leaf.Key}},
		MaxVersion: tls.VersionTLS12, MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}}
	port := resetOnLarge(t, 512, cfg)
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port), HandshakeTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Scan.LargeHello == nil || f.Scan.LargeHello.Behaviour != "reset" {
		t.Errorf("LargeHello %+v, want a reset recorded", f.Scan.LargeHello)
	}
	got := map[uint16]bool{}
	for _, c := range f.Scan.SuitesFor(facts.VersionTLS12) {
		got[c.ID] = true
	}
	for _, id := range cfg.CipherSuites {
		if !got[id] {
			t.Errorf("suite %#04x not found; found %v", id, got)
		}
	}
	// Go servers choose by their own order.
	if order, ok := f.Scan.ServerOrder[facts.VersionTLS12]; !ok || !order {
		t.Errorf("server order %v %v, want true (crypto/tls ignores the client's order)", order, ok)
	}
	if len(got) != len(cfg.CipherSuites) || !f.Scan.Accepts(facts.VersionTLS12) || f.Scan.Accepts(facts.VersionTLS13) {
		t.Errorf("found %v; versions %+v", got, f.Scan.Versions)
	}
}

// TestScanManySuitesAlert: a server that answers a hello of more than 256
// suites with handshake_failure still has its TLS 1.2 suites found.
func TestScanManySuitesAlert(t *testing.T) {
	t.Parallel()
	root := certgen.Root("many root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.KeyType("p256"))
	suites := []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.DER}, PrivateKey: leaf.Key}},
		MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: suites}
	port := alertOnMany(t, 256, cfg)
	f, err := Scan(context.Background(), Config{Probe: probe.Config{Target: "127.0.0.1:" + strconv.Itoa(port), HandshakeTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint16]bool{}
	for _, c := range f.Scan.SuitesFor(facts.VersionTLS12) {
		got[c.ID] = true
	}
	if len(got) != 2 || !got[suites[0]] || !got[suites[1]] {
		t.Errorf("TLS 1.2 suites %v, want %x; versions %+v", got, suites, f.Scan.Versions)
	}
	if l := f.Scan.LargeHello; l == nil || l.Behaviour != "alert" {
		t.Errorf("LargeHello %+v, want the alert recorded", l)
	}
}
