package config

import (
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
)

// TimeoutTooShort is config.timeout-too-short.
var TimeoutTooShort = &checks.Check{
	ID:       "config.timeout-too-short",
	Title:    "the TLS handshake timeout is shorter than a handshake takes",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS timeout (default 0.5 s)", ref},
	Doc: "NATS closes a connection whose TLS handshake has not finished within tls.timeout seconds " +
		"(default 0.5). A handshake needs at least a round trip and the key exchange; a timeout below 0.1 s " +
		"(the NATS guide shows 0.0001) breaks every client: an error. Between 0.1 s and the 0.5 s default it " +
		"breaks distant or slow clients first: a warning.",
	Fix:     "Remove the timeout (0.5 s default) or raise it to at least 0.5; 2 for clients over long links.",
	Applies: []*checks.Scope{Listener},
	Run:     timeoutTooShort,
}

func init() { checks.Register(TimeoutTooShort) }

func timeoutTooShort(p *checks.Pass) {
	c := p.Facts.Config
	if c.Timeout == nil {
		return
	}
	d, ok := parseTimeout(c.Timeout.Value)
	if !ok || d >= natsDefaultTimeout {
		return
	}
	sev := checks.Error
	if d >= 100*time.Millisecond {
		sev = checks.Warning
	}
	p.Report(checks.Finding{Severity: sev, Subject: c.Listener,
		Message:  fmt.Sprintf("%s is %v: a TLS handshake rarely completes that fast (the default is 0.5 s)", at(c.Timeout), d),
		Evidence: evidence(c.Timeout, "timeout", d.String()),
		Fix:      fmt.Sprintf("set `timeout: 2` (seconds) at %s, or remove it for the 0.5 s default", c.Timeout.Where)})
}
