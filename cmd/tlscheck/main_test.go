package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

func TestNoArgumentsShowsUsage(t *testing.T) {
	r := tlscheck(t)
	if r.code != exitCannot {
		t.Fatalf("want exit 2, got %s", r)
	}
	if !strings.Contains(r.stderr, "tlscheck files") || r.stdout != "" {
		t.Errorf("want usage on stderr only, got %s", r)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		r := tlscheck(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "Usage:") || r.stderr != "" {
			t.Errorf("%v: want usage on stdout and exit 0, got %s", args, r)
		}
	}
	for _, args := range [][]string{{"help", "files"}, {"files", "-h"}, {"files", "--help"}} {
		r := tlscheck(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "--fail-on") {
			t.Errorf("%v: want the files flags on stdout and exit 0, got %s", args, r)
		}
	}
	// help NAME shows that command's own help, once: help audit and help
	// exporter used to print the overview after it.
	for _, c := range []string{"files", "probe", "scan", "config", "audit", "exporter"} {
		r := tlscheck(t, "help", c)
		if r.code != exitOK || !strings.Contains(r.stdout, "tlscheck "+c+" [") || strings.Contains(r.stdout, "Usage:\n  tlscheck files [flags] PATH...   check") {
			t.Errorf("help %s: want its own help alone, got %s", c, r)
		}
		if h := tlscheck(t, c, "-h"); h.code != exitOK || h.stdout != r.stdout {
			t.Errorf("%s -h differs from help %s: %s", c, c, h)
		}
	}
	// help of a command that does not exist says so, as the command would.
	if r := tlscheck(t, "help", "scna"); r.code != exitCannot || !strings.Contains(r.stderr, "did you mean `tlscheck scan`?") || r.stdout != "" {
		t.Errorf("help scna: %s", r)
	}
}

func TestUnknownCommand(t *testing.T) {
	r := tlscheck(t, "fiels")
	if r.code != exitCannot {
		t.Fatalf("want exit 2, got %s", r)
	}
	if !strings.Contains(r.stderr, "tlscheck: error: unknown command \"fiels\"") ||
		!strings.Contains(r.stderr, "tlscheck: hint: did you mean `tlscheck files`?") {
		t.Errorf("want an error and a hint naming files, got %s", r)
	}

	r = tlscheck(t, "frobnicate")
	if r.code != exitCannot || !strings.Contains(r.stderr, "tlscheck: hint:") {
		t.Errorf("want exit 2 with a hint, got %s", r)
	}
}

func TestPathAsCommandHintsFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "server.pem")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := tlscheck(t, path)
	if r.code != exitCannot {
		t.Fatalf("want exit 2, got %s", r)
	}
	if !strings.Contains(r.stderr, "did you mean `tlscheck files "+path+"`?") {
		t.Errorf("want a hint to use files, got %s", r)
	}
}

func TestVersion(t *testing.T) {
	r := tlscheck(t, "version")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "tlscheck ") {
		t.Fatalf("got %s", r)
	}
	old := version
	version = "v9.8.7"
	defer func() { version = old }()
	if r := tlscheck(t, "version"); !strings.HasPrefix(r.stdout, "tlscheck v9.8.7 ") {
		t.Errorf("-ldflags version not used: %s", r)
	}
}

func TestList(t *testing.T) {
	r := tlscheck(t, "list")
	if r.code != exitOK {
		t.Fatalf("got %s", r)
	}
	for _, c := range checks.All() {
		if !strings.Contains(r.stdout, listedID(c)) {
			t.Errorf("list does not show %s", listedID(c))
		}
	}

	r = tlscheck(t, "list", "--format", "json")
	if r.code != exitOK || !json.Valid([]byte(r.stdout)) {
		t.Fatalf("want JSON, got %s", r)
	}
	for _, c := range checks.All() {
		if !strings.Contains(r.stdout, `"`+c.ID+`"`) {
			t.Errorf("list --format json does not show %s", c.ID)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("JSON list is coloured")
	}

	r = tlscheck(t, "list", "--format", "yaml")
	if r.code != exitCannot || !strings.Contains(r.stderr, "did you mean json?") {
		t.Errorf("want exit 2 and a hint, got %s", r)
	}
}

// listedID is how list names a check: a dynamic check (zlint) stands for
// every finding ID of its family.
func listedID(c *checks.Check) string {
	if c.Dynamic {
		return c.Family() + ".*"
	}
	return c.ID
}

func TestExplain(t *testing.T) {
	if checks.Lookup("chain.order") == nil {
		t.Fatal("chain.order is not registered (docs/checks.md lists it)")
	}
	r := tlscheck(t, "explain", "chain.order")
	if r.code != exitOK || !strings.Contains(r.stdout, "chain.order") {
		t.Fatalf("got %s", r)
	}

	r = tlscheck(t, "explain", "chain.ordr")
	if r.code != exitCannot || !strings.Contains(r.stderr, "did you mean chain.order?") {
		t.Errorf("want exit 2 and a hint, got %s", r)
	}
	r = tlscheck(t, "explain")
	if r.code != exitCannot || !strings.Contains(r.stderr, "tlscheck: hint:") {
		t.Errorf("want exit 2 and a hint, got %s", r)
	}
}

func TestClosest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"fiels", "files"},
		{"file", "files"},
		{"lsit", "list"},
		{"expain", "explain"},
		{"zzzzzz", ""},
		{"f", ""},
	} {
		if got := closest(tc.in, commands); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDecideColor(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		tty     bool
		noColor string
		want    bool
	}{
		{"always", false, "1", true},
		{"never", true, "", false},
		{"auto", true, "", true},
		{"auto", false, "", false},
		{"auto", true, "1", false},
		{"auto", true, "", true},
	} {
		e := env{stdoutTTY: tc.tty, getenv: func(k string) string {
			if k == "NO_COLOR" {
				return tc.noColor
			}
			return ""
		}}
		got, ok := decideColor(tc.mode, e)
		if !ok || got != tc.want {
			t.Errorf("decideColor(%s, tty=%v, NO_COLOR=%q) = %v, want %v", tc.mode, tc.tty, tc.noColor, got, tc.want)
		}
	}
	if _, ok := decideColor("sometimes", env{getenv: func(string) string { return "" }}); ok {
		t.Error("decideColor accepted an unknown mode")
	}
}

