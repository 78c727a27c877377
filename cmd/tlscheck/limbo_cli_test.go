package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/corpus/corpustest"
)

// TestLimboSampleThroughCLI runs a sample of x509-limbo cases through
// `tlscheck files`, the way a user would lay them out, and requires the exit
// code to agree with the harness's verdicts recorded in
// testdata/conformance/limbo-baseline.json: --fail-on warning for the strict
// mode, the default --fail-on error for the errors-only mode.
func TestLimboSampleThroughCLI(t *testing.T) {
	t.Parallel()
	path := corpustest.Require(t)
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var in io.Reader = fh
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		in = gz
	}
	var doc struct {
		Testcases []struct {
			ID               string   `json:"id"`
			Trusted          []string `json:"trusted_certs"`
			Untrusted        []string `json:"untrusted_intermediates"`
			Peer             string   `json:"peer_certificate"`
			ValidationTime   *string  `json:"validation_time"`
			ExtendedKeyUsage []string `json:"extended_key_usage"`
			ExpectedPeerName *struct {
				Value string `json:"value"`
			} `json:"expected_peer_name"`
			MaxChainDepth *int     `json:"max_chain_depth"`
			CRLs          []string `json:"crls"`
			Kind          string   `json:"validation_kind"`
		} `json:"testcases"`
	}
	if err := json.NewDecoder(in).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../testdata/conformance/limbo-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	var base struct {
		Cases map[string]struct{ Strict, Errors string } `json:"cases"`
	}
	if err := json.Unmarshal(raw, &base); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for i, c := range doc.Testcases {
		// Every non-BetterTLS case, and every 200th BetterTLS one.
		if strings.HasPrefix(c.ID, "bettertls::") && i%200 != 0 {
			continue
		}
		if c.Kind == "CLIENT" {
			continue // RFC822 peer names have no --host form
		}
		dir := t.TempDir()
		write := func(name, pem string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(pem), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		args := []string{"files", "--format", "json", "--warn-days", "0", "--purpose", "any", "--cert", write("peer.pem", c.Peer)}
		for j, p := range c.Untrusted {
			args = append(args, "--untrusted", write(fmt.Sprintf("untrusted-%d.pem", j+1), p))
		}
		for j, p := range c.Trusted {
			args = append(args, "--ca", write(fmt.Sprintf("trusted-%d.pem", j+1), p))
		}
		for j, p := range c.CRLs {
			args = append(args, "--crl", write(fmt.Sprintf("crl-%d.pem", j+1), p))
		}
		for _, u := range c.ExtendedKeyUsage {
			switch u {
			case "serverAuth":
				args = append(args, "--purpose", "server")
			case "clientAuth":
				args = append(args, "--purpose", "client")
			}
		}
		if c.ExpectedPeerName != nil {
			args = append(args, "--host", c.ExpectedPeerName.Value)
		}
		if c.MaxChainDepth != nil {
			args = append(args, "--max-chain-depth", fmt.Sprint(*c.MaxChainDepth))
		}
		in := invocation{}
		if c.ValidationTime != nil {
			at, err := time.Parse(time.RFC3339, *c.ValidationTime)
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, "--at", at.UTC().Format(time.RFC3339Nano))
		}
		want := base.Cases[c.ID]
		for _, mode := range []struct{ failOn, verdict string }{{"warning", want.Strict}, {"error", want.Errors}} {
			r := tlscheckWith(t, in, append(args, "--fail-on", mode.failOn)...)
			got := map[int]string{0: "SUCCESS", 1: "FAILURE"}[r.code]
			if got != mode.verdict {
				t.Errorf("%s (--fail-on %s): CLI exit %d (%s), harness %s\n%s", c.ID, mode.failOn, r.code, got, mode.verdict, briefFindings(r.stdout))
			}
		}
		ran++
	}
	t.Logf("%d cases through the CLI agree with the harness", ran)
}

func briefFindings(stdout string) string {
	var rep struct {
		Findings []struct{ ID, Severity, Message string } `json:"findings"`
	}
	if json.Unmarshal([]byte(stdout), &rep) != nil {
		return stdout
	}
	var b strings.Builder
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "  %s %s: %.150s\n", f.Severity, f.ID, f.Message)
	}
	return b.String()
}
