package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

// fakeRegistry swaps the registry List/Explain/CheckReference see for the
// fixture's hand-made checks, so these tests do not follow the real
// checks' texts.
func fakeRegistry(t *testing.T) []*checks.Check {
	t.Helper()
	cs := []*checks.Check{fxZlint, fxMissing, fxExpired, fxUntrusted, fxSelfSigned, fxUnrelated, fxEncrypted, fxCSRNoSAN, fxVersion, fxClient, fxPerms}
	oldLookup, oldAll := lookup, allChecks
	t.Cleanup(func() { lookup, allChecks = oldLookup, oldAll })
	allChecks = func() []*checks.Check { return cs }
	lookup = func(id string) *checks.Check {
		for _, c := range cs {
			if c.ID == id {
				return c
			}
		}
		for _, c := range cs {
			if c.Dynamic && strings.HasPrefix(id, c.Family()+".") {
				if _, _, _, ok := c.Explain(id); ok {
					return c
				}
			}
		}
		return nil
	}
	return cs
}

func TestListText(t *testing.T) {
	cs := fakeRegistry(t)
	var b bytes.Buffer
	if err := List(&b, cs, "text", Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "list.txt", b.Bytes())
	out := b.String()
	// Families in order, each once, each check under its own family.
	var order []string
	for _, line := range strings.Split(out, "\n") {
		if name, _, ok := strings.Cut(line, " ("); ok && !strings.HasPrefix(line, "|") && !strings.HasPrefix(line, "+") && name != "" && !strings.Contains(name, " ") {
			order = append(order, name)
		}
	}
	if want := []string{"cert", "chain", "client", "csr", "key", "zlint"}; !reflect.DeepEqual(order, want) {
		t.Errorf("families %v, want %v", order, want)
	}
	if !strings.Contains(out, "| zlint.*") {
		t.Error("dynamic check not listed as family.*")
	}
}

func TestListJSON(t *testing.T) {
	cs := fakeRegistry(t)
	var b bytes.Buffer
	if err := List(&b, cs, "json", Options{}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(cs) {
		t.Fatalf("%d entries for %d checks", len(got), len(cs))
	}
	for _, e := range got {
		if keys := sortedKeys(e); !reflect.DeepEqual(keys, []string{"doc", "fix", "id", "references", "severity", "title"}) {
			t.Errorf("keys %v", keys)
		}
	}
	if got[0]["id"] != "cert.expired" || got[0]["severity"] != "error" {
		t.Errorf("first entry %v", got[0])
	}
	if err := List(&b, cs, "yaml", Options{}); err == nil {
		t.Error("List accepted format yaml")
	}
}

func TestExplain(t *testing.T) {
	fakeRegistry(t)
	var b bytes.Buffer
	if err := Explain(&b, "chain.missing-intermediate", Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "explain.txt", b.Bytes())
	for _, want := range []string{"chain.missing-intermediate: the chain is missing", "default severity: error", "RFC 8446 4.4.2",
		"The server must send every intermediate", "fix: append the missing intermediate"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, b.String())
		}
	}
}

func TestExplainDynamic(t *testing.T) {
	fakeRegistry(t)
	var b bytes.Buffer
	if err := Explain(&b, "zlint.n_subject_common_name_included", Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"zlint.n_subject_common_name_included: Subscriber certificate: commonName is deprecated",
		"reported by:      zlint.lints", "BRs: 7.1.4.3", "discourages the subject commonName"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, b.String())
		}
	}
}

// TestExplainUnknown: the nearest IDs come from checks.NearestIDs (tested
// there); Explain names them.
func TestExplainUnknown(t *testing.T) {
	fakeRegistry(t)
	err := Explain(&bytes.Buffer{}, "cert.expird", Options{})
	if err == nil || err.Error() != `unknown check "cert.expird"; did you mean cert.expired?` {
		t.Errorf("error %v", err)
	}
	err = Explain(&bytes.Buffer{}, "nothing.at-all-here", Options{})
	if err == nil || err.Error() != `unknown check "nothing.at-all-here"` {
		t.Errorf("error %v", err)
	}
}

func TestCheckReferenceLayout(t *testing.T) {
	fakeRegistry(t)
	var b bytes.Buffer
	if err := CheckReference(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "reference.md", b.Bytes())
	out := b.String()
	// Families, then IDs, in order; every ID has its heading and a link to it.
	last := -1
	for _, id := range []string{"## cert", "### cert.expired", "### cert.self-signed", "### cert.version", "## chain", "### chain.missing-intermediate", "## zlint", "### zlint.lints"} {
		i := strings.Index(out, "\n"+id+"\n")
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order", id)
		}
		last = i
	}
	if !strings.Contains(out, "[chain.missing-intermediate](#chainmissing-intermediate)") {
		t.Error("no link to the chain.missing-intermediate anchor")
	}
}

func TestRuleNameAndAnchor(t *testing.T) {
	if got := ruleName("chain.missing-intermediate"); got != "ChainMissingIntermediate" {
		t.Error(got)
	}
	if got := ruleName("zlint.e_ext_san_missing"); got != "ZlintEExtSanMissing" {
		t.Error(got)
	}
	if got := docAnchor("cert.cn-only"); got != "certcn-only" {
		t.Error(got)
	}
}
