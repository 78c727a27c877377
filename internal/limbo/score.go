package main

import (
	"fmt"
	"sort"
	"strings"
)

// This file scores results against the suite's answers. It is used by the
// conformance test, never by Run: the harness does not read expected_result.

// ReadScored is Read and Expected in one pass over the file (decoding
// limbo.json is a good part of a conformance run): the cases, and each
// case's expected_result by id.
func ReadScored(path string) ([]Case, map[string]string, error) {
	var doc struct {
		Testcases []struct {
			Case
			Expected string `json:"expected_result"`
		} `json:"testcases"`
	}
	if err := decodeFile(path, &doc); err != nil {
		return nil, nil, err
	}
	cases := make([]Case, len(doc.Testcases))
	expected := make(map[string]string, len(doc.Testcases))
	for i, c := range doc.Testcases {
		cases[i] = c.Case
		expected[c.ID] = c.Expected
	}
	return cases, expected, nil
}

// ReadResults reads a result file (gzipped or not).
func ReadResults(path string) (map[string]string, error) {
	var res Results
	if err := decodeFile(path, &res); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, x := range res.Results {
		out[x.ID] = x.Actual
	}
	return out, nil
}

// Score is the tally of one result set.
type Score struct {
	Right, Wrong, Skipped, Total int
	// WronglyAccepted counts SUCCESS where FAILURE was expected.
	WronglyAccepted int
}

// Namespace is the part of an id before the first "::".
func Namespace(id string) string { return strings.SplitN(id, "::", 2)[0] }

// Tally scores actual against expected, overall ("") and per namespace.
func Tally(expected, actual map[string]string) map[string]*Score {
	out := map[string]*Score{"": {}}
	for id, want := range expected {
		for _, key := range []string{"", Namespace(id)} {
			s := out[key]
			if s == nil {
				s = &Score{}
				out[key] = s
			}
			s.Total++
			switch got := actual[id]; {
			case got == want:
				s.Right++
			case got == "SKIPPED" || got == "":
				s.Skipped++
			default:
				s.Wrong++
				if got == "SUCCESS" {
					s.WronglyAccepted++
				}
			}
		}
	}
	return out
}

// Table renders scores side by side as Markdown, namespaces sorted.
func Table(cols []string, scores []map[string]*Score) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| namespace | cases |")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|---|---:|")
	for range cols {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	var names []string
	for k := range scores[0] {
		if k != "" {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		return scores[0][names[i]].Total > scores[0][names[j]].Total || (scores[0][names[i]].Total == scores[0][names[j]].Total && names[i] < names[j])
	})
	names = append(names, "")
	for _, n := range names {
		label := n
		if n == "" {
			label = "**all**"
		}
		fmt.Fprintf(&b, "| %s | %d |", label, scores[0][n].Total)
		for _, s := range scores {
			x := s[n]
			cell := fmt.Sprintf("%d", x.Right)
			if x.WronglyAccepted > 0 {
				cell += fmt.Sprintf(" (%d wrongly accepted)", x.WronglyAccepted)
			}
			if x.Skipped > 0 {
				cell += fmt.Sprintf(" (%d skipped)", x.Skipped)
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
	}
	return b.String()
}
