package main

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"software.sslmate.com/src/go-pkcs12"
)

func TestFilesCleanDeploymentExitsZero(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", d.cert, d.key)
	if r.code != exitOK {
		t.Fatalf("want exit 0, got %s", r)
	}
	rep := parseReport(t, r)
	wantClean(t, rep)
	if len(rep.Certificates) < 2 {
		t.Errorf("want the leaf and the intermediate in certificates[], got %d", len(rep.Certificates))
	}
}

func TestFilesErrorExitsOne(t *testing.T) {
	d := newDeployment(t)
	// Checked as of a day after the leaf's 90 days: expired.
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--at", "2026-06-01", d.cert, d.key)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"cert.expired": "error"})
	if rep.Target["at"] != "2026-06-01T00:00:00Z" {
		t.Errorf("target.at = %v, want 2026-06-01T00:00:00Z", rep.Target["at"])
	}
}

func TestFilesFailOn(t *testing.T) {
	// A deployment whose only problem is a warning: the key is world-readable.
	d := newDeployment(t)
	if err := os.Chmod(d.key, 0o644); err != nil {
		t.Fatal(err)
	}
	// And one with an error: the leaf has expired.
	for _, tc := range []struct {
		failOn string
		at     string
		want   int
	}{
		{"error", "", exitOK},
		{"warning", "", exitFindings},
		{"warn", "", exitFindings},
		{"info", "", exitFindings},
		{"never", "", exitOK},
		{"error", "2026-06-01", exitFindings},
		{"never", "2026-06-01", exitOK},
	} {
		args := []string{"files", "--format", "json", "--ca", d.ca, "--fail-on", tc.failOn, d.cert, d.key}
		if tc.at != "" {
			args = append(args, "--at", tc.at)
		}
		r := tlscheck(t, args...)
		if r.code != tc.want {
			t.Errorf("--fail-on %s --at %q: want exit %d, got %s", tc.failOn, tc.at, tc.want, r)
			continue
		}
		rep := parseReport(t, r)
		wantFindings(t, rep, map[string]string{"key.permissions": "warning"})
	}
	r := tlscheck(t, "files", "--fail-on", "critical", d.cert)
	if r.code != exitCannot || !strings.Contains(r.stderr, "tlscheck: hint:") {
		t.Errorf("unknown --fail-on: want exit 2 with a hint, got %s", r)
	}
}

func TestFilesFlagsAfterPaths(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", d.cert, "--ca", d.ca, d.key, "--format", "json", "--host", "srv.example.test,127.0.0.1", "-v")
	if r.code != exitOK {
		t.Fatalf("want exit 0, got %s", r)
	}
	rep := parseReport(t, r)
	hosts, _ := rep.Target["hosts"].([]any)
	if len(hosts) != 2 || hosts[0] != "srv.example.test" || hosts[1] != "127.0.0.1" {
		t.Errorf("target.hosts = %v, want [srv.example.test 127.0.0.1]", rep.Target["hosts"])
	}
	files, _ := rep.Target["files"].([]any)
	var paths []string
	for _, f := range files {
		m, _ := f.(map[string]any)
		paths = append(paths, m["path"].(string)+"="+strOr(m["role"], "auto"))
	}
	want := []string{d.cert + "=auto", d.key + "=auto", d.ca + "=ca"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("target.files = %v, want %v", paths, want)
	}
	if rep.Target["purpose"] != "server" {
		t.Errorf("target.purpose = %v, want server", rep.Target["purpose"])
	}
}

func strOr(v any, def string) string {
	if s, ok := v.(string); ok {
		return s
	}
	return def
}

func TestFilesDoubleDashEndsFlags(t *testing.T) {
	d := newDeployment(t)
	odd := filepath.Join(filepath.Dir(d.cert), "-v")
	writeFile(t, odd, certgen.Bundle(d.leaf, d.inter), 0o644)
	t.Chdir(filepath.Dir(d.cert))
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--", "-v", "server.key")
	if r.code != exitOK {
		t.Fatalf("want exit 0 for a file named -v after --, got %s", r)
	}
	parseReport(t, r)
}

