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
				if n := int(hdr[3])<<8 | int(hdr[4]); n > limit {
					c.(*net.TCPConn).SetLinger(0)
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
