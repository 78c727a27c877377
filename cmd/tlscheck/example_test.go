package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeExample is the README's first command, run from the repository root:
//
//	go run ./cmd/tlscheck files --host 127.0.0.1 --ca testdata/example/ca.pem testdata/example/mosquitto/
var readmeExample = []string{"files", "--host", "127.0.0.1", "--ca", "testdata/example/ca.pem", "testdata/example/mosquitto/"}

// TestReadmeExample checks that the bundled example shows each of the
// mistakes testdata/example/make.sh put into it. Its certificates have fixed
// dates valid until 2035, so the real clock is used, as the README does.
func TestReadmeExample(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	r := tlscheckWith(t, invocation{}, readmeExample...)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	for _, id := range []string{"chain.order", "host.mismatch", "cert.expired", "key.encrypted"} {
		if !strings.Contains(r.stdout, id) {
			t.Errorf("the text report does not show %s:\n%s", id, r.stdout)
		}
	}

	r = tlscheckWith(t, invocation{}, append(readmeExample, "--format", "json")...)
	rep := parseReport(t, r)
	want := map[string]string{
		"chain.order":   "error",
		"host.mismatch": "error",
		"cert.expired":  "error",
		"key.encrypted": "warning",
	}
	// git checks files out with the umask's mode (normally 0644): the key
	// files are then readable by others, which is one of the mistakes.
	if fi, err := os.Stat("testdata/example/mosquitto/server.key"); err != nil {
		t.Fatal(err)
	} else if fi.Mode().Perm()&0o077 != 0 {
		want["key.permissions"] = "warning"
	}
	wantFindings(t, rep, want)
	// server.key is not server.crt's key: paired by name, so a mismatch.
	sev := rep.severities()
	if sev["key.mismatch"] != "error" {
		t.Errorf("the stray server.key next to server.crt is not reported as key.mismatch: %v", rep.ids())
	}
	wantNoFindings(t, rep, "file.format-unknown", "chain.untrusted-root", "chain.missing-intermediate")
}

// TestExampleGood checks the clean sibling deployment, with its key made
// private again (git does not record 0600).
func TestExampleGood(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "example-good")
	dir := t.TempDir()
	for _, name := range []string{"ca.pem", "mosquitto/server.crt", "mosquitto/server.key"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), b, 0o600)
	}
	for _, host := range []string{"127.0.0.1", "::1", "localhost", "mqtt.example.test"} {
		r := tlscheckWith(t, invocation{}, "files", "--format", "json", "--fail-on", "warning", "--host", host,
			"--ca", filepath.Join(dir, "ca.pem"), filepath.Join(dir, "mosquitto"))
		if r.code != exitOK {
			t.Errorf("--host %s: want exit 0, got %s", host, r)
			continue
		}
		wantClean(t, parseReport(t, r))
	}
}

// TestReadmeCommandsMatch keeps the README, .ci/run and these tests on the
// same two commands.
func TestReadmeCommandsMatch(t *testing.T) {
	first := "go run ./cmd/tlscheck " + strings.Join(readmeExample, " ")
	for _, file := range []string{"README.md", ".ci/run"} {
		b, err := os.ReadFile(filepath.Join("..", "..", file))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !strings.Contains(text, "\n"+first+"\n") {
			t.Errorf("%s does not run the example as %q", file, first)
		}
		if !strings.Contains(text, "\ngo test ./...\n") {
			t.Errorf("%s does not run the tests as `go test ./...`", file)
		}
	}
}
