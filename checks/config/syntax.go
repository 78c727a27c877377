package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Syntax is config.syntax.
var Syntax = &checks.Check{
	ID:       "config.syntax",
	Title:    "the server configuration cannot be read in full",
	Severity: checks.Error,
	Refs:     []string{"nginx -t", "nats-server -t", "mosquitto -c FILE", ref},
	Doc: "The configuration does not parse as the server reads it: a syntax error, an unknown directive, " +
		"a value the server rejects, an include that cannot be read, an include loop, a file too large or " +
		"not text. The server refuses to start (or reload) on it, and tlscheck could check only what it read " +
		"before the problem. Variables the server expands only at run time are not findings.",
	Fix:     "Correct the line named; test with the server's own check (nginx -t, nats-server -t -c FILE).",
	Applies: []*checks.Scope{Configured},
	Run:     syntax,
}

func init() { checks.Register(Syntax) }

func syntax(p *checks.Pass) {
	c := p.Facts.Config
	for _, pr := range c.Problems {
		if pr.Kind == facts.ConfigProblemVariable {
			continue
		}
		file, line := splitWhere(pr.Where)
		ev := map[string]string{"file": file, "kind": string(pr.Kind)}
		if line != "" {
			ev[checks.EvidencePosition] = line
		}
		p.Report(checks.Finding{
			Subject:  pr.Where,
			Message:  fmt.Sprintf("%s: %s: %s", pr.Where, pr.Kind, pr.Message),
			Evidence: ev,
			Fix:      fmt.Sprintf("correct %s (%s), then test with %s", pr.Where, pr.Message, testCommand(c)),
		})
	}
}

// testCommand is the server's own configuration test.
func testCommand(c *facts.ServerConfig) string {
	switch c.Type {
	case facts.ServerNginx:
		return "`nginx -t -c " + c.Path + "`"
	case facts.ServerNATS:
		return "`nats-server -t -c " + c.Path + "`"
	case facts.ServerMosquitto:
		return "`mosquitto -c " + c.Path + "` (it stops at the first error)"
	case facts.ServerEMQX:
		return "`emqx check_config`"
	}
	return "the server's configuration test"
}
