package checks

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSelector(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		in, out []string
	}{
		{"", []string{"cert.is-ca", "zlint.e_ext_san_missing"}, nil},
		{"all", []string{"cert.is-ca", "tls.compression"}, nil},
		{"-zlint.*", []string{"cert.is-ca", "chain.invalid"}, []string{"zlint.lints", "zlint.w_x"}},
		{"all,-zlint.*", []string{"key.weak"}, []string{"zlint.e_y"}},
		{"cert.*,-cert.is-ca", []string{"cert.expired", "cert.aki-mismatch"}, []string{"cert.is-ca", "chain.order", "certx.y"}},
		{"zlint.e_*_key", []string{"zlint.e_ecdsa_small_private_key", "zlint.e_x_key"}, []string{"zlint.w_small_key", "zlint.e_key_usage"}},
		{"cert.is-ca", []string{"cert.is-ca"}, []string{"cert.is-cab", "xcert.is-ca"}},
		{"!tls.*, +tls.compression", []string{"tls.compression", "cert.is-ca"}, []string{"tls.plaintext"}},
		// A bare family is the whole family.
		{"all,-chain", []string{"cert.is-ca", "chainx.y"}, []string{"chain.order", "chain.invalid"}},
		{"-chain", []string{"cert.is-ca"}, []string{"chain.order"}},
		{"chain", []string{"chain.order"}, []string{"cert.is-ca"}},
	} {
		sel, err := parseSelector(tc.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		for _, id := range tc.in {
			if !sel.Match(id) {
				t.Errorf("%q does not select %s", tc.pattern, id)
			}
		}
		for _, id := range tc.out {
			if sel.Match(id) {
				t.Errorf("%q selects %s", tc.pattern, id)
			}
		}
	}
	_, err := parseSelector("cert. is-ca")
	var se *SelectorError
	if !errors.As(err, &se) || !se.Malformed {
		t.Errorf("a pattern with a space: got %v, want a malformed-pattern SelectorError", err)
	}
}

// catalogue is a registry for selector tests: a few static checks and a
// dynamic one reporting zlint.<lint> IDs.
func catalogue() []*Check {
	run := func(*Pass) {}
	lints := &Check{ID: "zlint.lints", Dynamic: true, Run: run, IDs: func() []string {
		return []string{"zlint.e_sub_cert_aia_missing", "zlint.e_ext_san_missing", "zlint.w_ext_key_usage_not_critical"}
	}}
	return []*Check{
		{ID: "cert.expired", Run: run}, {ID: "cert.is-ca", Run: run},
		{ID: "chain.order", Run: run}, {ID: "chain.invalid", Run: run},
		{ID: "key.encrypted", Run: run}, {ID: "key.permissions", Run: run},
		lints,
	}
}

// TestSelectorUnknownPattern: a pattern that matches no check is an error
// naming the nearest IDs and families, not a selection of nothing.
func TestSelectorUnknownPattern(t *testing.T) {
	cs := catalogue()
	for pattern, nearest := range map[string][]string{
		"chian.*":                      {"chain.*"},
		"all,-chian":                   {"chain.*"},
		"cert.expird":                  {"cert.expired"},
		"zlint.e_sub_cert_aia_mising":  {"zlint.e_sub_cert_aia_missing"},
		"nothing.at-all-here":          nil,
		"key.zzzzzzzzzzzzzzzzzzzzzzzz": {"key.encrypted", "key.permissions"}, // no near ID: the family's checks
	} {
		sel, err := parseSelector(pattern)
		if err != nil {
			t.Fatalf("%q: %v", pattern, err)
		}
		err = sel.validate(cs)
		var se *SelectorError
		if !errors.As(err, &se) || se.Malformed {
			t.Fatalf("%q: got %v, want an unknown-pattern SelectorError", pattern, err)
		}
		if !reflect.DeepEqual(se.Nearest, nearest) {
			t.Errorf("%q: nearest %v, want %v", pattern, se.Nearest, nearest)
		}
		if nearest != nil && !strings.Contains(se.Hint(), nearest[0]) {
			t.Errorf("%q: hint %q does not name %s", pattern, se.Hint(), nearest[0])
		}
	}
	for _, pattern := range []string{"", "all", "chain", "-chain", "all,-chain", "zlint.*", "zlint.e_*", "zlint.e_sub_cert_aia_missing", "cert.*,-cert.is-ca", "-zlint.*"} {
		sel, err := parseSelector(pattern)
		if err == nil {
			err = sel.validate(cs)
		}
		if err != nil {
			t.Errorf("%q: %v", pattern, err)
		}
	}
	err := (&SelectorError{Pattern: "chian.*", Nearest: []string{"chain.*"}})
	if err.Error() != `"chian.*" matches no check` || err.Hint() != "did you mean chain.*?" {
		t.Errorf("texts: %q / %q", err.Error(), err.Hint())
	}
}

