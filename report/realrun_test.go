package report

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestRealRun renders what the registered checks and the chain builder
// really produce for a small broken deployment (fresh certgen keys, so no
// golden): every renderer must accept it, and the JSON and SARIF reports
// must agree with the findings.
func TestRealRun(t *testing.T) {
	root := certgen.Root("Real Root")
	inter := certgen.Intermediate("Real Issuing CA", root)
	leaf := certgen.Leaf("real.example.com", inter)
	expired := certgen.Leaf("gone.example.com", inter, certgen.Days(10))
	cert := func(c *certgen.Cert, file string, i int, role facts.Role) *facts.Cert {
		return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: i, Role: role}}
	}
	f := &facts.Facts{
		Now:     fixtureNow,
		Options: facts.Options{Purpose: facts.PurposeServer, WarnDays: 30, Profile: facts.ProfileAuto, Hosts: []string{"other.example.com"}},
		Files: []*facts.File{
			{Path: "server.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "gone.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
			{Path: "ca.pem", Role: facts.RoleCA, Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
		},
		// Intermediate before the leaf: out of order.
		Certs: []*facts.Cert{cert(inter, "server.pem", 0, ""), cert(leaf, "server.pem", 1, ""), cert(expired, "gone.pem", 0, "")},
		Roots: []*facts.Cert{cert(root, "ca.pem", 0, facts.RoleCA)},
	}
	sel, err := checks.ParseSelector("all")
	if err != nil {
		t.Fatal(err)
	}
	results := checks.Run(context.Background(), f, sel)
	r := New(Tool{Name: "tlscheck", Version: "test"}, Target{Files: []TargetFile{{Path: "server.pem"}, {Path: "gone.pem"}, {Path: "ca.pem", Role: "ca"}}}, f, results)

	var text, js, sarif bytes.Buffer
	if err := Text(&text, r, Options{Verbose: true, Width: 200}); err != nil { // content, not layout
		t.Fatal(err)
	}
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := SARIF(&sarif, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "PRIVATE KEY") {
		t.Error("key material in the text report")
	}
	if !strings.HasPrefix(text.String(), "tlscheck: checked server.pem, gone.pem, ca.pem (3 files) as of 2026-03-01 00:00 UTC\n") {
		t.Errorf("header: %q", strings.SplitN(text.String(), "\n", 2)[0])
	}
	var doc struct {
		Findings []checks.Finding `json:"findings"`
		Summary  checks.Summary   `json:"summary"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != len(r.Findings) || doc.Summary != checks.Summarize(r.Findings) {
		t.Errorf("JSON has %d findings, summary %+v; the run had %d, %+v", len(doc.Findings), doc.Summary, len(r.Findings), checks.Summarize(r.Findings))
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != len(r.Findings) {
		t.Errorf("SARIF has %d results for %d findings", len(run.Results), len(r.Findings))
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %s", res.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
	}
	for _, want := range []string{"Chain 1 of 2: CN=real.example.com", "ERROR chain.order", "ERROR cert.expired", "expired 49d ago"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
}