func TestFilesStdin(t *testing.T) {
	d := newDeployment(t)
	r := tlscheckWith(t, invocation{now: testNow, stdin: bytes.NewReader(certgen.Bundle(d.leaf, d.inter))},
		"files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", "-", d.key)
	if r.code != exitOK {
		t.Fatalf("want exit 0, got %s", r)
	}
	rep := parseReport(t, r)
	wantClean(t, rep)
	if len(rep.Certificates) < 2 {
		t.Errorf("want the two certificates read from stdin, got %d", len(rep.Certificates))
	}
	r = tlscheck(t, "files", "-", "-")
	if r.code != exitCannot || !strings.Contains(r.stderr, "only once") {
		t.Errorf("stdin twice: want exit 2, got %s", r)
	}
}

func TestFilesDirectory(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", filepath.Dir(d.cert))
	if r.code != exitOK {
		t.Fatalf("want exit 0, got %s", r)
	}
	rep := parseReport(t, r)
	wantClean(t, rep)
	wantNoFindings(t, rep, "key.mismatch", "key.no-certificate")
}

func TestFilesNonexistentPath(t *testing.T) {
	d := newDeployment(t)
	missing := filepath.Join(filepath.Dir(d.cert), "server.pme")
	r := tlscheck(t, "files", "--ca", d.ca, missing)
	if r.code != exitCannot {
		t.Fatalf("want exit 2, got %s", r)
	}
	if !strings.Contains(r.stderr, "tlscheck: error: "+missing+": no such file or directory") {
		t.Errorf("want the missing path named, got %s", r)
	}
	if !strings.Contains(r.stderr, "tlscheck: hint: did you mean "+d.cert+"?") {
		t.Errorf("want a hint naming server.pem, got %s", r)
	}
	r = tlscheck(t, "files", "--ca", filepath.Join(d.dir, "nope.pem"), d.cert)
	if r.code != exitCannot || !strings.Contains(r.stderr, "nope.pem") {
		t.Errorf("missing --ca: want exit 2 naming it, got %s", r)
	}
}

// TestFilesUnreadablePath uses a dangling symbolic link: the tests run as
// root, who can read any file whatever its mode, but nobody can read a link
// whose target does not exist.
func TestFilesUnreadablePath(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "server.pem")
	if err := os.Symlink(filepath.Join(dir, "gone.pem"), link); err != nil {
		t.Fatal(err)
	}
	r := tlscheck(t, "files", link)
	if r.code != exitCannot {
		t.Fatalf("want exit 2, got %s", r)
	}
	if !strings.Contains(r.stderr, link) || !strings.Contains(r.stderr, "gone.pem") {
		t.Errorf("want the link and its target named, got %s", r)
	}
}

func TestFilesNoInputs(t *testing.T) {
	r := tlscheck(t, "files")
	if r.code != exitCannot || !strings.Contains(r.stderr, "Usage: tlscheck files") {
		t.Errorf("want exit 2 and usage, got %s", r)
	}
	d := newDeployment(t)
	r = tlscheck(t, "files", "--ca", d.ca)
	if r.code != exitCannot || !strings.Contains(r.stderr, "--ca only names the trust anchors") {
		t.Errorf("--ca alone: want exit 2 and an explanation, got %s", r)
	}
	r = tlscheck(t, "files", t.TempDir())
	if r.code != exitCannot || !strings.Contains(r.stderr, "found no files") {
		t.Errorf("empty directory: want exit 2, got %s", r)
	}
	dir := t.TempDir()
	notes := writeFile(t, filepath.Join(dir, "notes.txt"), []byte("renew in May\n"), 0o644)
	r = tlscheck(t, "files", dir)
	if r.code != exitCannot || !strings.Contains(r.stderr, "found no files to check in "+dir) || !strings.Contains(r.stderr, "looked at "+notes) {
		t.Errorf("directory of notes: want exit 2 naming %s, got %s", notes, r)
	}
}

