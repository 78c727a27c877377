package scan

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"net/http"
	"slices"
	"strings"
	"time"

	ztls "github.com/zmap/zcrypto/tls"
	zx509 "github.com/zmap/zcrypto/x509"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// features learns what only a finished handshake shows, side by side:
// TLS 1.2 session resumption by ID, and for https:// targets the HSTS
// header and the HTTP protocols offered by ALPN.
func (s *scanner) features(ctx context.Context) {
	done := make(chan struct{}, 3)
	go func() {
		defer func() { done <- struct{}{} }()
		s.tls13Chains(ctx)
	}()
	go func() {
		t0 := time.Now()
		defer func() { debugf("resumption took %s", time.Since(t0)); done <- struct{}{} }()
		if s.res.Accepts(facts.VersionTLS12) {
			s.resumption(ctx)
		} else {
			why := "the server does not accept TLS 1.2"
			for _, v := range s.res.Versions {
				if v.Version == facts.VersionTLS12 && !v.Tested {
					why = "TLS 1.2 could not be tested"
				}
			}
			s.untested("session resumption by ID", why)
		}
	}()
	go func() {
		t0 := time.Now()
		defer func() { debugf("http took %s", time.Since(t0)); done <- struct{}{} }()
		switch s.op.Target().Scheme {
		case facts.SchemeHTTPS, facts.SchemeWSS:
			s.http(ctx)
		}
	}()
	<-done
	<-done
	<-done
	s.mu.Lock()
	if s.res.Features.EarlyData == nil && s.res.Accepts(facts.VersionTLS13) {
		s.res.Untested = append(s.res.Untested, facts.Untested{What: "TLS 1.3 early data",
			Reason: "no session ticket came after a finished TLS 1.3 handshake"})
	}
	s.mu.Unlock()
}

// resumption completes a TLS 1.2 handshake, then offers its session ID in a
// hello of our own: a server that resumes echoes the ID in its ServerHello.
func (s *scanner) resumption(ctx context.Context) {
	if !s.acquire(ctx) {
		return
	}
	c, fail := s.op.Open(ctx)
	s.connected(ctx)
	if fail != nil {
		s.release()
		s.untested("session resumption by ID", fail.Message)
		return
	}
	// An empty pool: without one zcrypto loads and parses the system
	// store (most of a second) to build chains nobody reads here.
	zc := ztls.Client(c, &ztls.Config{InsecureSkipVerify: true, RootCAs: zx509.NewCertPool(), ServerName: s.sni,
		MinVersion: ztls.VersionTLS10, MaxVersion: ztls.VersionTLS12, SessionTicketsDisabled: true})
	err := zc.Handshake()
	var sid []byte
	ems := false
	if err == nil {
		if log := zc.GetHandshakeLog(); log != nil && log.ServerHello != nil {
			sid = slices.Clone(log.ServerHello.SessionID)
			ems = log.ServerHello.ExtendedMasterSecret
		}
	}
	zc.Close()
	c.Close()
	s.release()
	if err != nil {
		s.untested("session resumption by ID", "no TLS 1.2 handshake could be completed with the suites tlscheck implements: "+err.Error())
		return
	}
	resumed := false
	if len(sid) > 0 {
		groups, _ := helloGroups(facts.VersionTLS12)
		h := &tlswire.Hello{Version: tlswire.VersionTLS12, Suites: offerable(facts.VersionTLS12), ServerName: s.sni,
			Groups: groups, SecureRenegotiation: true, SessionID: sid,
			// As the first handshake did: a server must not resume a
			// session across a change of extended_master_secret (RFC 7627 5.3).
			ExtendedMasterSecret: ems, ALPN: alpnOffer(s.op.Target().Scheme)}
		rec, herr := h.Record()
		if herr != nil {
			return
		}
		f, err := s.exchange(ctx, rec, nil)
		if f == nil || f.Hello == nil {
			s.untested("session resumption by ID", "no ServerHello to the resuming hello: "+errText(err))
			return
		}
		resumed = bytes.Equal(f.Hello.SessionID, sid)
		if p := f.Hello.ALPN(); p != "" {
			s.mu.Lock()
			if !slices.Contains(s.res.Features.ALPN, p) {
				s.res.Features.ALPN = append(s.res.Features.ALPN, p)
			}
			s.mu.Unlock()
		}
	}
	s.mu.Lock()
	s.res.Features.SessionIDResumption = &resumed
	s.mu.Unlock()
}

func errText(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}

