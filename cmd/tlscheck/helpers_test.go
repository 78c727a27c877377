package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// testNow is the clock of the certgen-based tests: ten days after
// certgen.Epoch, inside every default validity period.
var testNow = certgen.Epoch.AddDate(0, 0, 10)

// result is one run of tlscheck.
type result struct {
	code           int
	stdout, stderr string
}

// invocation configures a run beyond its arguments.
type invocation struct {
	stdin io.Reader
	tty   bool
	// stderrTTY: standard error is a terminal (a scan's progress shows).
	stderrTTY bool
	vars      map[string]string
	now       time.Time // zero: the real clock
}

func tlscheck(t *testing.T, args ...string) result {
	t.Helper()
	return tlscheckWith(t, invocation{now: testNow}, args...)
}

func tlscheckWith(t *testing.T, in invocation, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := env{
		stdin:     in.stdin,
		stdout:    &stdout,
		stderr:    &stderr,
		stdoutTTY: in.tty,
		stderrTTY: in.stderrTTY,
		getenv:    func(k string) string { return in.vars[k] },
		now:       time.Now,
	}
	if e.stdin == nil {
		e.stdin = strings.NewReader("")
	}
	if !in.now.IsZero() {
		e.now = func() time.Time { return in.now }
	}
	code := runWith(args, e)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n--- stdout:\n" + r.stdout + "\n--- stderr:\n" + r.stderr
}

// jsonReport is the part of the JSON report (schema_version 1) tests read.
type jsonReport struct {
	SchemaVersion int               `json:"schema_version"`
	Tool          map[string]string `json:"tool"`
	Target        map[string]any    `json:"target"`
	Certificates  []map[string]any  `json:"certificates"`
	Findings      []jsonFinding     `json:"findings"`
	Summary       map[string]int    `json:"summary"`
	raw           map[string]json.RawMessage
}

type jsonFinding struct {
	ID         string            `json:"id"`
	Severity   string            `json:"severity"`
	Title      string            `json:"title"`
	Message    string            `json:"message"`
	Subject    string            `json:"subject"`
	Evidence   map[string]string `json:"evidence"`
	Fix        string            `json:"fix"`
	References []string          `json:"references"`
}

func parseReport(t *testing.T, r result) *jsonReport {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, r)
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep.raw); err != nil {
		t.Fatalf("stdout is not a JSON object: %v", err)
	}
	return &rep
}

// severities maps each finding ID to the severities it was reported with.
func (rep *jsonReport) severities() map[string]string {
	out := map[string]string{}
	for _, f := range rep.Findings {
		out[f.ID] = f.Severity
	}
	return out
}

func (rep *jsonReport) ids() []string {
	var ids []string
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if !seen[f.ID] {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// atLeast returns the findings of severity warning or error.
func (rep *jsonReport) atLeastWarning() []jsonFinding {
	var out []jsonFinding
	for _, f := range rep.Findings {
		if f.Severity == "error" || f.Severity == "warning" {
			out = append(out, f)
		}
	}
	return out
}

// wantFindings fails unless every ID in want was reported with that severity.
func wantFindings(t *testing.T, rep *jsonReport, want map[string]string) {
	t.Helper()
	got := rep.severities()
	for id, sev := range want {
		g, ok := got[id]
		switch {
		case !ok:
			t.Errorf("want finding %s (%s), not reported; got %v", id, sev, rep.ids())
		case g != sev:
			t.Errorf("finding %s has severity %s, want %s", id, g, sev)
		}
	}
}

// wantNoFindings fails if any of the IDs was reported.
func wantNoFindings(t *testing.T, rep *jsonReport, ids ...string) {
	t.Helper()
	got := rep.severities()
	for _, id := range ids {
		if _, ok := got[id]; ok {
			for _, f := range rep.Findings {
				if f.ID == id {
					t.Errorf("unexpected finding %s (%s): %s", id, f.Severity, f.Message)
				}
			}
		}
	}
}

// wantClean fails on any error or warning finding.
func wantClean(t *testing.T, rep *jsonReport) {
	t.Helper()
	for _, f := range rep.atLeastWarning() {
		t.Errorf("clean deployment, but %s (%s) on %s: %s", f.ID, f.Severity, f.Subject, f.Message)
	}
}

func writeFile(t *testing.T, path string, data []byte, mode os.FileMode) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode is filtered by the umask; set it exactly.
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// deployment is a small private-CA server deployment built with certgen:
// ca.pem (the root), server.pem (leaf then intermediate) and server.key
// (0600), in dir. The leaf covers srv.example.test and 127.0.0.1.
type deployment struct {
	dir, ca, cert, key string
	root, inter, leaf  *certgen.Cert
}

func newDeployment(t *testing.T, leafOpts ...certgen.Option) *deployment {
	t.Helper()
	dir := t.TempDir()
	root := certgen.Root("Test Root CA", certgen.KeyType("p256"))
	inter := certgen.Intermediate("Test Issuing CA", root, certgen.KeyType("p256"))
	opts := append([]certgen.Option{certgen.DNS("srv.example.test"), certgen.IP("127.0.0.1")}, leafOpts...)
	leaf := certgen.Leaf("srv.example.test", inter, opts...)
	d := &deployment{dir: dir, root: root, inter: inter, leaf: leaf}
	d.ca = writeFile(t, filepath.Join(dir, "ca", "ca.pem"), root.PEM(), 0o644)
	d.cert = writeFile(t, filepath.Join(dir, "srv", "server.pem"), certgen.Bundle(leaf, inter), 0o644)
	d.key = writeFile(t, filepath.Join(dir, "srv", "server.key"), leaf.KeyPEM(), 0o600)
	return d
}
