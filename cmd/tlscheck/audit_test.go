package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// auditJSON is the part of `audit --format json` the tests read.
type auditJSON struct {
	SchemaVersion int               `json:"schema_version"`
	Tool          map[string]string `json:"tool"`
	Targets       []struct {
		Target   map[string]any `json:"target"`
		Findings []jsonFinding  `json:"findings"`
	} `json:"targets"`
	Summary struct {
		Targets  int            `json:"targets"`
		Status   map[string]int `json:"status"`
		Findings map[string]int `json:"findings"`
		ByID     []struct {
			ID      string   `json:"id"`
			Targets []string `json:"targets"`
		} `json:"by_id"`
		Baseline *struct {
			New       int `json:"new"`
			Unchanged int `json:"unchanged"`
			Resolved  []struct {
				Target string `json:"target"`
				ID     string `json:"id"`
			} `json:"resolved"`
		} `json:"baseline"`
		Verdict string `json:"verdict"`
		Rows    []struct {
			Index        int               `json:"index"`
			Target       string            `json:"target"`
			Kind         string            `json:"kind"`
			Labels       map[string]string `json:"labels"`
			Status       string            `json:"status"`
			TLSVersion   string            `json:"tls_version"`
			LeafDaysLeft *int              `json:"leaf_days_left"`
			Warnings     int               `json:"warnings"`
			Worst        string            `json:"worst"`
			Findings     []struct {
				ID       string `json:"id"`
				Baseline string `json:"baseline"`
			} `json:"findings"`
		} `json:"rows"`
	} `json:"summary"`
}

func parseAudit(t *testing.T, r result) auditJSON {
	t.Helper()
	var a auditJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatalf("not an audit JSON document: %v\n%s", err, r)
	}
	return a
}

// fleet is a set of local servers of every kind an audit meets, and an
// audit.yaml naming them.
type fleet struct {
	dir                              string
	good, expiring, openssl          string // host:port
	refused, silent                  string
	goodRoot, opensslRoot, filesLeaf string // files
	config                           string
	expiringSHA                      string
}

// Bounds that keep the audit of a fleet short: the silent port is cut off
// by the deadline, long before the handshake timeout.
var auditBounds = []string{"--connect-timeout", "2s", "--handshake-timeout", "5s", "--timeout", "8s", "--deadline", "2s", liveBudget}

func newFleet(t *testing.T) *fleet {
	t.Helper()
	dir := t.TempDir()
	f := &fleet{dir: dir}
	pki := probetest.NewPKI()
	good := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), App: "close"})
	t.Cleanup(good.Close)
	expiringLeaf := certgen.Leaf("localhost", pki.Intermediate, certgen.DNS("localhost"), certgen.IP("127.0.0.1"), certgen.Days(15))
	expiring := probetest.TLS(t, probetest.TLSOptions{Chain: []*certgen.Cert{expiringLeaf, pki.Intermediate}, App: "close"})
	t.Cleanup(expiring.Close)
	sum := sha256.Sum256(expiringLeaf.DER)
	f.expiringSHA = hex.EncodeToString(sum[:])
	leaf := scantest.NewLeaf(t, dir, "p256")
	f.openssl = "127.0.0.1:" + strconv.Itoa(scantest.OpenSSL(t, leaf))
	silent := probetest.Silent(t)
	t.Cleanup(silent.Close)
	f.good, f.expiring, f.refused, f.silent = good.Addr, expiring.Addr, probetest.Refused(t), silent.Addr
	f.goodRoot = writeFile(t, filepath.Join(dir, "root.pem"), pki.Root.PEM(), 0o644)
	f.opensslRoot = leaf.RootFile
	f.filesLeaf = writeFile(t, filepath.Join(dir, "deploy.pem"), certgen.Bundle(pki.Leaf, pki.Intermediate), 0o644)
	f.config = writeFile(t, filepath.Join(dir, "audit.yaml"), []byte(`defaults:
  ca: root.pem
  labels: {env: test}
targets:
  - url: `+f.good+`
    labels: {team: web}
  - url: `+f.expiring+`
  - url: tls://`+f.openssl+`
    ca: p256-root.crt
  - url: `+f.refused+`
  - url: `+f.silent+`
  - files: [deploy.pem]
    host: localhost
`), 0o644)
	return f
}

