package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// Issue 9 item 6: a certbot live directory whose cert.pem link points at an
// older issuance than fullchain.pem is chain.certbot-mismatch, and the ln
// command of the fix makes the directory agree.
func TestFilesCertbotMismatchFixRuns(t *testing.T) {
	root := certgen.Root("Test Root CA", certgen.KeyType("p256"))
	inter := certgen.Intermediate("Test Issuing CA", root, certgen.KeyType("p256"))
	old := certgen.Leaf("example.com", inter, certgen.Validity(certgen.Epoch.AddDate(0, 0, -60), certgen.Epoch.AddDate(0, 0, 30)))
	cur := certgen.Leaf("example.com", inter, certgen.Validity(certgen.Epoch.AddDate(0, 0, 1), certgen.Epoch.AddDate(0, 0, 90)))
	dir := t.TempDir()
	ca := writeFile(t, filepath.Join(dir, "ca.pem"), root.PEM(), 0o644)
	archive := filepath.Join(dir, "etc", "archive", "example.com")
	for n, leaf := range map[string]*certgen.Cert{"1": old, "2": cur} {
		writeFile(t, filepath.Join(archive, "cert"+n+".pem"), leaf.PEM(), 0o644)
		writeFile(t, filepath.Join(archive, "chain"+n+".pem"), inter.PEM(), 0o644)
		writeFile(t, filepath.Join(archive, "fullchain"+n+".pem"), certgen.Bundle(leaf, inter), 0o644)
		writeFile(t, filepath.Join(archive, "privkey"+n+".pem"), leaf.KeyPEM(), 0o600)
	}
	live := filepath.Join(dir, "etc", "live", "example.com")
	if err := os.MkdirAll(live, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]string{"cert": "1", "chain": "2", "fullchain": "2", "privkey": "2"} {
		if err := os.Symlink("../../archive/example.com/"+name+n+".pem", filepath.Join(live, name+".pem")); err != nil {
			t.Fatal(err)
		}
	}
	r := tlscheck(t, "files", "--format", "json", "--ca", ca, "--host", "example.com", live)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"chain.certbot-mismatch": "error"})
	var fix string
	for _, f := range rep.Findings {
		if f.ID == "chain.certbot-mismatch" {
			fix = f.Fix
		}
	}
	m := regexp.MustCompile("`(cd [^`]*ln -sfn [^`]*)`").FindStringSubmatch(fix)
	if m == nil {
		t.Fatalf("fix has no ln command: %s", fix)
	}
	if out, err := exec.Command("sh", "-c", m[1]).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", m[1], err, out)
	}
	r = tlscheck(t, "files", "--format", "json", "--ca", ca, "--host", "example.com", live)
	if r.code != exitOK {
		t.Fatalf("after %s: want exit 0, got %s", m[1], r)
	}
	wantNoFindings(t, parseReport(t, r), "chain.certbot-mismatch")
}
