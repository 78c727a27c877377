package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestJSONAdditive holds docs/json.md's promise: within schema_version 1
// fields are only added. The baselines are the golden reports as they were
// before the last additions (chains, evidence_typed); they are never
// rewritten by -update. Every field they have must still be there, with the
// same value; an array must keep its length and order.
func TestJSONAdditive(t *testing.T) {
	for _, tc := range []struct {
		baseline string
		render   func(*bytes.Buffer) error
	}{
		{"report-schema1-baseline.json", func(b *bytes.Buffer) error { return JSON(b, loadFixture(t).report()) }},
		{"probe-schema1-baseline.json", func(b *bytes.Buffer) error { return JSON(b, probeFixture(t)) }},
	} {
		old, err := os.ReadFile(filepath.Join("testdata", tc.baseline))
		if err != nil {
			t.Fatal(err)
		}
		var was, now any
		decode(t, old, &was)
		decode(t, render(t, tc.render), &now)
		for _, p := range subsetProblems("$", was, now) {
			t.Errorf("%s: %s", tc.baseline, p)
		}
	}
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // compare numbers as written
	if err := d.Decode(v); err != nil {
		t.Fatal(err)
	}
}

// subsetProblems lists where now lacks or changes something that was had.
func subsetProblems(path string, was, now any) []string {
	switch w := was.(type) {
	case map[string]any:
		n, ok := now.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: was an object, now %T", path, now)}
		}
		var out []string
		for k, v := range w {
			nv, ok := n[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: removed", path, k))
				continue
			}
			out = append(out, subsetProblems(path+"."+k, v, nv)...)
		}
		return out
	case []any:
		n, ok := now.([]any)
		if !ok || len(n) != len(w) {
			return []string{fmt.Sprintf("%s: was a list of %d, now %v", path, len(w), now)}
		}
		var out []string
		for i := range w {
			out = append(out, subsetProblems(fmt.Sprintf("%s[%d]", path, i), w[i], n[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(was, now) {
		return []string{fmt.Sprintf("%s: was %v, now %v", path, was, now)}
	}
	return nil
}

func TestTypedEvidence(t *testing.T) {
	got := typedEvidence(map[string]string{"position": "3", "serial": "1002", "days_left": "31", "bits": "many", "file": "a.pem"})
	want := map[string]any{"position": 3, "index": 2, "serial": "1002", "days_left": 31, "bits": "many", "file": "a.pem"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("typedEvidence = %v, want %v", got, want)
	}
}

// TestJSONFieldsDocumented: every field of the JSON report's types is named
// in docs/json.md (as `name`), so an added field cannot go undocumented.
func TestJSONFieldsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{jsonReport{}, jsonCert{}, jsonSANs{}, jsonKey{}, jsonSource{}, jsonFinding{}, jsonChain{}, jsonMissing{}, jsonProblem{},
		Connection{}, ConnectionFailure{}, ConnectionWire{}, ConnectionPartial{}, ConnectionAccepted{}, ConnectionAlert{}, ConnectionPlaintext{}, ConnectionTimings{}, ConnectionNoSNI{}, ConnectionApp{},
		Scan{}, ScanVersion{}, ScanCipher{}, ScanGroup{}, ScanChain{}, ScanFeatures{}, ScanVuln{}, ScanClient{}, ScanPolicy{}, ScanGrade{},
		ScanLargeHello{}, ScanUntested{}, ScanStats{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" && !bytes.Contains(doc, []byte("`"+name+"`")) {
				t.Errorf("%s.%s: JSON field %q is not documented in docs/json.md", typ.Name(), typ.Field(i).Name, name)
			}
		}
	}
}