func TestAuditFleet(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	// The JUnit audit of the same fleet runs beside the JSON one: each
	// waits out the silent port's deadline.
	junitDone := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := runWith(append([]string{"audit", "--config", f.config, "--format", "junit", "--fail-on", "warning"}, auditBounds...),
			env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: func() time.Time { return testNow }})
		junitDone <- result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	}()
	r := tlscheck(t, append([]string{"audit", "--config", f.config, "--format", "json"}, auditBounds...)...)
	if r.code != exitFindings {
		<-junitDone
		t.Fatalf("exit %d, want 1\n%s", r.code, r)
	}
	a := parseAudit(t, r)
	if a.SchemaVersion != 1 || a.Tool["name"] != "tlscheck" || len(a.Targets) != 6 || a.Summary.Targets != 6 || a.Summary.Verdict != "fail" {
		t.Fatalf("document: schema %d, tool %v, %d targets, summary %+v", a.SchemaVersion, a.Tool, len(a.Targets), a.Summary)
	}
	want := []struct{ target, kind, status, worst string }{
		{f.good, "probe", "ok", ""},
		{f.expiring, "probe", "findings", "cert.expires-soon"},
		{"tls://" + f.openssl, "probe", "findings", ""}, // zlint: ECDSA leaf with keyEncipherment
		{f.refused, "probe", "unreachable", "tls.connect-failed"},
		// The silent port takes the TCP connection and never answers: the
		// per-target deadline ends it.
		{f.silent, "probe", "unreachable", "tls.connect-failed"},
		{filepath.Join(f.dir, "deploy.pem"), "files", "ok", ""},
	}
	for i, w := range want {
		row := a.Summary.Rows[i]
		if row.Index != i || row.Target != w.target || row.Kind != w.kind || row.Status != w.status || (w.worst != "" && row.Worst != w.worst) {
			t.Errorf("row %d: %+v, want %+v", i, row, w)
		}
	}
	if rows := a.Summary.Rows; rows[0].Labels["env"] != "test" || rows[0].Labels["team"] != "web" || rows[0].TLSVersion != "TLS 1.3" ||
		rows[1].LeafDaysLeft == nil || *rows[1].LeafDaysLeft != 5 {
		t.Errorf("rows: %+v", rows[:2])
	}
	if s := a.Summary.Status; s["ok"] != 2 || s["findings"] != 2 || s["unreachable"] != 2 || s["error"] != 0 {
		t.Errorf("status counts %v", s)
	}
	groups := map[string]int{}
	for _, g := range a.Summary.ByID {
		groups[g.ID] = len(g.Targets)
	}
	if groups["tls.connect-failed"] != 2 || groups["cert.expires-soon"] != 1 {
		t.Errorf("by_id %v", groups)
	}
	// targets[] are full reports, as `tlscheck probe --format json` writes them.
	seen := map[string]bool{}
	for _, rep := range a.Targets {
		if tg, _ := rep.Target["target"].(string); tg != "" {
			seen[tg] = true
		}
		for _, fd := range rep.Findings {
			if fd.ID == "cert.expires-soon" && fd.Evidence["sha256"] != f.expiringSHA {
				t.Errorf("cert.expires-soon evidence %v, want sha256 %s", fd.Evidence, f.expiringSHA)
			}
		}
	}
	if !seen[f.good] || !seen[f.refused] || !seen["tls://"+f.openssl] {
		t.Errorf("targets[] names %v", seen)
	}

	// The same fleet as JUnit: a testsuite per target, a testcase per check.
	r = <-junitDone
	if r.code != exitFindings {
		t.Fatalf("junit: exit %d\n%s", r.code, r)
	}
	var doc struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Skipped  int    `xml:"skipped,attr"`
			Props    []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type string `xml:"type,attr"`
					Text string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("junit is not XML: %v\n%s", err, r.stdout)
	}
	if len(doc.Suites) != 6 {
		t.Fatalf("%d testsuites, want 6", len(doc.Suites))
	}
	failed := map[string]string{}
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) || s.Tests == 0 || s.Failures == 0 && s.Name == f.refused {
			t.Errorf("suite %s: %d tests, %d cases, %d skipped", s.Name, s.Tests, len(s.Cases), s.Skipped)
		}
		if s.Name == f.good && (len(s.Props) != 2 || s.Props[0].Name != "env" || s.Props[1].Value != "web") {
			t.Errorf("suite %s properties %+v", s.Name, s.Props)
		}
		for _, c := range s.Cases {
			if c.Failure != nil {
				failed[s.Name+" "+c.Name] = c.Failure.Type
			}
		}
	}
	if failed[f.refused+" tls.connect-failed"] != "error" || failed[f.expiring+" cert.expires-soon"] != "warning" ||
		failed[f.silent+" tls.connect-failed"] != "error" || failed[f.good+" cert.expires-soon"] != "" {
		t.Errorf("failures %v", failed)
	}
}