// TestRun drives the entry point main uses: a buffer is never a terminal, so
// --color auto means no colour.
func TestRun(t *testing.T) {
	d := newDeployment(t)
	var stdout, stderr strings.Builder
	code := run(context.Background(), []string{"files", "--at", "2026-01-11", "--ca", d.ca, "--host", "other.example.test", d.cert, d.key},
		strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("want exit 1 (host.mismatch), got %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String(), "\x1b[") {
		t.Error("colour written to a buffer with --color auto")
	}
	if !strings.Contains(stdout.String(), "host.mismatch") {
		t.Errorf("text report lacks the finding:\n%s", stdout.String())
	}
}

// TestRunInterrupted: an interrupt (the context main derives from SIGINT)
// ends a probe of a server that never answers long before its 30 s
// handshake timeout, with exit 2 and no report: a cancelled probe is not a
// verdict about the server.
func TestRunInterrupted(t *testing.T) {
	s := probetest.Silent(t)
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(200*time.Millisecond, cancel)
	defer timer.Stop()
	var stdout, stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"probe", "--handshake-timeout", "30s", "--format", "json", s.Addr}, strings.NewReader(""), &stdout, &stderr)
	}()
	select {
	case code := <-done:
		if code != exitCannot {
			t.Errorf("want exit 2, got %d\n%s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") || stdout.Len() != 0 {
			t.Errorf("want only an interruption message; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the probe did not end after its context was cancelled")
	}
}

// TestFilesInterruptedWhileChecking: an interrupt while the checks run over
// a big bundle (thousands of leaves: loading takes a fraction of the run,
// path building, zlint and the bundle checks the rest) ends the run with
// exit 2, "interrupted" and no report, never a verdict on checks cut short.
// The interrupt comes after a short delay: wherever it lands (loading or
// checking), the run must end without a report; only a machine that checks
// the whole bundle before the delay cannot test it, and skips.
func TestFilesInterruptedWhileChecking(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a bundle of 2,000 certificates")
	}
	root := certgen.Root("Interrupt Root", certgen.KeyType("p256"))
	var bundle []byte
	for i := range 2000 {
		bundle = append(bundle, certgen.Leaf(fmt.Sprintf("host%d.example.test", i), root, certgen.KeyType("p256")).PEM()...)
	}
	dir := t.TempDir()
	ca, many := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "many.pem")
	if err := os.WriteFile(ca, root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(many, bundle, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- runWith([]string{"files", "--ca", ca, many}, env{ctx: ctx, stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
	}()
	select {
	case code := <-done:
		t.Skipf("the run ended (exit %d) before the interrupt: nothing to interrupt", code)
	case <-time.After(300 * time.Millisecond):
		cancel()
	}
	select {
	case code := <-done:
		if code != exitCannot {
			t.Errorf("want exit 2, got %d\n%s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") || stdout.Len() != 0 {
			t.Errorf("want only an interruption message; stdout:\n%.2000s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the run did not end after its context was cancelled")
	}
}

// TestInterruptible: once a run has lasted armAfter, SIGINT cancels its
// context instead of killing the process; stop releases the handler.
func TestInterruptible(t *testing.T) {
	ctx, stop := interruptible(context.Background())
	defer stop()
	time.Sleep(armAfter + 100*time.Millisecond)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGINT did not cancel the run's context")
	}

	// Stopped before it was armed: the context ends, no handler is left.
	ctx, stop = interruptible(context.Background())
	stop()
	if ctx.Err() == nil {
		t.Error("stop did not end the context")
	}
	time.Sleep(armAfter + 100*time.Millisecond)
	if ctx.Err() != context.Canceled {
		t.Errorf("context error %v", ctx.Err())
	}
}