// Issue 9 item 1: an HTML error page saved as server.crt in a walked
// directory is file.format-unknown, as it is when named explicitly.
func TestFilesWalkedGarbageCertificate(t *testing.T) {
	d := newDeployment(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "server.crt"), []byte("<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n"), 0o644)
	writeFile(t, filepath.Join(dir, "server.key"), d.leaf.KeyPEM(), 0o600)
	for _, args := range [][]string{{dir}, {"--host", "srv.example.test", dir}} {
		r := tlscheck(t, append([]string{"files", "--format", "json", "--ca", d.ca}, args...)...)
		if r.code != exitFindings {
			t.Fatalf("%v: want exit 1, got %s", args, r)
		}
		wantFindings(t, parseReport(t, r), map[string]string{"file.format-unknown": "error"})
	}
	// --host with only a key: the name was not checked, which is an error
	// finding (not a pass).
	keyOnly := t.TempDir()
	writeFile(t, filepath.Join(keyOnly, "server.key"), d.leaf.KeyPEM(), 0o600)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", keyOnly)
	if r.code != exitFindings {
		t.Fatalf("--host with a key only: want exit 1, got %s", r)
	}
	wantFindings(t, parseReport(t, r), map[string]string{"host.no-certificate": "error"})
}

func TestFilesBadFlags(t *testing.T) {
	d := newDeployment(t)
	for _, tc := range []struct {
		args []string
		hint string
	}{
		{[]string{"--format", "yaml"}, "did you mean json?"},
		{[]string{"--format", "txt"}, "did you mean text?"},
		{[]string{"--format", "sarf"}, "did you mean sarif?"},
		{[]string{"--color", "allways"}, "did you mean always?"},
		{[]string{"--purpose", "sever"}, "did you mean server?"},
		{[]string{"--profile", "web"}, "did you mean webpki?"},
		{[]string{"--at", "next tuesday"}, "2027-01-01"},
		{[]string{"--warn-days", "-3"}, ""},
		{[]string{"--checks", "chain order"}, "all,-zlint.*"},
		{[]string{"--hots", "a"}, "did you mean --host?"},
		{[]string{"--host", "https://srv.example.test/"}, "use --host srv.example.test"},
		{[]string{"--host", "srv.example.test:8883"}, "use --host srv.example.test"},
	} {
		r := tlscheck(t, append(append([]string{"files"}, tc.args...), d.cert)...)
		if r.code != exitCannot {
			t.Errorf("%v: want exit 2, got %s", tc.args, r)
			continue
		}
		if !strings.HasPrefix(r.stderr, "tlscheck: error: ") || !strings.Contains(r.stderr, tc.hint) {
			t.Errorf("%v: want an error line and hint %q, got %s", tc.args, tc.hint, r)
		}
		if r.stdout != "" {
			t.Errorf("%v: nothing belongs on stdout, got %q", tc.args, r.stdout)
		}
	}
}

func TestFilesIPv6HostInBrackets(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "[::1]", d.cert, d.key)
	rep := parseReport(t, r)
	if hosts, _ := rep.Target["hosts"].([]any); len(hosts) != 1 || hosts[0] != "::1" {
		t.Errorf("target.hosts = %v, want [::1]", rep.Target["hosts"])
	}
	// The leaf covers srv.example.test and 127.0.0.1, not ::1.
	wantFindings(t, rep, map[string]string{"host.mismatch": "error"})
	if r.code != exitFindings {
		t.Errorf("want exit 1, got %d", r.code)
	}
}

// badInputs are files whose content is not a certificate, key or anything
// else tlscheck knows: each is a finding (file.format-unknown), never a crash.
func TestFilesBadInput(t *testing.T) {
	dir := t.TempDir()
	d := newDeployment(t)
	leafPEM := string(d.leaf.PEM())
	random := make([]byte, 4096)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	random[0] = 0xff // not a DER SEQUENCE
	for name, content := range map[string][]byte{
		"garbage.pem":   []byte("this is not a certificate\nnor a key\n"),
		"truncated.pem": []byte(leafPEM[:len(leafPEM)/2]),
		"badbase64.pem": []byte("-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n"),
		"empty.pem":     {},
		"binary.der":    random,
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, name), content, 0o644)
			r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, path)
			if r.code != exitFindings {
				t.Fatalf("want exit 1, got %s", r)
			}
			rep := parseReport(t, r)
			wantFindings(t, rep, map[string]string{"file.format-unknown": "error"})
		})
	}
}

