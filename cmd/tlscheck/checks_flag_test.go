package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// findingIDs runs `tlscheck files --format json ARGS` and returns the IDs found.
func findingIDs(t *testing.T, args ...string) []string {
	t.Helper()
	r := tlscheck(t, append([]string{"files", "--format", "json"}, args...)...)
	if r.code == exitCannot {
		t.Fatalf("%v: could not run: %s", args, r)
	}
	var rep struct {
		Findings []struct {
			ID string `json:"id"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, r.stdout)
	}
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestChecksUnknownPattern: a --checks pattern that matches no check is a
// could-not-run error with a hint naming the nearest IDs or families; before,
// it selected (or excluded) nothing and the gate passed.
func TestChecksUnknownPattern(t *testing.T) {
	d := newDeployment(t)
	for pattern, hint := range map[string]string{
		"chian.*":                     "did you mean chain.*?",
		"all,-chian":                  "did you mean chain.*?",
		"cert.expird":                 "did you mean cert.expired?",
		"zlint.e_sub_cert_aia_mising": "did you mean zlint.e_sub_cert_aia_missing",
		"nothing.at-all-here":         "`tlscheck list`",
	} {
		r := tlscheck(t, "files", "--checks", pattern, d.cert)
		if r.code != exitCannot || r.stdout != "" {
			t.Errorf("--checks %q: want exit 2 and no report, got %s", pattern, r)
			continue
		}
		if !strings.HasPrefix(r.stderr, "tlscheck: error: --checks: ") || !strings.Contains(r.stderr, "matches no check") ||
			!strings.Contains(r.stderr, "tlscheck: hint: "+hint) {
			t.Errorf("--checks %q: want an error and the hint %q, got %s", pattern, hint, r)
		}
	}
}

// TestChecksBareFamily: a bare family means family.*, so all,-chain drops
// every chain.* check (before, it excluded nothing).
func TestChecksBareFamily(t *testing.T) {
	d := newDeployment(t) // the root is not given: chain.missing-intermediate
	if !hasID(findingIDs(t, d.cert), "chain.") {
		t.Fatal("the deployment has no chain finding to exclude")
	}
	if ids := findingIDs(t, "--checks", "all,-chain", d.cert); hasID(ids, "chain.") {
		t.Errorf("all,-chain: chain findings remain: %v", ids)
	}
	for _, id := range findingIDs(t, "--checks", "chain", d.cert) {
		if !strings.HasPrefix(id, "chain.") {
			t.Errorf("chain: %s reported", id)
		}
	}
}

// TestChecksZlintLints: zlint.e_* and a single lint name select zlint
// findings (before, only zlint.* did: the selector probed "zlint.x").
func TestChecksZlintLints(t *testing.T) {
	d := newDeployment(t) // certgen leaves have no AIA: e_sub_cert_aia_missing under webpki
	all := findingIDs(t, "--profile", "webpki", "--checks", "zlint.*", d.cert)
	if !hasID(all, "zlint.e_sub_cert_aia_missing") || !hasID(all, "zlint.w_") && !hasID(all, "zlint.n_") {
		t.Fatalf("zlint.*: want e_sub_cert_aia_missing and some w_/n_ lints, got %v", all)
	}
	for _, id := range findingIDs(t, "--profile", "webpki", "--checks", "zlint.e_*", d.cert) {
		if !strings.HasPrefix(id, "zlint.e_") {
			t.Errorf("zlint.e_*: %s reported", id)
		}
	}
	if !hasID(findingIDs(t, "--profile", "webpki", "--checks", "zlint.e_*", d.cert), "zlint.e_sub_cert_aia_missing") {
		t.Error("zlint.e_*: e_sub_cert_aia_missing not reported")
	}
	one := findingIDs(t, "--profile", "webpki", "--checks", "zlint.e_sub_cert_aia_missing", d.cert)
	if len(one) == 0 {
		t.Fatal("zlint.e_sub_cert_aia_missing: not reported")
	}
	for _, id := range one {
		if id != "zlint.e_sub_cert_aia_missing" {
			t.Errorf("zlint.e_sub_cert_aia_missing: %s reported too", id)
		}
	}
}

// TestWarnDaysZero: --warn-days 0 turns expiry warnings off and -v says so
// in the flag's own terms (it said "negative --warn-days": 0 meant "off" in
// the command and "default 30" in facts).
func TestWarnDaysZero(t *testing.T) {
	d := newDeployment(t)
	r := tlscheck(t, "files", "--warn-days", "0", "-v", d.cert)
	if !strings.Contains(r.stdout, "cert.expires-soon: expiry warnings are off (--warn-days 0)") || strings.Contains(r.stdout, "negative") {
		t.Errorf("--warn-days 0 -v: %s", r)
	}
	// 85 days before expiry, a 100-day window warns and the default does not.
	near := invocation{now: testNow.AddDate(0, 0, -5)}
	if r := tlscheckWith(t, near, "files", "--warn-days", "100", "--checks", "cert.expires-soon", "--format", "json", d.cert); !strings.Contains(r.stdout, `"cert.expires-soon"`) {
		t.Errorf("--warn-days 100: no cert.expires-soon: %s", r)
	}
	if r := tlscheckWith(t, near, "files", "--checks", "cert.expires-soon", "--format", "json", d.cert); strings.Contains(r.stdout, `"id": "cert.expires-soon"`) {
		t.Errorf("default --warn-days: cert.expires-soon: %s", r)
	}
}

func hasID(ids []string, prefix string) bool {
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

// TestChecksSelectsNothing: a list that selects no check is exit 2 with a
// hint, not a PASS with no findings; an empty pattern in a list is exit 2;
// an empty --checks means all.
func TestChecksSelectsNothing(t *testing.T) {
	d := newDeployment(t)
	for _, list := range []string{"all,-all", "-all", "chain,-chain.*"} {
		r := tlscheck(t, "files", "--checks", list, d.cert)
		if r.code != exitCannot || r.stdout != "" || !strings.Contains(r.stderr, "tlscheck: error: --checks: \""+list+"\" selects no check") ||
			!strings.Contains(r.stderr, "tlscheck: hint: ") {
			t.Errorf("--checks %q: want exit 2, the error and a hint, got %s", list, r)
		}
	}
	for _, list := range []string{",", "chain,", "chain,,key"} {
		r := tlscheck(t, "files", "--checks", list, d.cert)
		if r.code != exitCannot || r.stdout != "" || !strings.Contains(r.stderr, "empty check pattern") {
			t.Errorf("--checks %q: want exit 2 and 'empty check pattern', got %s", list, r)
		}
	}
	if ids := findingIDs(t, "--checks", "", d.cert); !hasID(ids, "chain.") {
		t.Errorf("--checks '': want every check, got %v", ids)
	}
	if r := tlscheck(t, "files", "-h"); !strings.Contains(r.stdout, "empty ('')") || !strings.Contains(r.stdout, "means all") {
		t.Errorf("files -h does not document an empty --checks: %s", r.stdout)
	}
}

// TestChecksPatternAsWritten: the error quotes the pattern the user wrote
// ("-chian"), not its expansion ("chian.*").
func TestChecksPatternAsWritten(t *testing.T) {
	d := newDeployment(t)
	for list, quoted := range map[string]string{"-chian": `"-chian"`, "nope": `"nope"`} {
		r := tlscheck(t, "files", "--checks", list, d.cert)
		if r.code != exitCannot || !strings.Contains(r.stderr, quoted+" matches no check") {
			t.Errorf("--checks %q: want %s named, got %s", list, quoted, r)
		}
	}
}

// TestChecksZlintUmbrella: zlint.lints, the zlint check's own ID, stands
// for every lint in selecting (it ran none) and excluding (it removed none);
// an unknown lint name is not answered with "did you mean zlint.lints?".
func TestChecksZlintUmbrella(t *testing.T) {
	d := newDeployment(t)
	if ids := findingIDs(t, "--profile", "webpki", "--checks", "zlint.lints", d.cert); !hasID(ids, "zlint.e_sub_cert_aia_missing") {
		t.Errorf("zlint.lints: want the lints' findings, got %v", ids)
	}
	all := findingIDs(t, "--profile", "webpki", d.cert)
	if !hasID(all, "zlint.") {
		t.Fatalf("no zlint finding to exclude: %v", all)
	}
	if ids := findingIDs(t, "--profile", "webpki", "--checks", "all,-zlint.lints", d.cert); hasID(ids, "zlint.") || !hasID(ids, "chain.") {
		t.Errorf("all,-zlint.lints: want every zlint finding removed and the rest kept, got %v", ids)
	}
	r := tlscheck(t, "files", "--checks", "zlint.e_nonexistent", d.cert)
	if r.code != exitCannot || strings.Contains(r.stderr, "did you mean zlint.lints?") || !strings.Contains(r.stderr, "zlint.e_*") {
		t.Errorf("zlint.e_nonexistent: want a hint with lint patterns, got %s", r)
	}
}

// TestChecksLintSkippedByProfile: a selected lint that the profile in force
// skips (a CA/B Forum lint on a private CA's leaf) makes zlint.lints not
// applicable with the reason; it was listed as passed.
func TestChecksLintSkippedByProfile(t *testing.T) {
	d := newDeployment(t) // certgen leaves have no AIA
	r := tlscheck(t, "files", "--profile", "auto", "--checks", "zlint.e_sub_cert_aia_missing", "-v", "--ca", d.ca, d.cert)
	if r.code != exitOK {
		t.Fatalf("want exit 0 (nothing ran, nothing found), got %s", r)
	}
	passed, _, _ := strings.Cut(r.stdout[strings.Index(r.stdout, "Passed ("):], "Not applicable")
	if strings.Contains(passed, "zlint.lints") {
		t.Errorf("zlint.lints listed as passed though its one selected lint never ran:\n%s", r.stdout)
	}
	want := "zlint.lints: e_sub_cert_aia_missing is a CA/B Forum lint; it runs only with --profile webpki or on a chain to a publicly trusted root"
	if !strings.Contains(r.stdout, want) {
		t.Errorf("want %q in:\n%s", want, r.stdout)
	}
}
