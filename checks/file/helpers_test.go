package file

import (
	"context"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// run runs one check and returns its findings and not-applicable reason.
func run(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatalf("check %s not registered", id)
	return nil, ""
}

func facts1(files ...*facts.File) *facts.Facts { return &facts.Facts{Files: files} }

// loadPaths runs the real loader, so the checks are tested on what it writes.
func loadPaths(t *testing.T, cfg load.Config) *facts.Facts {
	t.Helper()
	cfg.NoSystemRoots = true
	f, err := load.Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func wantFix(t *testing.T, fd checks.Finding, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(fd.Fix, p) {
			t.Errorf("fix %q lacks %q", fd.Fix, p)
		}
	}
}