// TestFilesHugeFile reads a 100 MB file (sparse: it costs no disk) and
// requires that tlscheck allocates far less than its size.
func TestFilesHugeFile(t *testing.T) {
	d := newDeployment(t)
	path := filepath.Join(t.TempDir(), "huge.pem")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, path)
	runtime.ReadMemStats(&after)

	// TotalAlloc counts every byte allocated during the run, so it bounds
	// the peak heap growth from above.
	if grown := after.TotalAlloc - before.TotalAlloc; grown >= 64<<20 {
		t.Errorf("allocated %d MB for a 100 MB file; want < 64 MB", grown>>20)
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown >= 64<<20 {
		t.Errorf("heap grew by %d MB; want < 64 MB", grown>>20)
	}
	if r.code != exitFindings {
		t.Fatalf("want exit 1 (a file too large to be a certificate is a finding), got %s", r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"file.format-unknown": "error"})
}

// TestFilesSymlinkLoops walks a directory holding a loop of links to each
// other and a link back to the directory itself: the walk must end, and the
// real certificate and key still be checked.
func TestFilesSymlinkLoops(t *testing.T) {
	d := newDeployment(t)
	dir := filepath.Dir(d.cert)
	for _, l := range [][2]string{
		{filepath.Join(dir, "a.pem"), filepath.Join(dir, "b.pem")},
		{filepath.Join(dir, "b.pem"), filepath.Join(dir, "a.pem")},
		{dir, filepath.Join(dir, "loop")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", dir)
	if r.code == exitCannot {
		t.Fatalf("a symlink loop inside a directory must not stop the run: %s", r)
	}
	rep := parseReport(t, r)
	wantNoFindings(t, rep, "key.mismatch", "key.no-certificate", "chain.order", "host.mismatch")
	leaves := 0
	for _, c := range rep.Certificates {
		if strings.Contains(strings.ToLower(strOr(c["subject"], "")), "srv.example.test") {
			leaves++
		}
	}
	if leaves == 0 {
		t.Errorf("the leaf next to the loop was not checked: %v", rep.Certificates)
	}
}

// TestFilesDanglingLinkInDirectory: a broken link among good files is
// reported or skipped, but the good files are still checked.
func TestFilesDanglingLinkInDirectory(t *testing.T) {
	d := newDeployment(t)
	dir := filepath.Dir(d.cert)
	if err := os.Symlink(filepath.Join(dir, "gone.pem"), filepath.Join(dir, "old.pem")); err != nil {
		t.Fatal(err)
	}
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", dir)
	if r.code == exitCannot {
		t.Fatalf("a broken link inside a directory must not stop the run: %s", r)
	}
	rep := parseReport(t, r)
	if len(rep.Certificates) == 0 {
		t.Errorf("the certificates beside the broken link were not read")
	}
	wantNoFindings(t, rep, "key.mismatch", "key.no-certificate")
}

func TestFilesJSONSchema(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "other.example.test", d.cert, d.key)
	if r.code != exitFindings {
		t.Fatalf("want exit 1 (host.mismatch), got %s", r)
	}
	rep := parseReport(t, r)
	for _, key := range []string{"schema_version", "tool", "target", "certificates", "findings", "summary"} {
		if _, ok := rep.raw[key]; !ok {
			t.Errorf("JSON report lacks %q", key)
		}
	}
	if _, ok := rep.raw["connection"]; ok {
		t.Errorf("files report has a probe-only \"connection\"")
	}
	if rep.SchemaVersion != 1 {
		t.Errorf("schema_version = %d, want 1", rep.SchemaVersion)
	}
	if rep.Tool["name"] != "tlscheck" || rep.Tool["version"] == "" {
		t.Errorf("tool = %v", rep.Tool)
	}
	for _, key := range []string{"files", "hosts", "purpose", "at"} {
		if _, ok := rep.Target[key]; !ok {
			t.Errorf("target lacks %q: %v", key, rep.Target)
		}
	}
	for _, key := range []string{"error", "warning", "info"} {
		if _, ok := rep.Summary[key]; !ok {
			t.Errorf("summary lacks %q: %v", key, rep.Summary)
		}
	}
	wantFindings(t, rep, map[string]string{"host.mismatch": "error"})
	if rep.Summary["error"] < 1 {
		t.Errorf("summary.error = %d with a host.mismatch finding", rep.Summary["error"])
	}
	for _, f := range rep.Findings {
		if f.ID == "" || f.Title == "" || f.Message == "" || f.Fix == "" || len(f.References) == 0 {
			t.Errorf("finding lacks id, title, message, fix or references: %+v", f)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("JSON output contains colour escapes")
	}
}

func TestFilesSARIF(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "sarif", "--color", "always", "--ca", d.ca, "--host", "other.example.test", d.cert, d.key)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	if !strings.Contains(r.stdout, `"2.1.0"`) || !strings.Contains(r.stdout, "host.mismatch") {
		t.Errorf("want a SARIF 2.1.0 log with the host.mismatch result, got %s", r)
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("SARIF output contains colour escapes, even with --color always")
	}
}

func TestFilesChecksSelector(t *testing.T) {
	d := newDeployment(t)
	if err := os.Chmod(d.key, 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"files", "--format", "json", "--ca", d.ca, "--host", "other.example.test", d.cert, d.key}

	r := tlscheck(t, append(base, "--checks", "key.*")...)
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"key.permissions": "warning"})
	for _, f := range rep.Findings {
		if !strings.HasPrefix(f.ID, "key.") {
			t.Errorf("--checks key.*: got %s", f.ID)
		}
	}
	if r.code != exitOK {
		t.Errorf("--checks key.* leaves only a warning: want exit 0, got %d", r.code)
	}

	r = tlscheck(t, append(base, "--checks", "all,-key.*")...)
	rep = parseReport(t, r)
	wantFindings(t, rep, map[string]string{"host.mismatch": "error"})
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.ID, "key.") {
			t.Errorf("--checks all,-key.*: got %s", f.ID)
		}
	}
	if r.code != exitFindings {
		t.Errorf("want exit 1 for host.mismatch, got %d", r.code)
	}
}

