package tlswire

import (
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// goServer runs a crypto/tls server on 127.0.0.1 with cfg; each connection
// is handshaken and closed.
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
				c.(*tls.Conn).Handshake()
			}()
		}
	}()
	return ln.Addr().String()
}

func leafCert(t *testing.T, keyType string) tls.Certificate {
	root := certgen.Root("tlswire root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.KeyType(keyType))
	return tls.Certificate{Certificate: [][]byte{leaf.DER, root.DER}, PrivateKey: leaf.Key}
}

func exchange(t *testing.T, addr string, h *Hello) (*Flight, error) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	rec, err := h.Record()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(rec); err != nil {
		t.Fatal(err)
	}
	return ReadFlight(c)
}

var allTLS12 = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, tls.TLS_RSA_WITH_AES_128_CBC_SHA,
}

func TestTLS12Flight(t *testing.T) {
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{leafCert(t, "rsa2048")}, MaxVersion: tls.VersionTLS12,
		CurvePreferences: []tls.CurveID{tls.CurveP384}})
	f, err := exchange(t, addr, &Hello{Version: VersionTLS12, Suites: allTLS12, ServerName: "localhost",
		Groups: []uint16{GroupX25519, GroupSecp384r1}, SecureRenegotiation: true, ExtendedMasterSecret: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Hello == nil || f.Hello.Version != VersionTLS12 || f.Hello.Suite != tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 {
		t.Fatalf("ServerHello %+v", f.Hello)
	}
	if !f.Hello.Has(ExtRenegotiationInfo) || !f.HelloDone || len(f.Certificates) != 2 {
		t.Errorf("reneg %v done %v certs %d", f.Hello.Has(ExtRenegotiationInfo), f.HelloDone, len(f.Certificates))
	}
	if g, ok := ECDHEParams(f.ServerKeyExchange); !ok || g != GroupSecp384r1 {
		t.Errorf("SKE curve %d %v, want secp384r1", g, ok)
	}
}

func TestTLS13HelloAndRetry(t *testing.T) {
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{leafCert(t, "p256")}, MinVersion: tls.VersionTLS13,
		CurvePreferences: []tls.CurveID{tls.CurveP256, tls.X25519MLKEM768}})
	suites := []uint16{tls.TLS_CHACHA20_POLY1305_SHA256, tls.TLS_AES_256_GCM_SHA384}
	// A key share the server takes: a ServerHello for TLS 1.3.
	f, err := exchange(t, addr, &Hello{Version: VersionTLS13, Suites: suites, ServerName: "localhost",
		Groups: []uint16{GroupX25519MLKEM768}, KeyShares: []uint16{GroupX25519MLKEM768}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Hello == nil || f.Hello.Retry || f.Hello.Version != VersionTLS13 || f.Hello.Group != GroupX25519MLKEM768 {
		t.Fatalf("ServerHello %+v", f.Hello)
	}
	if f.Hello.Suite != tls.TLS_CHACHA20_POLY1305_SHA256 && f.Hello.Suite != tls.TLS_AES_256_GCM_SHA384 {
		t.Errorf("suite %#04x not among those offered", f.Hello.Suite)
	}
	// No key share: the server asks for its group by HelloRetryRequest.
	f, err = exchange(t, addr, &Hello{Version: VersionTLS13, Suites: suites,
		Groups: []uint16{GroupX25519, GroupSecp256r1}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Hello == nil || !f.Hello.Retry || f.Hello.Group != GroupSecp256r1 {
		t.Fatalf("HelloRetryRequest %+v", f.Hello)
	}
	// Only TLS 1.2 offered: a protocol_version alert.
	f, err = exchange(t, addr, &Hello{Version: VersionTLS12, Suites: allTLS12, Groups: []uint16{GroupSecp256r1}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Alert == nil || f.Alert.Description != AlertProtocolVersion {
		t.Fatalf("alert %+v, want protocol_version", f.Alert)
	}
}

func TestHelloPadding(t *testing.T) {
	for _, n := range []int{1, 60, 120, 200} {
		h := &Hello{Version: VersionTLS12, Suites: make([]uint16, n), ServerName: "example.org"}
		msg, err := h.Message()
		if err != nil {
			t.Fatal(err)
		}
		if l := len(msg); l >= 256 && l < 512 {
			t.Errorf("%d suites: hello of %d bytes, in the 256-511 range some servers cannot parse", n, l)
		}
	}
}

func TestDHBits(t *testing.T) {
	for _, c := range []struct {
		p    []byte
		want int
	}{{[]byte{0x00, 0x80, 0}, 16}, {[]byte{0x01}, 1}, {[]byte{0xff, 0xff}, 16}, {nil, 0}} {
		if got := DHBits(c.p); got != c.want {
			t.Errorf("DHBits(%x) = %d, want %d", c.p, got, c.want)
		}
	}
}

func TestReadFlightGarbage(t *testing.T) {
	c1, c2 := net.Pipe()
	defer c1.Close()
	go func() { c2.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")); c2.Close() }()
	f, err := ReadFlight(c1)
	if err != ErrNotTLS || string(f.NotTLS) != "HTTP/" {
		t.Errorf("err %v notTLS %q", err, f.NotTLS)
	}
}

// TestReadTLS13: the certificate a TLS 1.3 server picks by the signature
// algorithms offered, read under its handshake keys, for each AEAD.
func TestReadTLS13(t *testing.T) {
	rsa, ec := leafCert(t, "rsa2048"), leafCert(t, "p256")
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{rsa, ec}, MinVersion: tls.VersionTLS13, NextProtos: []string{"h2"}})
	for _, c := range []struct {
		suite, group uint16
		sigalgs      []uint16
		want         []byte
	}{
		{0x1301, GroupX25519, []uint16{0x0403}, ec.Certificate[0]},
		{0x1302, GroupSecp256r1, []uint16{0x0804}, rsa.Certificate[0]},
		{0x1303, GroupX25519MLKEM768, []uint16{0x0804, 0x0403}, nil},
	} {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		f, err := ReadTLS13(conn, &Hello{Version: VersionTLS13, Suites: []uint16{c.suite}, Groups: []uint16{c.group},
			KeyShares: []uint16{c.group}, SigAlgs: c.sigalgs, ServerName: "localhost", ALPN: []string{"h2"}})
		conn.Close()
		if err != nil {
			t.Fatalf("suite %#04x: %v", c.suite, err)
		}
		if f.Hello.Suite != c.suite || len(f.Certificates) != 2 || f.ALPN != "h2" {
			t.Errorf("suite %#04x: got suite %#04x, %d certificates, ALPN %q", c.suite, f.Hello.Suite, len(f.Certificates), f.ALPN)
		}
		if c.want != nil && string(f.Certificates[0]) != string(c.want) {
			t.Errorf("suite %#04x: sigalgs %x reached the wrong certificate", c.suite, c.sigalgs)
		}
	}
}

// TestFinishTLS13: finishing the handshake brings the server's
// NewSessionTicket.
func TestFinishTLS13(t *testing.T) {
	addr := goServer(t, &tls.Config{Certificates: []tls.Certificate{leafCert(t, "p256")}, MinVersion: tls.VersionTLS13})
	for _, suite := range []uint16{0x1301, 0x1302, 0x1303} {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		f, err := FinishTLS13(conn, &Hello{Version: VersionTLS13, Suites: []uint16{suite}, Groups: []uint16{GroupX25519},
			KeyShares: []uint16{GroupX25519}, ServerName: "localhost"})
		conn.Close()
		if err != nil {
			t.Fatalf("suite %#04x: %v", suite, err)
		}
		if !f.Ticket || f.MaxEarlyData != 0 || len(f.Certificates) != 2 {
			t.Errorf("suite %#04x: ticket %v early data %d certificates %d", suite, f.Ticket, f.MaxEarlyData, len(f.Certificates))
		}
	}
}