func TestNearestIDs(t *testing.T) {
	cs := catalogue()
	for id, want := range map[string][]string{
		"chain.ordr":             {"chain.order"},
		"Cert.Expird":            {"cert.expired"},
		"key.zzzzzzzzzzzzzz":     {"key.encrypted", "key.permissions"},
		"nothing.at-all-here":    nil,
		"zlint.e_no_such_lint":   {"zlint.e_*", "zlint.*"}, // was the umbrella zlint.lints, which reports no finding of its own
		"zlint.x_no_such_lint":   {"zlint.*"},
		"zlint.e_ext_san_mising": {"zlint.e_ext_san_missing"},
	} {
		if got := NearestIDs(id, cs); !reflect.DeepEqual(got, want) {
			t.Errorf("NearestIDs(%q) = %v, want %v", id, got, want)
		}
	}
}

// TestRunSelectsDynamicFindings: --checks zlint.e_* and a single lint name
// select the dynamic check that reports them, and hand it the selector
// (before, only zlint.* did: the family was probed with "zlint.x").
func TestRunSelectsDynamicFindings(t *testing.T) {
	var got Selector
	ran := false
	lints := &Check{ID: "zlint.lints", Dynamic: true,
		IDs: func() []string { return []string{"zlint.e_sub_cert_aia_missing", "zlint.w_other"} },
		Run: func(p *Pass) {
			ran, got = true, p.Selector
			p.Report(Finding{ID: "zlint.e_sub_cert_aia_missing"})
			p.Report(Finding{ID: "zlint.w_other"})
		}}
	withRegistry(t, lints)
	for _, pattern := range []string{"zlint.e_*", "zlint.e_sub_cert_aia_missing"} {
		ran = false
		sel, err := ParseSelector(pattern)
		if err != nil {
			t.Fatalf("%q: %v", pattern, err)
		}
		res := Run(context.Background(), &facts.Facts{}, sel)
		if !ran || len(res) != 1 || !res[0].Selected {
			t.Fatalf("%q: zlint.lints did not run: %+v", pattern, res)
		}
		if !got.Match("zlint.e_sub_cert_aia_missing") || got.Match("zlint.w_other") {
			t.Errorf("%q: the check was not handed the selector", pattern)
		}
		if len(res[0].Findings) != 1 || res[0].Findings[0].ID != "zlint.e_sub_cert_aia_missing" {
			t.Errorf("%q: findings %+v", pattern, res[0].Findings)
		}
	}
	sel, _ := ParseSelector("-zlint.*")
	if res := Run(context.Background(), &facts.Facts{}, sel); res[0].Selected {
		t.Errorf("-zlint.*: zlint.lints selected")
	}
}

// TestRunScopes: a check whose scope is empty is not applicable with the
// scope's reason and does not run; Selected tells a check left out by
// --checks from one that did not apply.
func TestRunScopes(t *testing.T) {
	ran := false
	keyed := &Check{ID: "key.encrypted", Applies: []*Scope{Hosts, Keys}, Run: func(*Pass) { ran = true }}
	other := &Check{ID: "cert.is-ca", Run: func(*Pass) {}}
	withRegistry(t, keyed, other)
	sel, err := ParseSelector("key.*")
	if err != nil {
		t.Fatal(err)
	}
	f := &facts.Facts{Options: facts.Options{Hosts: []string{"example.com"}}}
	res := Run(context.Background(), f, sel)
	if ran || res[1].NotApplicable != "no private keys among the inputs" || !res[1].Selected {
		t.Errorf("no keys: ran %v, result %+v", ran, res[1])
	}
	if res[0].Check != other || res[0].Selected || res[0].NotApplicable != "" {
		t.Errorf("not selected: %+v", res[0])
	}
	f.Options.Hosts = nil
	if res := Run(context.Background(), f, sel); res[1].NotApplicable != "no host name given (--host)" {
		t.Errorf("scopes are tried in order: %q", res[1].NotApplicable)
	}
	f.Options.Hosts = []string{"example.com"}
	f.Keys = []*facts.Key{{}}
	if res := Run(context.Background(), f, sel); !ran || res[1].NotApplicable != "" {
		t.Errorf("with keys: ran %v, result %+v", ran, res[1])
	}
}

