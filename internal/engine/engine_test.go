package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	_ "github.com/tlscheck/tlscheck/checks/all"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
	"github.com/tlscheck/tlscheck/report"
)

var all, _ = checks.ParseSelector("all")

func checking() Checking {
	return Checking{At: certgen.Epoch.AddDate(0, 0, 10), WarnDays: 30, Checks: all, Tool: report.Tool{Name: "tlscheck", Version: "test"}}
}

// TestFiles: in-memory inputs go through load, facts and every check into a
// report whose target names the files given, and the report is what the
// renderers take.
func TestFiles(t *testing.T) {
	root := certgen.Root("Engine Root")
	leaf := certgen.Leaf("www.example.test", root)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := FilesConfig{Checking: checking(), CA: []string{ca},
		Inputs: []Input{{Name: "server.pem", Data: certgen.Bundle(leaf)}}}
	cfg.Hosts = []string{"www.example.test"}
	r, err := Files(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Facts.Certs) != 1 || len(r.Facts.Roots) != 1 || len(r.Results) == 0 {
		t.Fatalf("%d certs, %d roots, %d results", len(r.Facts.Certs), len(r.Facts.Roots), len(r.Results))
	}
	for _, fd := range r.Findings {
		if fd.Severity >= checks.Error {
			t.Errorf("a good deployment has an error: %s %s", fd.ID, fd.Message)
		}
	}
	want := report.Target{Files: []report.TargetFile{{Path: ca, Role: "ca"}}, Purpose: "server",
		Hosts: []string{"www.example.test"}, At: cfg.At}
	got, _ := json.Marshal(r.Target)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("target %s, want %s", got, wantJSON)
	}
	if err := report.JSON(&bytes.Buffer{}, r); err != nil {
		t.Error(err)
	}
}

