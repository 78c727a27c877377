package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// NoForwardSecrecy is config.no-forward-secrecy.
var NoForwardSecrecy = &checks.Check{
	ID:       "config.no-forward-secrecy",
	Title:    "the cipher setting enables static RSA key exchange",
	Severity: checks.Warning,
	Refs:     []string{"RFC 7525 4.2", "ROBOT (CVE-2017-13099)", ref},
	Doc: "The cipher string, resolved to the suites the server will really offer, includes suites without " +
		"forward secrecy (static RSA or static (EC)DH key exchange): the same rule as " +
		"cipher.no-forward-secrecy applies to a scan. A stolen key decrypts every recorded session.",
	Fix:     "Keep only ECDHE (and DHE) suites.",
	Applies: []*checks.Scope{Listener},
	Run:     noForwardSecrecy,
}

func init() { checks.Register(NoForwardSecrecy) }

func noForwardSecrecy(p *checks.Pass) {
	ss, ok := resolved(p)
	if !ok {
		return
	}
	c := p.Facts.Config
	var static []suites.Suite
	for _, s := range ss {
		if !s.TLS13 && !s.ForwardSecrecy && !s.Signalling && !s.Null && s.Kx != "NULL" && s.Kx != "" && !s.PSK {
			if weak, _ := s.Weak(); !weak { // config.weak-cipher names those
				static = append(static, s)
			}
		}
	}
	if len(static) == 0 {
		return
	}
	s := c.Ciphers
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s enables %d suite(s) without forward secrecy: %s", cipherSetting(p), len(static), names(static, c.Type)),
		Evidence: evidence(s, "static_suites", names(static, c.Type)),
		Fix:      fmt.Sprintf("append :!kRSA to the value of %s, or replace it with %s", cipherSetting(p), goodCiphers(c.Type))})
}