// withRegistry replaces the registry with cs for one test.
func withRegistry(t *testing.T, cs ...*Check) {
	t.Helper()
	regMu.Lock()
	old := registry
	registry = map[string]*Check{}
	regMu.Unlock()
	t.Cleanup(func() { regMu.Lock(); registry = old; regMu.Unlock() })
	for _, c := range cs {
		Register(c)
	}
}

// TestSelectorPatternAsWritten: the error names the pattern the user wrote,
// not its expansion ("chian.*" for "-chian").
func TestSelectorPatternAsWritten(t *testing.T) {
	for list, want := range map[string]string{"-chian": "-chian", "nope": "nope", "all,!chian": "!chian", "cert.*,+cert.expird": "+cert.expird"} {
		_, err := parseFor(list, catalogue())
		var se *SelectorError
		if !errors.As(err, &se) || se.Pattern != want || se.Error() != `"`+want+`" matches no check` {
			t.Errorf("%q: got %v, want %q named as written", list, err, want)
		}
	}
}

// TestSelectorSelectsNothing: a list whose patterns all match checks but
// together select none is an error (all,-all passed with no findings).
func TestSelectorSelectsNothing(t *testing.T) {
	cs := catalogue()
	for _, list := range []string{"all,-all", "-all", "chain,-chain.*", "zlint.lints,-zlint.*", "zlint.*,-zlint.e_*,-zlint.w_*"} {
		_, err := parseFor(list, cs)
		var se *SelectorError
		if !errors.As(err, &se) || !se.SelectsNothing || se.Pattern != list {
			t.Errorf("%q: got %v, want a selects-no-check error", list, err)
			continue
		}
		if se.Error() != fmt.Sprintf("%q selects no check", list) || !strings.Contains(se.Hint(), "left to right") {
			t.Errorf("%q: texts %q / %q", list, se.Error(), se.Hint())
		}
	}
	for _, list := range []string{"", "all", "all,-all,chain", "zlint.*,-zlint.e_*"} {
		if _, err := parseFor(list, cs); err != nil {
			t.Errorf("%q: %v", list, err)
		}
	}
}

// TestSelectorEmptyPattern: "" and blanks mean all; an empty pattern in a
// list (",", "chain,") is an error, not a silent "all" or a dropped item.
func TestSelectorEmptyPattern(t *testing.T) {
	for _, list := range []string{"", "  "} {
		sel, err := parseFor(list, catalogue())
		if err != nil || !sel.Match("chain.order") || !sel.Match("zlint.e_ext_san_missing") {
			t.Errorf("%q: %v, want everything", list, err)
		}
	}
	for _, list := range []string{",", " , ", "chain,", ",chain", "chain,,cert", "-"} {
		_, err := parseFor(list, catalogue())
		var se *SelectorError
		if !errors.As(err, &se) || !se.Malformed {
			t.Errorf("%q: got %v, want a malformed-pattern error", list, err)
		}
	}
	if err := (&SelectorError{Malformed: true}); err.Error() != "empty check pattern (a comma too many?)" {
		t.Errorf("text: %q", err.Error())
	}
}

// TestSelectorUmbrellaID: the ID of a dynamic check stands for every
// finding it reports, in selecting and in excluding.
func TestSelectorUmbrellaID(t *testing.T) {
	cs := catalogue()
	sel, err := parseFor("zlint.lints", cs)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"zlint.lints", "zlint.e_sub_cert_aia_missing", "zlint.w_ext_key_usage_not_critical"} {
		if !sel.Match(id) {
			t.Errorf("zlint.lints does not select %s", id)
		}
	}
	if sel.Match("chain.order") || sel.Match("zlint.e_not_a_lint_of_it") {
		t.Error("zlint.lints selects more than the check's findings")
	}
	sel, err = parseFor("all,-zlint.lints", cs)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Match("zlint.e_ext_san_missing") || !sel.Match("chain.order") {
		t.Error("all,-zlint.lints: zlint findings still selected, or more removed")
	}
	if sel.selects(cs[len(cs)-1]) {
		t.Error("all,-zlint.lints: zlint.lints still runs")
	}
	// A dynamic check none of whose findings is selected does not run.
	sel, err = parseFor("all,-zlint.e_*,-zlint.w_*", cs)
	if err != nil {
		t.Fatal(err)
	}
	if sel.selects(cs[len(cs)-1]) {
		t.Error("every lint excluded: zlint.lints still runs")
	}
}