func TestFilesCannotRun(t *testing.T) {
	if _, err := Files(context.Background(), FilesConfig{Checking: checking(), Paths: []string{t.TempDir()}}); !errors.Is(err, ErrNoFiles) {
		t.Errorf("empty directory: err = %v, want ErrNoFiles", err)
	}
	// A directory of other files: the error names the files looked at.
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("renew in May\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Files(context.Background(), FilesConfig{Checking: checking(), Paths: []string{dir}})
	var noFiles *NoFilesError
	if !errors.As(err, &noFiles) || !errors.Is(err, ErrNoFiles) || len(noFiles.LookedAt) != 1 || noFiles.LookedAt[0] != notes ||
		len(noFiles.Paths) != 1 || noFiles.Paths[0] != dir {
		t.Errorf("directory of notes: err = %#v, want a NoFilesError looking at %s", err, notes)
	}
	if _, err := Files(context.Background(), FilesConfig{Checking: checking(), Paths: []string{filepath.Join(t.TempDir(), "gone.pem")}}); err == nil {
		t.Error("a path that does not exist ran")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := FilesConfig{Checking: checking(), Inputs: []Input{{Name: "a.pem", Data: certgen.Root("R").PEM()}}}
	if _, err := Files(ctx, cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestCancelledWhileChecking: a run whose context ends while the checks run
// (an interrupt after the files were loaded) returns the context's error and
// no report: checks cut short are no verdict.
func TestCancelledWhileChecking(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := false
	old := runChecks
	runChecks = func(ctx context.Context, f *facts.Facts, sel checks.Selector) []checks.Result {
		ran = true
		cancel()
		return old(ctx, f, sel)
	}
	defer func() { runChecks = old }()
	root := certgen.Root("Cancel Root")
	cfg := FilesConfig{Checking: checking(), NoSystemRoots: true,
		Inputs: []Input{{Name: "server.pem", Data: certgen.Bundle(certgen.Leaf("www.example.test", root), root)}}}
	r, err := Files(ctx, cfg)
	if !ran || !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("checks ran: %v; got report %v, err %v; want no report and context.Canceled", ran, r != nil, err)
	}
}

// TestFilesAll: a result per target in input order, progress reported once
// per target, serially, with the count done.
func TestFilesAll(t *testing.T) {
	var cfgs []FilesConfig
	for i := range 7 {
		root := certgen.Root("Root " + strconv.Itoa(i))
		cfgs = append(cfgs, FilesConfig{Checking: checking(), NoSystemRoots: true,
			Inputs: []Input{{Name: "root" + strconv.Itoa(i) + ".pem", Data: root.PEM()}}})
	}
	cfgs[3].Inputs = nil
	cfgs[3].Paths = []string{t.TempDir()} // nothing there: this target cannot run
	var dones []int
	results := FilesAll(context.Background(), cfgs, Batch{Workers: 3, Progress: func(done, total int, r Result) {
		if total != len(cfgs) {
			t.Errorf("total %d", total)
		}
		dones = append(dones, done)
	}})
	if len(results) != len(cfgs) || len(dones) != len(cfgs) || dones[len(dones)-1] != len(cfgs) {
		t.Fatalf("%d results, progress %v", len(results), dones)
	}
	for i, r := range results {
		if r.Index != i {
			t.Errorf("result %d has index %d", i, r.Index)
		}
		if i == 3 {
			if !errors.Is(r.Err, ErrNoFiles) {
				t.Errorf("target 3: err = %v", r.Err)
			}
			continue
		}
		if r.Err != nil || len(r.Report.Target.Files) != 0 || r.Report.Facts.Files[0].Path != "root"+strconv.Itoa(i)+".pem" {
			t.Errorf("target %d: %+v", i, r)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range FilesAll(ctx, cfgs, Batch{}) {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("cancelled batch, target %d: %v", r.Index, r.Err)
		}
	}

	// Streamed: every result reaches Progress once, none is kept.
	seen := map[int]bool{}
	kept := FilesAll(context.Background(), cfgs, Batch{Workers: 2, Stream: true, Progress: func(_, _ int, r Result) {
		if seen[r.Index] {
			t.Errorf("target %d reported twice", r.Index)
		}
		seen[r.Index] = true
		if (r.Index == 3) != (r.Err != nil) || (r.Err == nil && r.Report == nil) {
			t.Errorf("streamed target %d: %+v", r.Index, r)
		}
	}})
	if kept != nil || len(seen) != len(cfgs) {
		t.Errorf("streamed batch kept %d results, reported %d of %d", len(kept), len(seen), len(cfgs))
	}
}

// TestProbe: a TLS server on 127.0.0.1 probed with --ca; the report has the
// probe's target and connection.
func TestProbe(t *testing.T) {
	root := certgen.Root("Probe Root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.Days(3650))
	srv := probetest.TLS(t, probetest.TLSOptions{Chain: []*certgen.Cert{leaf}})
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, portText, _ := net.SplitHostPort(srv.Addr)
	port, _ := strconv.Atoi(portText)
	cfg := ProbeConfig{Checking: checking(), Target: srv.Addr, ServerName: "localhost", CA: []string{ca}}
	cfg.Hosts = []string{"localhost"}
	r, err := Probe(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tg := r.Target
	if !tg.IsProbe() || tg.Host != "127.0.0.1" || tg.Port != port || tg.SNI != "localhost" || len(tg.Hosts) != 2 || tg.Hosts[0] != "localhost" {
		t.Errorf("target %+v", tg)
	}
	if r.Connection == nil || len(r.Facts.Certs) != 1 || len(r.Facts.Roots) != 1 {
		t.Errorf("connection %v, %d certs, %d roots", r.Connection, len(r.Facts.Certs), len(r.Facts.Roots))
	}
	if _, err := Probe(context.Background(), ProbeConfig{Checking: checking(), Target: "https://"}); err == nil {
		t.Error("a bad target ran")
	}
	if err := CheckTarget("example.com:99999", ""); err == nil {
		t.Error("CheckTarget accepted port 99999")
	}
}
