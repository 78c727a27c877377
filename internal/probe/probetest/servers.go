package probetest

import (
	"bufio"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// Silent accepts connections and never writes a byte.
func Silent(tb testing.TB) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		io.Copy(io.Discard, c) // until the client or Close ends it
	})
}

// GarbageBytes is what Garbage sends: binary, not a TLS record.
var GarbageBytes = []byte{0x00, 0x9c, 0xff, 0x01, 0x8e, 0x03, 0xfe, 0x42, 0x00, 0x00, 0x13, 0x37, 0xca, 0xfe, 0xba, 0xbe}

// Garbage answers the ClientHello with GarbageBytes.
func Garbage(tb testing.TB) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		buf := make([]byte, 1024)
		c.Read(buf)
		c.Write(GarbageBytes)
		s.sleep(2 * time.Second)
	})
}

// ResetMidHandshake reads the ClientHello then resets the connection (RST,
// SO_LINGER 0).
func ResetMidHandshake(tb testing.TB) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		buf := make([]byte, 4096)
		c.Read(buf)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		c.Close()
	})
}

// trickleBytes is the start of a TLS 1.2 ServerHello record.
var trickleBytes = []byte{0x16, 0x03, 0x03, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x03,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}

// Trickle answers with a valid ServerHello prefix, one byte per second.
func Trickle(tb testing.TB) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		buf := make([]byte, 4096)
		c.Read(buf)
		for _, b := range trickleBytes {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			if !s.sleep(time.Second) {
				return
			}
		}
	})
}

// PlainHTTP is a plaintext HTTP server (net/http), answering 200 to any request.
func PlainHTTP(tb testing.TB) *Server {
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "plaintext\n")
	}), ReadHeaderTimeout: 5 * time.Second}
	return serve(tb, func(s *Server, c net.Conn) {
		one := &oneConnListener{conn: c, done: make(chan struct{})}
		go hs.Serve(one)
		select {
		case <-one.done:
		case <-s.quit:
		}
	})
}

// Banner writes a line on connect and keeps the connection open, like an
// SMTP/IMAP/POP3/FTP server on its plaintext port (e.g. "220 mail ESMTP\r\n").
func Banner(tb testing.TB, banner string) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		io.WriteString(c, banner)
		io.Copy(io.Discard, c)
	})
}

type oneConnListener struct {
	conn   net.Conn
	served bool
	done   chan struct{}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	if l.served {
		<-l.done
		return nil, io.EOF
	}
	l.served = true
	return &closeNotify{Conn: l.conn, done: l.done}, nil
}
func (l *oneConnListener) Close() error   { return nil }
func (l *oneConnListener) Addr() net.Addr { return l.conn.LocalAddr() }

type closeNotify struct {
	net.Conn
	done chan struct{}
	once bool
}

func (c *closeNotify) Close() error {
	if !c.once {
		c.once = true
		close(c.done)
	}
	return c.Conn.Close()
}

// TLSOptions configure a crypto/tls test server.
type TLSOptions struct {
	// Chain is served as given, leaf first (default: a fresh PKI's leaf and
	// intermediate). The key is Chain[0].Key.
	Chain []*certgen.Cert
	// SNI maps a server_name to another chain; the default Chain serves
	// every other name and the handshakes without SNI.
	SNI        map[string][]*certgen.Cert
	MinVersion uint16 // default TLS 1.2
	MaxVersion uint16 // default TLS 1.3
	// CipherSuites for TLS 1.0-1.2 (default: Go's).
	CipherSuites []uint16
	ClientAuth   tls.ClientAuthType
	ClientCAs    []*certgen.Cert
	NextProtos   []string
	// App is what the server speaks after the handshake: "http" (default:
	// HEAD/GET answered 200, WebSocket upgrades 101), "mqtt" (CONNACK with
	// ConnackCode), "nats" (see NATS), "nats-auth" (NATS answering CONNECT
	// with -ERR 'Authorization Violation'), "http-status" (every request
	// answered with Status, e.g. "401 Unauthorized"), "wss-bad-accept"
	// (WebSocket upgrades answered 101 with a wrong Sec-WebSocket-Accept),
	// "none" (reads until closed), "close" (closes with close_notify
	// right after the handshake).
	App string
	// NoTickets: send no NewSessionTicket after a TLS 1.3 handshake.
	NoTickets   bool
	ConnackCode byte
	Status      string // for App "http-status"
	// Now is the server's clock for verifying client certificates (default
	// certgen.Epoch plus a day, when certgen's certificates are valid).
	Now time.Time
}

func (o *TLSOptions) config() *tls.Config {
	if len(o.Chain) == 0 {
		o.Chain = NewPKI().ServedChain()
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{Certificate(o.Chain)},
		MinVersion:   o.MinVersion,
		MaxVersion:   o.MaxVersion,
		CipherSuites: o.CipherSuites,
		ClientAuth:   o.ClientAuth,
		NextProtos:   o.NextProtos,

		SessionTicketsDisabled: o.NoTickets,
	}
	now := o.Now
	if now.IsZero() {
		now = certgen.Epoch.Add(24 * time.Hour)
	}
	cfg.Time = func() time.Time { return now }
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	if len(o.ClientCAs) > 0 {
		cfg.ClientCAs = pool(o.ClientCAs)
	}
	if len(o.SNI) > 0 {
		byName := map[string]tls.Certificate{}
		for name, chain := range o.SNI {
			byName[name] = Certificate(chain)
		}
		def := cfg.Certificates[0]
		cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if c, ok := byName[hello.ServerName]; ok {
				return &c, nil
			}
			return &def, nil
		}
	}
	return cfg
}

