package main

import (
	"crypto/tls"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

func TestDecideWidth(t *testing.T) {
	for _, tc := range []struct {
		columns  string
		terminal int
		want     int
	}{
		{"", 0, 0},        // a pipe: the report's default, 80
		{"", 132, 132},    // a terminal
		{"100", 132, 100}, // COLUMNS wins
		{"100", 0, 100},   // COLUMNS widens a pipe
		{"junk", 120, 120},
		{"0", 0, 0},
		{"-5", 90, 90},
	} {
		e := env{stdoutWidth: tc.terminal, getenv: func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		}}
		if got := decideWidth(e); got != tc.want {
			t.Errorf("COLUMNS=%q terminal %d: width %d, want %d", tc.columns, tc.terminal, got, tc.want)
		}
	}
}

// overlong are the lines of out wider than width, other than a single
// unbreakable word (a fingerprint, a long DN) alone on its line.
func overlong(out string, width int) []string {
	var bad []string
	for _, l := range strings.Split(out, "\n") {
		if utf8.RuneCountInString(l) > width && len(strings.Fields(l)) > 1 {
			bad = append(bad, l)
		}
	}
	return bad
}

// TestListFitsColumns: `tlscheck list` at COLUMNS=80 (and at 50, where the
// table gives way to blocks) has no line wider than the terminal (issue 9,
// item 26); every check is still listed.
func TestListFitsColumns(t *testing.T) {
	for _, cols := range []string{"80", "50"} {
		r := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": cols}}, "list")
		width, _ := strconv.Atoi(cols)
		if r.code != exitOK {
			t.Fatalf("list: %s", r)
		}
		for _, l := range overlong(r.stdout, width) {
			t.Errorf("COLUMNS=%s: line of %d columns: %s", cols, utf8.RuneCountInString(l), l)
		}
		for _, c := range checks.All() {
			if !c.Dynamic && !strings.Contains(r.stdout, c.ID+" ") {
				t.Errorf("COLUMNS=%s: %s is not listed", cols, c.ID)
			}
		}
	}
	// Without COLUMNS on a pipe, 80.
	r := tlscheck(t, "list")
	for _, l := range overlong(r.stdout, 80) {
		t.Errorf("no COLUMNS: line of %d columns: %s", utf8.RuneCountInString(l), l)
	}
}

// TestProbeConnectionFitsColumns: the connection line of a probe with a
// client certificate (the longest kind) fits COLUMNS=80, broken between
// phrases.
func TestProbeConnectionFitsColumns(t *testing.T) {
	pki := probetest.NewPKI()
	dir := t.TempDir()
	ca := writeFile(t, filepath.Join(dir, "root.pem"), pki.Root.PEM(), 0o644)
	cert := writeFile(t, filepath.Join(dir, "c.pem"), pki.Client.PEM(), 0o644)
	key := writeFile(t, filepath.Join(dir, "c.key"), pki.Client.KeyPEM(), 0o600)
	s := probetest.ClientCertRequired(t, pki, tls.VersionTLS12)
	r := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "80"}},
		"probe", liveBudget, "--ca", ca, "--cert", cert, "--key", key, "--alpn", "h2,http/1.1", s.Addr)
	if r.code == exitCannot {
		t.Fatalf("probe: %s", r)
	}
	head, _, _ := strings.Cut(r.stdout, "\n\n") // the header and connection lines
	if !strings.Contains(head, "connection: ") || !strings.Contains(head, "client certificate requested") {
		t.Fatalf("no connection line:\n%s", r.stdout)
	}
	if len(strings.Split(head, "\n")) < 3 {
		t.Errorf("the connection line was not broken:\n%s", head)
	}
	for _, l := range overlong(head, 80) {
		t.Errorf("line of %d columns: %s", utf8.RuneCountInString(l), l)
	}
}
