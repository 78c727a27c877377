package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// listenerFacts is one listener of a configuration of type typ, as
// `tlscheck config` fills it, with no files.
func listenerFacts(typ facts.ServerType, kind facts.ListenerKind) (*facts.Facts, *facts.ServerConfig) {
	f := checktest.EmptyFacts()
	c := &facts.ServerConfig{Type: typ, Path: "/etc/" + string(typ) + ".conf", Listener: string(typ) + " " + string(kind), Kind: kind, Where: "/etc/" + string(typ) + ".conf:3", TLS: true}
	f.Config = c
	return f, c
}

func set(directive, value, where string, args ...string) *facts.ConfigSetting {
	return &facts.ConfigSetting{Directive: directive, Value: value, Args: args, Where: where}
}

// want runs check id and requires n findings, each with severity sev.
func want(t *testing.T, f *facts.Facts, id string, n int, sev checks.Severity, substrs ...string) []checks.Finding {
	t.Helper()
	got := checktest.WantN(t, f, id, n)
	for _, fd := range got {
		if fd.Severity != sev {
			t.Errorf("%s: severity %s, want %s", id, fd.Severity, sev)
		}
	}
	if n > 0 {
		checktest.WantFindings(t, got, n, substrs...)
	}
	return got
}

// notApplicable requires check id not to apply to f.
func notApplicable(t *testing.T, f *facts.Facts, id string) {
	t.Helper()
	got, na := checktest.Run(t, f, id)
	if na == "" || len(got) > 0 {
		t.Errorf("%s: want not applicable, got %q and %d findings", id, na, len(got))
	}
}
