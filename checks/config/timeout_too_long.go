package config

import (
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
)

// TimeoutTooLong is config.timeout-too-long.
var TimeoutTooLong = &checks.Check{
	ID:       "config.timeout-too-long",
	Title:    "the TLS handshake timeout is far above the default",
	Severity: checks.Warning,
	Refs:     []string{"NATS docs: TLS timeout (default 0.5 s)", ref},
	Doc: "A tls.timeout of more than 60 s (120 times the 0.5 s default) lets clients that never finish " +
		"their handshake hold connections and memory for a minute each: slowloris-style exhaustion.",
	Fix:     "Lower the timeout to a few seconds.",
	Applies: []*checks.Scope{Listener},
	Run:     timeoutTooLong,
}

func init() { checks.Register(TimeoutTooLong) }

// longTimeout is where a handshake timeout stops protecting the server.
const longTimeout = 60 * time.Second

func timeoutTooLong(p *checks.Pass) {
	c := p.Facts.Config
	if c.Timeout == nil {
		return
	}
	d, ok := parseTimeout(c.Timeout.Value)
	if !ok || d <= longTimeout {
		return
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s is %v, %.0f times the 0.5 s default: half-open handshakes hold connections that long", at(c.Timeout), d, float64(d)/float64(natsDefaultTimeout)),
		Evidence: evidence(c.Timeout, "timeout", d.String()),
		Fix:      fmt.Sprintf("set `timeout: 5` at %s", c.Timeout.Where)})
}