func TestFilesColor(t *testing.T) {
	d := newDeployment(t)
	// host.mismatch guarantees there is something to colour.
	args := []string{"files", "--ca", d.ca, "--host", "other.example.test", d.cert, d.key}
	for _, tc := range []struct {
		name    string
		flag    string
		tty     bool
		noColor string
		want    bool
	}{
		{"always", "always", false, "", true},
		{"always beats NO_COLOR", "always", false, "1", true},
		{"never", "never", true, "", false},
		{"auto on a terminal", "auto", true, "", true},
		{"auto in a pipe", "auto", false, "", false},
		{"auto with NO_COLOR", "auto", true, "1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tlscheckWith(t, invocation{now: testNow, tty: tc.tty, vars: map[string]string{"NO_COLOR": tc.noColor}},
				append(args, "--color", tc.flag)...)
			if r.code != exitFindings {
				t.Fatalf("want exit 1, got %s", r)
			}
			if got := strings.Contains(r.stdout, "\x1b["); got != tc.want {
				t.Errorf("colour escapes present = %v, want %v\n%s", got, tc.want, r.stdout)
			}
			if !strings.Contains(r.stdout, "host.mismatch") {
				t.Errorf("text report does not name the finding:\n%s", r.stdout)
			}
		})
	}
}