// http fetches / over TLS for the Strict-Transport-Security
// header, offering h2 and http/1.1 by ALPN.
func (s *scanner) http(ctx context.Context) {
	if !s.acquire(ctx) {
		return
	}
	defer s.release()
	c, fail := s.op.Open(ctx)
	s.connected(ctx)
	if fail != nil {
		s.untested("HSTS", fail.Message)
		return
	}
	defer c.Close()
	// Trust is judged by the checks on the chains; this connection only
	// reads a header.
	tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true, ServerName: s.sni, NextProtos: []string{"http/1.1"}}) //nolint:gosec
	if err := tc.Handshake(); err != nil {
		s.untested("HSTS", "the TLS handshake for the HTTP request failed: "+err.Error())
		return
	}
	alpn := tc.ConnectionState().NegotiatedProtocol
	host := s.sni
	if host == "" {
		host = s.op.Target().Host
	}
	req := "GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlscheck\r\nConnection: close\r\n\r\n"
	if _, err := tc.Write([]byte(req)); err != nil {
		s.untested("HSTS", "the HTTP request could not be sent: "+err.Error())
		return
	}
	resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil {
		s.untested("HSTS", "no HTTP answer: "+err.Error())
		return
	}
	resp.Body.Close()
	hsts := strings.TrimSpace(resp.Header.Get("Strict-Transport-Security"))
	s.mu.Lock()
	s.res.Features.HSTS = &hsts
	if alpn != "" && !slices.Contains(s.res.Features.ALPN, alpn) {
		s.res.Features.ALPN = append(s.res.Features.ALPN, alpn)
	}
	s.mu.Unlock()
}

// alpnOffer is what a hello offers by ALPN for the target's protocol.
func alpnOffer(scheme facts.Scheme) []string {
	switch scheme {
	case facts.SchemeHTTPS, facts.SchemeWSS:
		return []string{"h2", "http/1.1"}
	case facts.SchemeMQTTS:
		return []string{"mqtt"}
	}
	return nil
}

// sigalgFamilies are the signature algorithms that reach each key type's
// certificate in TLS 1.3.
var sigalgFamilies = []struct {
	keyType string
	algs    []uint16
}{
	{"ECDSA", []uint16{0x0403, 0x0503, 0x0603, 0x081a, 0x081b, 0x081c}},
	{"RSA", []uint16{0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b}},
	{"Ed25519", []uint16{0x0807}},
	{"Ed448", []uint16{0x0808}},
}

// tls13Chains finishes one TLS 1.3 handshake, for its ticket (TLS 1.3
// early data is announced there), and reads the certificates of a server
// that speaks only TLS 1.3, whose Certificate message is encrypted: each
// hello offers the signature algorithms of the key types not met yet, and
// the server's choice shows one more certificate, until it refuses.
func (s *scanner) tls13Chains(ctx context.Context) {
	s.mu.Lock()
	only13 := s.res.Accepts(facts.VersionTLS13)
	for _, v := range s.res.Versions {
		if v.Version != facts.VersionTLS13 && v.Offered {
			only13 = false
		}
	}
	var suite uint16
	for _, c := range s.res.SuitesFor(facts.VersionTLS13) {
		if c.ID >= 0x1301 && c.ID <= 0x1303 {
			suite = c.ID
			break
		}
	}
	var group uint16
	for _, g := range s.res.Groups {
		if slices.Contains(g.Versions, facts.VersionTLS13) && tlswire.CanFinish(g.ID) {
			group = g.ID
			break
		}
	}
	accepts13 := s.res.Accepts(facts.VersionTLS13)
	s.mu.Unlock()
	if !accepts13 {
		return
	}
	if suite == 0 || group == 0 {
		s.untested("TLS 1.3 certificates by key type", "no TLS 1.3 suite and group that tlscheck can decrypt")
		return
	}
	met := map[string]bool{}
	for i := range sigalgFamilies {
		if i > 0 && !only13 {
			return // TLS 1.2's hellos showed every chain in clear
		}
		var algs []uint16
		for _, fam := range sigalgFamilies {
			if !met[fam.keyType] {
				algs = append(algs, fam.algs...)
			}
		}
		if len(algs) == 0 || !s.acquire(ctx) {
			return
		}
		c, fail := s.op.Open(ctx)
		s.connected(ctx)
		if fail != nil {
			s.release()
			s.untested("TLS 1.3 certificates by key type", fail.Message)
			return
		}
		// The first finishes the handshake, for the ticket and its
		// early data size.
		read := tlswire.ReadTLS13
		if i == 0 {
			read = tlswire.FinishTLS13
		}
		f, err := read(c, &tlswire.Hello{Version: tlswire.VersionTLS13, Suites: []uint16{suite},
			Groups: []uint16{group}, KeyShares: []uint16{group}, SigAlgs: algs, ServerName: s.sni,
			StatusRequest: true, ALPN: alpnOffer(s.op.Target().Scheme)})
		c.Close()
		s.release()
		if err != nil || f == nil || len(f.Certificates) == 0 {
			if err != nil && len(met) == 0 {
				s.untested("TLS 1.3 certificates by key type", err.Error())
			}
			return
		}
		s.mu.Lock()
		if i == 0 && f.Ticket {
			yes, early := true, f.MaxEarlyData > 0
			s.res.Features.SessionTickets = &yes
			s.res.Features.EarlyData = &early
		}
		s.addChain(f.Certificates, facts.VersionTLS13)
		if f.ALPN != "" && !slices.Contains(s.res.Features.ALPN, f.ALPN) {
			s.res.Features.ALPN = append(s.res.Features.ALPN, f.ALPN)
		}
		if len(f.OCSP) > 0 {
			yes := true
			s.ocsp = &yes
		}
		s.mu.Unlock()
		kt := leafKeyType(f.Certificates[0])
		if met[kt] || kt == "" {
			return
		}
		met[kt] = true
	}
}
