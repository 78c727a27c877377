package main

import (
	"strings"
	"testing"
)

// TestFilesMaxChainDepthFix: `tlscheck files --max-chain-depth 0` on a
// leaf, its intermediate and the root reports the path as too deep for the
// limit the user set, and the fix shortens the path or raises that limit;
// it does not tell the user to re-issue the intermediate with pathlen:0,
// which changes nothing about --max-chain-depth (issue 8).
func TestFilesMaxChainDepthFix(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--format", "json", "--ca", d.ca, "--host", "srv.example.test", "--max-chain-depth", "0", d.cert, d.key)
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	rep := parseReport(t, r)
	wantFindings(t, rep, map[string]string{"chain.invalid": "error"})
	for _, fd := range rep.Findings {
		if fd.ID != "chain.invalid" {
			continue
		}
		if strings.Contains(strings.ToLower(fd.Message+fd.Fix), "pathlen") {
			t.Errorf("the finding speaks of pathLenConstraint:\n%s\nfix: %s", fd.Message, fd.Fix)
		}
		for _, want := range []string{"--max-chain-depth 0", "--max-chain-depth 1", "ssl_verify_depth 1", "fewer intermediates", "trust 'CN=Test Issuing CA' directly"} {
			if !strings.Contains(fd.Message+" "+fd.Fix, want) {
				t.Errorf("the finding does not mention %q:\n%s\nfix: %s", want, fd.Message, fd.Fix)
			}
		}
	}
	if r := tlscheck(t, "files", "--ca", d.ca, "--host", "srv.example.test", "--max-chain-depth", "1", d.cert, d.key); r.code != exitOK {
		t.Errorf("--max-chain-depth 1 allows the one intermediate; got %s", r)
	}
}

// TestFilesMaxChainDepthValue: a negative or non-numeric depth is refused
// (exit 2) rather than read as "no limit", and the hint does not take the
// value for a misspelt flag.
func TestFilesMaxChainDepthValue(t *testing.T) {
	d := newDeployment(t)
	for _, v := range []string{"-1", "-5", "two"} {
		r := tlscheck(t, "files", "--ca", d.ca, "--max-chain-depth", v, d.cert, d.key)
		if r.code != exitCannot || !strings.Contains(r.stderr, "max-chain-depth") {
			t.Errorf("--max-chain-depth %s: want exit 2 naming the flag, got %s", v, r)
		}
		if strings.Contains(r.stderr, "did you mean") {
			t.Errorf("--max-chain-depth %s: the hint guesses a flag: %s", v, r.stderr)
		}
	}
}