func TestFilesPasswordNeverPrinted(t *testing.T) {
	d := newDeployment(t)
	const secret = "secret123"
	p12, err := pkcs12.Modern.Encode(d.leaf.Key, d.leaf.X509, nil, secret)
	if err != nil {
		t.Fatal(err)
	}
	bundle := writeFile(t, filepath.Join(t.TempDir(), "server.p12"), p12, 0o600)

	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
	}{
		{"flag", []string{"--password", secret}, nil},
		{"env", nil, map[string]string{passwordEnv: secret}},
		{"wrong flag", []string{"--password", "wrong" + secret}, nil},
	} {
		for _, format := range []string{"text", "json", "sarif"} {
			args := append([]string{"files", "-v", "--format", format, "--ca", d.ca, "--host", "srv.example.test"}, tc.args...)
			args = append(args, bundle, d.cert)
			r := tlscheckWith(t, invocation{now: testNow, vars: tc.vars}, args...)
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("%s/%s: the password appears in the output: %s", tc.name, format, r)
			}
			if r.code == exitCannot {
				t.Errorf("%s/%s: want a report, got %s", tc.name, format, r)
			}
			if format == "json" && r.code != exitCannot && !strings.HasPrefix(tc.name, "wrong") {
				rep := parseReport(t, r)
				sev := rep.severities()
				if _, ok := sev["file.pkcs12"]; !ok {
					t.Errorf("%s: want file.pkcs12, got %v", tc.name, rep.ids())
				}
			}
			flagWarned := strings.Contains(r.stderr, "visible to other users")
			if flagWarned != (tc.args != nil) {
				t.Errorf("%s: --password warning shown = %v", tc.name, flagWarned)
			}
		}
	}
}

func TestScrub(t *testing.T) {
	if got := scrub("bad password secret123 for x", "secret123"); strings.Contains(got, "secret123") {
		t.Errorf("scrub left the password: %q", got)
	}
	if got := scrub("plain", ""); got != "plain" {
		t.Errorf("scrub with no password changed the text: %q", got)
	}
}

// Issue 9 item 2: the first certificate of a bundle (a served chain) is the
// served leaf whatever its basicConstraints say, and is validated as one.
func TestFilesBundleFirstCertificateCA(t *testing.T) {
	root := certgen.Root("Test Root CA", certgen.KeyType("p256"))
	inter := certgen.Intermediate("Test Issuing CA", root, certgen.KeyType("p256"))
	leaf := certgen.Leaf("localhost", inter, certgen.DNS("localhost"), certgen.IsCA(),
		certgen.EKU(x509.ExtKeyUsageServerAuth))
	dir := t.TempDir()
	ca := writeFile(t, filepath.Join(dir, "ca.pem"), root.PEM(), 0o644)
	full := writeFile(t, filepath.Join(dir, "fullchain.pem"), certgen.Bundle(leaf, inter), 0o644)
	r := tlscheck(t, "files", "--format", "json", "--ca", ca, "--host", "localhost", full)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"cert.is-ca": "error"})
	for _, c := range rep.Certificates {
		if c["subject"] == "CN=localhost" && c["role"] != "leaf" {
			t.Errorf("the first certificate of fullchain.pem has role %v, want leaf", c["role"])
		}
	}

	// Its path is checked: an expired intermediate is reported.
	old := certgen.Intermediate("Old Issuing CA", root, certgen.KeyType("p256"),
		certgen.Validity(certgen.Epoch.AddDate(-2, 0, 0), certgen.Epoch.AddDate(0, 0, 1)))
	caLeaf := certgen.Leaf("localhost", old, certgen.DNS("localhost"), certgen.IsCA(), certgen.EKU(x509.ExtKeyUsageServerAuth))
	full = writeFile(t, filepath.Join(dir, "old", "fullchain.pem"), certgen.Bundle(caLeaf, old), 0o644)
	r = tlscheck(t, "files", "--format", "json", "--ca", ca, "--host", "localhost", full)
	rep = parseReport(t, r)
	wantFindings(t, rep, map[string]string{"cert.is-ca": "error", "cert.expired": "error"})
	wantNoFindings(t, rep, "host.no-certificate")

	// A bundle of CAs (intermediate then root) given on its own stays one:
	// no subjectAltName, no leaf.
	cas := writeFile(t, filepath.Join(dir, "cas", "chain.pem"), certgen.Bundle(inter, root), 0o644)
	r = tlscheck(t, "files", "--format", "json", "--ca", ca, cas)
	wantNoFindings(t, parseReport(t, r), "cert.is-ca")
}
