package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/corpus/corpustest"
)

var update = flag.Bool("update", false, "rewrite testdata/conformance/limbo-baseline.json and docs/conformance.md")

const (
	baseline = "../../testdata/conformance/limbo-baseline.json"
	docPath  = "../../docs/conformance.md"
	// goResultName is Go's crypto/x509 result file, beside limbo.json in
	// the shared corpus.
	goResultName = "results-go1.26.8.json.gz"
)

// limboCorpus is the x509-limbo corpus (not in this repository): the test
// is skipped without it, and fails without it under CI.
func limboCorpus(tb testing.TB) string {
	tb.Helper()
	return corpustest.Require(tb)
}

// Baseline is the per-case record the regression gate compares against.
type Baseline struct {
	Version int                 `json:"version"`
	Cases   map[string]Recorded `json:"cases"`
}

// Recorded is one case's answer and our verdicts in both modes.
type Recorded struct {
	Expected string `json:"expected"`
	Strict   string `json:"strict"`
	Errors   string `json:"errors"`
}

// TestConformance runs all of x509-limbo through the engine and fails when a
// case that the baseline got right is now wrong, in either mode. It also
// keeps docs/conformance.md's score tables in step (-update rewrites both).
func TestConformance(t *testing.T) {
	corpus := limboCorpus(t)
	cases, expected, err := ReadScored(corpus)
	if err != nil {
		t.Fatal(err)
	}
	judged := JudgeAll(cases)
	strict, errs := map[string]string{}, map[string]string{}
	context := map[string][2]string{}
	for _, both := range judged {
		strict[both[0].ID] = both[0].Actual
		errs[both[1].ID] = both[1].Actual
		context[both[0].ID] = [2]string{both[0].Context, both[1].Context}
	}
	now := Baseline{Version: 1, Cases: map[string]Recorded{}}
	for id, want := range expected {
		now.Cases[id] = Recorded{Expected: want, Strict: strict[id], Errors: errs[id]}
	}
	goRes, err := ReadResults(filepath.Join(filepath.Dir(corpus), goResultName))
	if err != nil {
		t.Fatal(err)
	}
	doc := conformanceDoc(expected, strict, errs, goRes)

	if *update {
		b, _ := json.MarshalIndent(now, "", " ")
		if err := os.WriteFile(baseline, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(docPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}

	raw, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/limbo -run TestConformance -update)", err)
	}
	var old Baseline
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatal(err)
	}
	var regressions []string
	for id, rec := range old.Cases {
		cur := now.Cases[id]
		if rec.Strict == rec.Expected && cur.Strict != rec.Expected {
			regressions = append(regressions, fmt.Sprintf("strict %s: was %s (right), now %s: %s", id, rec.Strict, cur.Strict, context[id][0]))
		}
		if rec.Errors == rec.Expected && cur.Errors != rec.Expected {
			regressions = append(regressions, fmt.Sprintf("errors %s: was %s (right), now %s: %s", id, rec.Errors, cur.Errors, context[id][1]))
		}
	}
	sort.Strings(regressions)
	for _, r := range regressions {
		t.Error(r)
	}
	if len(regressions) == 0 {
		st, er := Tally(expected, strict)[""], Tally(expected, errs)[""]
		t.Logf("x509-limbo: strict %d/%d right, errors-only %d/%d right", st.Right, st.Total, er.Right, er.Total)
	}
	got, err := os.ReadFile(docPath)
	if err != nil || !strings.Contains(string(got), scoreTables(expected, strict, errs, goRes)) {
		t.Errorf("%s is stale: run go test ./internal/limbo -run TestConformance -update", filepath.Base(docPath))
	}
}

func scoreTables(expected, strict, errs, goRes map[string]string) string {
	return Table([]string{"tlscheck strict", "tlscheck errors-only", "Go 1.26.8 crypto/x509"},
		[]map[string]*Score{Tally(expected, strict), Tally(expected, errs), Tally(expected, goRes)})
}

// conformanceDoc renders docs/conformance.md: the tables, the cases we miss
// that Go gets right, and the cases still wrong, each with our context.
func conformanceDoc(expected, strict, errs, goRes map[string]string) string {
	var b strings.Builder
	b.WriteString(docHead)
	b.WriteString(scoreTables(expected, strict, errs, goRes))
	b.WriteString("\n## Cases Go gets right and tlscheck (strict) does not\n\n")
	b.WriteString(listCases(expected, strict, func(id string) bool { return goRes[id] == expected[id] }))
	b.WriteString("\n## Other cases tlscheck (strict) gets wrong\n\n")
	b.WriteString(listCases(expected, strict, func(id string) bool { return goRes[id] != expected[id] }))
	b.WriteString(docTail)
	return b.String()
}

func listCases(expected, actual map[string]string, keep func(string) bool) string {
	var ids []string
	for id, want := range expected {
		if actual[id] != want && keep(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return "None.\n"
	}
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "- `%s`: expected %s, tlscheck says %s%s\n", id, expected[id], actual[id], why[id])
	}
	return b.String()
}
