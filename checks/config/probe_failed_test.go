package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestProbeFailed(t *testing.T) {
	f, c := listenerFacts("nginx", "server")
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:1", Error: "connection refused"}
	want(t, f, "config.probe-failed", 1, checks.Warning, "connection refused", "--probe-host")
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:1", Chain: [][]byte{{1}}}
	want(t, f, "config.probe-failed", 0, checks.Warning)
}
