package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// resolved returns the suites the cipher setting resolves to and the
// setting, recording a gap when it could not be resolved.
func resolved(p *checks.Pass) ([]suites.Suite, bool) {
	c := p.Facts.Config
	rc := c.ResolvedCiphers
	if rc == nil {
		return nil, false
	}
	if rc.NotChecked != "" {
		p.NotChecked("cipher string", rc.NotChecked)
		return nil, false
	}
	var out []suites.Suite
	for _, id := range rc.Suites {
		if s, ok := suites.ByID(id); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// cipherSetting is the setting a fix edits.
func cipherSetting(p *checks.Pass) string {
	c := p.Facts.Config
	if c.Ciphers != nil {
		return at(c.Ciphers)
	}
	return at(c.Ciphersuites)
}

// goodCiphers is what to write instead, in the server's own syntax.
func goodCiphers(typ facts.ServerType) string {
	if typ == facts.ServerNATS {
		return "cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]"
	}
	return "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
}

// names lists suites by the server's own names.
func names(ss []suites.Suite, typ facts.ServerType) string {
	var out []string
	for _, s := range ss {
		n := s.OpenSSL
		if typ == facts.ServerNATS && s.GoName() != "" {
			n = s.GoName()
		}
		if n == "" {
			n = s.Name
		}
		out = append(out, n)
	}
	if len(out) > maxNames {
		return fmt.Sprintf("%s and %d more", strings.Join(out[:maxNames], ", "), len(out)-maxNames)
	}
	return strings.Join(out, ", ")
}

// maxNames is how many suites a message lists.
const maxNames = 6
