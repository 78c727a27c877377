package scan

import (
	"crypto/x509"
	"fmt"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// finish files what the enumeration and the full handshake learned into
// the facts: the served chains (each one checked like a file), and the
// features.
func (s *scanner) finish(f *facts.Facts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.firstFailure != nil {
		s.res.Untested = append(s.res.Untested, facts.Untested{What: "enumeration", Reason: s.firstFailure.Message})
	}
	// The full handshake's chain (TLS 1.3 hides it from the hellos).
	if f.Connection != nil && f.Connection.Version != 0 {
		var raw [][]byte
		for _, c := range f.Certs {
			if c.Source.Role == facts.RoleServed {
				raw = append(raw, c.Raw)
			}
		}
		if len(raw) > 0 {
			s.addChain(raw, f.Connection.Version)
		}
	}
	// f.Certs holds the full handshake's chain; the other chains join it,
	// each under a name of its own.
	seen := map[string]bool{}
	for _, c := range f.Certs {
		if c.Source.Role == facts.RoleServed && c.Source.Index == 0 {
			seen[string(c.Raw)] = true
		}
	}
	for _, ch := range s.chains {
		s.res.Certs = append(s.res.Certs, *ch)
		if seen[string(ch.Raw[0])] {
			continue
		}
		seen[string(ch.Raw[0])] = true
		src := fmt.Sprintf("served %s chain", ch.KeyType)
		for i, der := range ch.Raw {
			c := &facts.Cert{Raw: der, Source: facts.Source{File: src, Index: i, Role: facts.RoleServed, ServedChain: ch.KeyType}}
			if parsed, err := x509.ParseCertificate(der); err == nil {
				c.X509 = parsed
			}
			f.Certs = append(f.Certs, c)
		}
	}
	ft := &s.res.Features
	ft.SecureRenegotiation = s.renegInfo
	ft.Compression = s.compression
	ft.OCSPStapling = s.ocsp
	if s.ticketExt != nil && *s.ticketExt {
		ft.SessionTickets = s.ticketExt
	}
	if c := f.Connection; c != nil && c.Stage.Completed() {
		if c.ALPN != "" {
			ft.ALPN = append(ft.ALPN, c.ALPN)
		}
		if c.OCSPStapled {
			yes := true
			ft.OCSPStapling = &yes
		}
		if c.SessionTicket {
			yes := true
			ft.SessionTickets = &yes
		}
	}
}
