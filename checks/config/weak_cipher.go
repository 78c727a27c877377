package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// WeakCipher is config.weak-cipher.
var WeakCipher = &checks.Check{
	ID:       "config.weak-cipher",
	Title:    "the cipher setting enables weak suites",
	Severity: checks.Error,
	Refs:     []string{"RFC 7465", "RFC 8996", "SWEET32 (CVE-2016-2183)", "Crossbar.io docs: TLS configuration", ref},
	Doc: "The cipher string, resolved to the suites the server will really offer (OpenSSL strings through " +
		"the local `openssl ciphers -V -s`, NATS's Go names through tlscheck's suite table), includes NULL, " +
		"anonymous, EXPORT, DES, RC4, 3DES or MD5-MAC suites: the same rule as cipher.weak applies to a scan. " +
		"Crossbar.io's own documented example string still enables 3DES.",
	Fix:     "Replace the string with ECDHE and AEAD suites only.",
	Applies: []*checks.Scope{Listener},
	Run:     weakCipher,
}

func init() { checks.Register(WeakCipher) }

func weakCipher(p *checks.Pass) {
	ss, ok := resolved(p)
	if !ok {
		return
	}
	c := p.Facts.Config
	var weak []suites.Suite
	why := map[string]bool{}
	var reasons []string
	for _, s := range ss {
		if bad, reason := s.Weak(); bad {
			weak = append(weak, s)
			for _, r := range strings.Split(reason, ", ") {
				if !why[r] {
					why[r] = true
					reasons = append(reasons, r)
				}
			}
		}
	}
	if len(weak) == 0 {
		return
	}
	s := c.Ciphers
	if s == nil {
		s = c.Ciphersuites
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s enables %d weak suite(s) (%s): %s", cipherSetting(p), len(weak), strings.Join(reasons, ", "), names(weak, c.Type)),
		Evidence: evidence(s, "weak_suites", names(weak, c.Type), "resolved_by", c.ResolvedCiphers.By),
		Fix:      fmt.Sprintf("replace the value of %s with %s", cipherSetting(p), goodCiphers(c.Type))})
}