// TLS is a crypto/tls server.
func TLS(tb testing.TB, opts TLSOptions) *Server {
	cfg := opts.config()
	return serve(tb, func(s *Server, c net.Conn) {
		serveTLS(s, c, cfg, opts)
	})
}

// serveTLS completes the handshake (so that a rejected client certificate is
// answered with its alert at once) then speaks the application.
func serveTLS(s *Server, c net.Conn, cfg *tls.Config, opts TLSOptions) {
	tc := tls.Server(c, cfg)
	if err := tc.Handshake(); err != nil {
		return
	}
	defer tc.Close()
	switch opts.App {
	case "mqtt":
		serveMQTT(tc, opts.ConnackCode)
	case "nats":
		serveNATSApp(tc, bufio.NewReader(tc), false)
	case "nats-auth":
		serveNATSApp(tc, bufio.NewReader(tc), true)
	case "http-status":
		serveHTTPWith(tc, opts.Status, false)
	case "wss-bad-accept":
		serveHTTPWith(tc, "", true)
	case "none":
		io.Copy(io.Discard, tc)
	case "close":
		// the deferred Close sends close_notify
	default:
		serveHTTP(tc)
	}
}

// ClientCertRequired is a crypto/tls server with RequireAndVerifyClientCert
// for clients issued by ca, at most maxVersion (tls.VersionTLS12 or 13).
func ClientCertRequired(tb testing.TB, pki *PKI, maxVersion uint16) *Server {
	return TLS(tb, TLSOptions{Chain: pki.ServedChain(), MaxVersion: maxVersion,
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: []*certgen.Cert{pki.ClientCA}})
}

// TLS10Only is a crypto/tls server that speaks TLS 1.0 only.
func TLS10Only(tb testing.TB, pki *PKI) *Server {
	return TLS(tb, TLSOptions{Chain: pki.ServedChain(), MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10})
}

func serveHTTP(c net.Conn) { serveHTTPWith(c, "", false) }

// serveHTTPWith answers every request with status when it is set; with
// badAccept, WebSocket upgrades get a Sec-WebSocket-Accept that does not
// match their key.
func serveHTTPWith(c net.Conn, status string, badAccept bool) {
	r := bufio.NewReader(c)
	for {
		req, err := r.ReadString('\n')
		if err != nil || !strings.Contains(req, "HTTP/1.") {
			return
		}
		key := ""
		for i := 0; i < 100; i++ {
			l, err := r.ReadString('\n')
			if err != nil {
				return
			}
			l = strings.TrimRight(l, "\r\n")
			if l == "" {
				break
			}
			if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, "Sec-WebSocket-Key") {
				key = strings.TrimSpace(v)
			}
		}
		if status != "" {
			io.WriteString(c, "HTTP/1.1 "+status+"\r\nContent-Length: 0\r\n\r\n")
			continue
		}
		if key != "" {
			if badAccept {
				key += "x"
			}
			sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
			fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
				base64.StdEncoding.EncodeToString(sum[:]))
			io.Copy(io.Discard, r)
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
	}
}

// serveMQTT reads a CONNECT and answers CONNACK with code.
func serveMQTT(c net.Conn, code byte) {
	r := bufio.NewReader(c)
	typ, err := r.ReadByte()
	if err != nil || typ>>4 != 1 {
		return
	}
	n, mult := 0, 1
	for i := 0; i < 4; i++ {
		b, err := r.ReadByte()
		if err != nil {
			return
		}
		n += int(b&0x7f) * mult
		mult *= 128
		if b&0x80 == 0 {
			break
		}
	}
	if _, err := io.ReadFull(r, make([]byte, n)); err != nil {
		return
	}
	c.Write([]byte{0x20, 0x02, 0x00, code})
	io.Copy(io.Discard, r)
}

// SilentAfterFirst serves its first connection as TLS does with opts, then
// accepts every later connection (the no-SNI and compression handshakes,
// the retries) and never writes a byte: each stage of a probe meets a
// silence of its own.
func SilentAfterFirst(tb testing.TB, opts TLSOptions) *Server {
	cfg := opts.config()
	var mu sync.Mutex
	first := true
	return serve(tb, func(s *Server, c net.Conn) {
		mu.Lock()
		isFirst := first
		first = false
		mu.Unlock()
		if isFirst {
			serveTLS(s, c, cfg, opts)
			return
		}
		io.Copy(io.Discard, c)
	})
}

// ServerHello12 is a TLS 1.2 ServerHello record choosing
// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, with no extensions.
var ServerHello12 = func() []byte {
	body := []byte{0x03, 0x03}
	for i := range 32 {
		body = append(body, byte(i+1))
	}
	body = append(body, 0x00, 0xc0, 0x2f, 0x00)
	msg := append([]byte{0x02, 0x00, 0x00, byte(len(body))}, body...)
	return append([]byte{0x16, 0x03, 0x03, 0x00, byte(len(msg))}, msg...)
}()

// Scripted reads the ClientHello, writes reply, then stalls (until the
// client or Close ends the connection) or, with closeAfter, closes.
func Scripted(tb testing.TB, reply []byte, closeAfter bool) *Server {
	return serve(tb, func(s *Server, c net.Conn) {
		buf := make([]byte, 4096)
		c.Read(buf)
		c.Write(reply)
		if closeAfter {
			return
		}
		io.Copy(io.Discard, c)
	})
}