func TestAuditBaseline(t *testing.T) {
	pki := probetest.NewPKI()
	good := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), App: "close"})
	defer good.Close()
	refused := probetest.Refused(t)
	root := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	audit := func(extra ...string) result {
		return tlscheck(t, append([]string{"audit", "--format", "json", "--ca", root, liveBudget, "--connect-timeout", "2s"}, extra...)...)
	}
	first := audit(good.Addr, refused)
	if first.code != exitFindings {
		t.Fatalf("exit %d\n%s", first.code, first)
	}
	// Add a finding the next audit will not find again: it is resolved.
	var doc map[string]any
	if err := json.Unmarshal([]byte(first.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, tg := range doc["targets"].([]any) {
		rep := tg.(map[string]any)
		if rep["target"].(map[string]any)["target"] == good.Addr {
			rep["findings"] = append(rep["findings"].([]any), map[string]any{"id": "cert.expired", "subject": "CN=old"})
		}
	}
	edited, _ := json.Marshal(doc)
	base := writeFile(t, filepath.Join(t.TempDir(), "previous.json"), edited, 0o644)

	r := audit("--baseline", base, good.Addr, refused)
	a := parseAudit(t, r)
	b := a.Summary.Baseline
	if r.code != exitFindings || b == nil || b.New != 0 || b.Unchanged == 0 || len(b.Resolved) != 1 || b.Resolved[0].ID != "cert.expired" || b.Resolved[0].Target != good.Addr {
		t.Fatalf("with a baseline: exit %d, baseline %+v\n%s", r.code, b, r)
	}
	if r := audit("--baseline", base, "--fail-on-new", good.Addr, refused); r.code != exitOK {
		t.Errorf("--fail-on-new with nothing new: exit %d\n%s", r.code, r)
	}
	// A target that was fine before and now is refused: a new error.
	other := probetest.Refused(t)
	r = audit("--baseline", base, "--fail-on-new", good.Addr, refused, other)
	a = parseAudit(t, r)
	if r.code != exitFindings || a.Summary.Baseline.New != 1 || a.Summary.Rows[2].Findings[0].Baseline != "new" || a.Summary.Rows[1].Findings[0].Baseline != "unchanged" {
		t.Errorf("a new unreachable target: exit %d %+v", r.code, a.Summary.Rows)
	}
	text := tlscheck(t, "audit", "--baseline", base, "--fail-on-new", "--connect-timeout", "2s", "--ca", root, liveBudget, good.Addr, refused, other)
	if text.code != exitFindings || !strings.Contains(text.stdout, "1 new, 2 unchanged, 1 resolved") || !strings.Contains(text.stdout, "resolved  cert.expired on "+good.Addr) {
		t.Errorf("text with a baseline:\n%s", text)
	}
	if r := audit("--fail-on-new", good.Addr); r.code != exitCannot || !strings.Contains(r.stderr, "needs --baseline") {
		t.Errorf("--fail-on-new alone: %s", r)
	}
	if r := audit("--baseline", root, good.Addr); r.code != exitCannot || !strings.Contains(r.stderr, "--baseline") {
		t.Errorf("a PEM file as baseline: %s", r)
	}
}

func TestAuditConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ yaml, want string }{
		{"targets:\n  - url: 127.0.0.1:1\n    servre: x\n", `audit.yaml:3: unknown field "servre"`},
		{"targets:\n  - url: 127.0.0.1:1\n    policy: mozilla-moden\n", `audit.yaml:3: unknown policy "mozilla-moden"`},
		{"targets:\n  - url: 127.0.0.1:1\n  - url: 127.0.0.1:2\n    warn_days: many\n", "audit.yaml:4:"},
		{"targets:\n  - url: 127.0.0.1:1\n    ca: missing.pem\n", "audit.yaml:3:"},
		{"targets:\n  - url: ftp://x:21\n    starttls: gopher\n", "audit.yaml:2:"},
	} {
		cfg := writeFile(t, filepath.Join(dir, "audit.yaml"), []byte(tc.yaml), 0o644)
		r := tlscheck(t, "audit", "--config", cfg)
		if r.code != exitCannot || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %s\nwant %q", tc.yaml, r, tc.want)
		}
	}
	// A deployment whose file is gone is a target that could not be
	// checked: the others are, and the audit is incomplete (exit 2).
	refused := probetest.Refused(t)
	cfg := writeFile(t, filepath.Join(dir, "audit.yaml"), []byte("targets:\n  - files: [gone.pem]\n  - url: "+refused+"\n"), 0o644)
	r := tlscheck(t, "audit", "--config", cfg, "--format", "json", "--connect-timeout", "2s")
	a := parseAudit(t, r)
	if r.code != exitCannot || a.Summary.Verdict != "incomplete" || a.Summary.Rows[0].Status != "error" || a.Summary.Rows[1].Status != "unreachable" ||
		!strings.Contains(r.stderr, "could not be checked") {
		t.Errorf("a missing deployment file: %s", r)
	}
	for _, args := range [][]string{{"audit"}, {"audit", "--format", "yaml", "x:1"}, {"audit", "-c", "0", "x:1"}, {"audit", "--targets", filepath.Join(dir, "none.txt")}} {
		if r := tlscheck(t, args...); r.code != exitCannot {
			t.Errorf("%v: %s", args, r)
		}
	}
}

