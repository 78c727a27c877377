// Package probetest runs small in-process servers on 127.0.0.1 for probe and
// CLI tests: the odd cases real servers cannot be made to do (silence,
// garbage, a reset mid-handshake, a trickle, a 100-certificate chain) and
// fakes of the STARTTLS protocols, NATS and MQTT in front of a crypto/tls
// server. Every server stops with Close (also registered with tb.Cleanup),
// and every connection it serves has a deadline, so nothing outlives a test.
package probetest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// connLife bounds how long a test server keeps any one connection.
const connLife = 20 * time.Second

// Server is a running test server.
type Server struct {
	Addr string // "127.0.0.1:port"
	Port int

	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]bool
	wg    sync.WaitGroup
	once  sync.Once
	quit  chan struct{}
}

// Host is always 127.0.0.1.
func (s *Server) Host() string { return "127.0.0.1" }

// Close stops the listener, closes every connection and waits for the
// handlers to return. It may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.quit)
		s.ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
}

// serve starts a server whose handler gets each accepted connection.
func serve(tb testing.TB, handle func(s *Server, c net.Conn)) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("probetest: listen: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), Port: ln.Addr().(*net.TCPAddr).Port, ln: ln, conns: map[net.Conn]bool{}, quit: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			select {
			case <-s.quit:
				s.mu.Unlock()
				c.Close()
				return
			default:
			}
			s.conns[c] = true
			s.wg.Add(1)
			s.mu.Unlock()
			go func() {
				defer s.wg.Done()
				defer func() {
					s.mu.Lock()
					delete(s.conns, c)
					s.mu.Unlock()
					c.Close()
				}()
				c.SetDeadline(time.Now().Add(connLife))
				handle(s, c)
			}()
		}
	}()
	tb.Cleanup(s.Close)
	return s
}

// sleep waits d or until the server closes; false when it closed.
func (s *Server) sleep(d time.Duration) bool {
	select {
	case <-s.quit:
		return false
	case <-time.After(d):
		return true
	}
}

// Refused returns an address on 127.0.0.1 where nothing listens.
func Refused(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("probetest: listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// PKI is a test CA hierarchy: a root, an intermediate and a leaf for
// localhost / 127.0.0.1 / ::1, plus a separate client CA and a client
// certificate it issued.
type PKI struct {
	Root, Intermediate, Leaf *certgen.Cert
	ClientCA, Client         *certgen.Cert
}

// NewPKI builds a fresh hierarchy (keys come from certgen's cache).
func NewPKI() *PKI {
	root := certgen.Root("Probetest Root CA")
	inter := certgen.Intermediate("Probetest Intermediate CA", root)
	leaf := certgen.Leaf("localhost", inter, certgen.DNS("localhost"), certgen.IP("127.0.0.1", "::1"))
	cca := certgen.Root("Probetest Client CA")
	client := certgen.ClientLeaf("probetest client", cca)
	return &PKI{Root: root, Intermediate: inter, Leaf: leaf, ClientCA: cca, Client: client}
}

// ServedChain is leaf then intermediate.
func (k *PKI) ServedChain() []*certgen.Cert { return []*certgen.Cert{k.Leaf, k.Intermediate} }

// Certificate makes a crypto/tls certificate serving the chain as given
// (leaf first); the key is the first certificate's.
func Certificate(chain []*certgen.Cert) tls.Certificate {
	var c tls.Certificate
	for _, x := range chain {
		c.Certificate = append(c.Certificate, x.DER)
	}
	c.PrivateKey = chain[0].Key
	c.Leaf = chain[0].X509
	return c
}

// LongChain builds a chain of n certificates: a leaf and n-1 intermediates
// under a root that is not included. The keys are P-256 so that 100
// certificates stay under the 64 KiB handshake message limit of Go-derived
// TLS clients (RSA-2048 ones would not).
func LongChain(n int) []*certgen.Cert {
	p256 := certgen.KeyType("p256")
	root := certgen.Root("Probetest Long Root", p256)
	parent := root
	var cas []*certgen.Cert
	for i := 0; i < n-1; i++ {
		parent = certgen.Intermediate("Probetest Intermediate "+strconv.Itoa(i+1), parent, p256)
		cas = append(cas, parent)
	}
	leaf := certgen.Leaf("localhost", parent, p256, certgen.DNS("localhost"), certgen.IP("127.0.0.1"))
	chain := []*certgen.Cert{leaf}
	for i := len(cas) - 1; i >= 0; i-- {
		chain = append(chain, cas[i])
	}
	return chain
}

func pool(cs []*certgen.Cert) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range cs {
		p.AddCert(c.X509)
	}
	return p
}
