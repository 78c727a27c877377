package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// DHWithoutDHParam is config.dh-without-dhparam.
var DHWithoutDHParam = &checks.Check{
	ID:       "config.dh-without-dhparam",
	Title:    "DHE suites are configured but no DH parameters are",
	Severity: checks.Warning,
	Refs:     []string{"Crossbar.io docs: TLS configuration (dhparam: \"no Diffie-Hellman based ciphers will be used\")", "nginx ssl_dhparam", ref},
	Doc: "The cipher string enables DHE suites, but the listener names no DH parameter file (Crossbar.io " +
		"dhparam, nginx ssl_dhparam). Crossbar.io and nginx then never use them: the string promises what " +
		"the server does not offer, and clients that only have DHE fail. The size of a given dhparam file " +
		"is dh.weak's concern.",
	Fix:     "Generate parameters (openssl dhparam -out dhparam.pem 2048) and name them, or drop DHE from the string.",
	Applies: []*checks.Scope{Listener},
	Run:     dhWithoutDHParam,
}

func init() { checks.Register(DHWithoutDHParam) }

func dhWithoutDHParam(p *checks.Pass) {
	c := p.Facts.Config
	if c.Type != facts.ServerCrossbar && c.Type != facts.ServerNginx {
		return
	}
	if len(files(c, "dhparam")) > 0 {
		return
	}
	ss, ok := resolved(p)
	if !ok {
		return
	}
	var dhe []suites.Suite
	for _, s := range ss {
		if s.Kx == "DHE" {
			dhe = append(dhe, s)
		}
	}
	if len(dhe) == 0 {
		return
	}
	dir := "ssl_dhparam /etc/ssl/dhparam.pem;"
	if c.Type == facts.ServerCrossbar {
		dir = `"dhparam": "dhparam.pem"`
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s enables %d DHE suite(s) (%s) but no dhparam is configured: they are never used", cipherSetting(p), len(dhe), names(dhe, c.Type)),
		Evidence: evidence(c.Ciphers, "dhe_suites", names(dhe, c.Type)),
		Fix:      fmt.Sprintf("openssl dhparam -out dhparam.pem 2048, then add %s to %s; or remove DHE from %s", dir, listenerWhere(c), cipherSetting(p))})
}