func TestAuditTargetsStdinAndFormats(t *testing.T) {
	pki := probetest.NewPKI()
	good := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), App: "close"})
	defer good.Close()
	refused := probetest.Refused(t)
	root := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	// A password in a target never reaches a report.
	secret := "https://admin:hunter2@" + refused
	stdin := "# targets\n" + good.Addr + "   # the good one\n\n" + secret + "\n"
	r := tlscheckWith(t, invocation{now: testNow, stdin: strings.NewReader(stdin)}, "audit", "--targets", "-", "--format", "jsonl", "--ca", root, liveBudget, "--connect-timeout", "2s")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != exitFindings || len(lines) != 2 {
		t.Fatalf("jsonl from stdin targets: %s", r)
	}
	for _, l := range lines {
		var rep map[string]any
		if err := json.Unmarshal([]byte(l), &rep); err != nil || rep["schema_version"] != float64(1) {
			t.Errorf("line %q: %v", l, err)
		}
	}
	for _, format := range []string{"jsonl", "sarif", "text", "json", "junit", "html"} {
		r := tlscheckWith(t, invocation{now: testNow, stdin: strings.NewReader(stdin), vars: map[string]string{"COLUMNS": "200"}}, "audit", "--targets", "-", "--format", format, "--ca", root, liveBudget, "--connect-timeout", "2s")
		if strings.Contains(r.stdout+r.stderr, "hunter2") {
			t.Errorf("%s: the password is in the output\n%s", format, r)
		}
		if format == "sarif" {
			var log struct {
				Runs []struct {
					Results []struct {
						RuleID    string `json:"ruleId"`
						Locations []struct {
							Physical struct {
								Artifact struct {
									URI string `json:"uri"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
				t.Fatalf("sarif: %v\n%s", err, r.stdout)
			}
			found := false
			for _, res := range log.Runs[0].Results {
				if res.RuleID == "tls.connect-failed" && res.Locations[0].Physical.Artifact.URI == "https://"+refused {
					found = true
				}
			}
			if !found {
				t.Errorf("no tls.connect-failed located at https://%s:\n%s", refused, r.stdout)
			}
		}
		if format == "html" && (!strings.HasPrefix(r.stdout, "<!DOCTYPE html>") || !strings.Contains(r.stdout, good.Addr) ||
			!strings.Contains(r.stdout, refused) || !strings.Contains(r.stdout, "tls.connect-failed")) {
			t.Errorf("html: no page with both targets and the finding:\n%s", r)
		}
		if format == "text" && (!regexp.MustCompile(`(?m)^\| `+regexp.QuoteMeta(good.Addr)+` +\| ok +\| TLS 1\.3`).MatchString(r.stdout) ||
			!strings.Contains(r.stdout, "tls.connect-failed: 1 target") || !strings.Contains(r.stdout, "FAIL:") || r.stderr != "") {
			t.Errorf("text:\n%s", r)
		}
	}
	narrow := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "40"}}, "audit", "--ca", root, liveBudget, good.Addr, refused)
	for _, l := range strings.Split(narrow.stdout, "\n") {
		if len(l) > 40 && strings.Contains(strings.TrimSpace(l), " ") {
			t.Errorf("COLUMNS=40: line of %d columns: %q", len(l), l)
		}
	}
}

// TestAuditProgress runs an audit with standard error on a pseudo-terminal:
// the bar shows done/total and the failures; JSON and a pipe get none.
func TestAuditProgress(t *testing.T) {
	pki := probetest.NewPKI()
	good := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), App: "close"})
	defer good.Close()
	refused := probetest.Refused(t)
	root := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	runOnPTY := func(args ...string) (int, string) {
		master, tty, err := pty.Open()
		if err != nil {
			t.Fatalf("pty: %v", err)
		}
		defer master.Close()
		var buf bytes.Buffer
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(&buf, master) // until the terminal side is closed
		}()
		var stdout bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, tty)
		tty.Close()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			master.Close()
			<-done
		}
		return code, buf.String()
	}
	code, out := runOnPTY("audit", "--ca", root, liveBudget, "--connect-timeout", "2s", good.Addr, refused)
	if code != exitFindings || !strings.Contains(out, "2/2") || !strings.Contains(out, "failed") || !strings.Contains(out, "audited 2 targets") {
		t.Errorf("no progress bar on a terminal (exit %d): %q", code, out)
	}
	if code, out := runOnPTY("audit", "--format", "json", "--ca", root, liveBudget, good.Addr, refused); code != exitFindings || out != "" {
		t.Errorf("progress with --format json (exit %d): %q", code, out)
	}
	if r := tlscheck(t, "audit", "--ca", root, liveBudget, good.Addr); r.stderr != "" || r.code != exitOK {
		t.Errorf("progress on a pipe: %s", r)
	}
}

// TestAuditScan scans every endpoint with --scan: the rows carry the grade,
// and a config target can ask for a scan alone.
func TestAuditScan(t *testing.T) {
	pki := probetest.NewPKI()
	s := goScanServer(t, pki)
	root := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	r := tlscheck(t, "audit", "--scan", "--format", "json", "--ca", root, "--policy", "mozilla-intermediate", liveBudget, s.Addr)
	a := parseAudit(t, r)
	if len(a.Summary.Rows) != 1 || a.Summary.Rows[0].Kind != "scan" || len(a.Targets) != 1 {
		t.Fatalf("--scan: %s", r)
	}
	var scanned struct {
		Targets []struct {
			Scan *struct {
				Grade *struct {
					Grade string `json:"grade"`
				} `json:"grade"`
			} `json:"scan"`
		} `json:"targets"`
		Summary struct {
			Rows []struct {
				Grade string `json:"grade"`
			} `json:"rows"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &scanned); err != nil {
		t.Fatal(err)
	}
	if sc := scanned.Targets[0].Scan; sc == nil || sc.Grade == nil || sc.Grade.Grade == "" || scanned.Summary.Rows[0].Grade != sc.Grade.Grade {
		t.Errorf("the scan report and its row disagree on the grade:\n%s", r.stdout)
	}
	text := tlscheckWith(t, invocation{now: testNow, vars: map[string]string{"COLUMNS": "160"}}, "audit", "--scan", "--ca", root, liveBudget, s.Addr)
	if !strings.Contains(text.stdout, "| grade ") || !strings.Contains(text.stdout, "| "+scanned.Summary.Rows[0].Grade+" ") {
		t.Errorf("no grade column in the text table:\n%s", text)
	}
}

// TestAuditPerTargetSettings: the config overrides the flags per target.
// One mutual-TLS server is audited twice: with the client certificate the
// config gives one target, and without it.
func TestAuditPerTargetSettings(t *testing.T) {
	pki := probetest.NewPKI()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "root.pem"), pki.Root.PEM(), 0o644)
	writeFile(t, filepath.Join(dir, "client.pem"), pki.Client.PEM(), 0o644)
	writeFile(t, filepath.Join(dir, "client.key"), pki.Client.KeyPEM(), 0o600)
	s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), Now: testNow, App: "close",
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: []*certgen.Cert{pki.ClientCA}})
	defer s.Close()
	cfg := writeFile(t, filepath.Join(dir, "audit.yaml"), []byte(`defaults:
  ca: root.pem
targets:
  - url: `+s.Addr+`
    cert: client.pem
    key: client.key
    warn_days: 90
  - url: `+s.Addr+`
`), 0o644)
	r := tlscheck(t, "audit", "--config", cfg, "--format", "json", liveBudget)
	a := parseAudit(t, r)
	withCert, without := a.Summary.Rows[0], a.Summary.Rows[1]
	ids := func(row int) string {
		var out []string
		for _, f := range a.Summary.Rows[row].Findings {
			out = append(out, f.ID)
		}
		return strings.Join(out, ",")
	}
	if withCert.TLSVersion != "TLS 1.3" || strings.Contains(ids(0), "rejected") || !strings.Contains(ids(0), "cert.expires-soon") {
		t.Errorf("with the client certificate and warn_days 90: %+v (%s)", withCert, ids(0))
	}
	if without.Status != "findings" || strings.Contains(ids(1), "cert.expires-soon") || !strings.Contains(ids(1), "tls.") {
		t.Errorf("without: %+v (%s)", without, ids(1))
	}
}
