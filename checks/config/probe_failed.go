package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// ProbeFailed is config.probe-failed.
var ProbeFailed = &checks.Check{
	ID:       "config.probe-failed",
	Title:    "the configured listener could not be probed",
	Severity: checks.Warning,
	Refs:     []string{ref},
	Doc: "With --probe, tlscheck could not get a certificate from the listener at its configured address " +
		"and port (or --probe-host): the server is not running, listens elsewhere, or the handshake failed. " +
		"What it serves could not be compared with the files.",
	Fix:     "Start the server, or give --probe-host where it runs; `tlscheck probe HOST:PORT` explains a handshake failure.",
	Applies: []*checks.Scope{Listener, Probed},
	Run:     probeFailed,
}

func init() { checks.Register(ProbeFailed) }

func probeFailed(p *checks.Pass) {
	s := p.Facts.Config.Served
	if s.Error == "" {
		return
	}
	p.Report(checks.Finding{Subject: s.Address,
		Message:  fmt.Sprintf("probing %s: %s", s.Address, s.Error),
		Evidence: map[string]string{"address": s.Address, "error": s.Error},
		Fix:      fmt.Sprintf("start the server or give --probe-host; `tlscheck probe %s` explains the failure", s.Address)})
}
