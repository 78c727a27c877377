package all

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

// TestRegistry requires every registered check to be documented and tested:
// an ID of the form family.kebab-name, a title, a doc, a reference, and its
// own file and test file named after it (chain.missing-intermediate ->
// checks/chain/missing_intermediate.go and missing_intermediate_test.go),
// a test file that names the ID it asserts on.
func TestRegistry(t *testing.T) {
	all := checks.All()
	if len(all) == 0 {
		t.Fatal("no checks registered")
	}
	for _, c := range all {
		if !checks.ValidID(c.ID) {
			t.Errorf("%s: malformed ID", c.ID)
		}
		if strings.TrimSpace(c.Title) == "" {
			t.Errorf("%s: no title", c.ID)
		}
		if len(strings.TrimSpace(c.Doc)) < 40 {
			t.Errorf("%s: doc missing or too short", c.ID)
		}
		if len(c.Refs) == 0 {
			t.Errorf("%s: no reference", c.ID)
		}
		if c.Severity == checks.None {
			t.Errorf("%s: no default severity", c.ID)
		}
		fam, name, _ := strings.Cut(c.ID, ".")
		base := filepath.Join("..", fam, strings.ReplaceAll(name, "-", "_"))
		for _, f := range []string{base + ".go", base + "_test.go"} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: want %s: %v", c.ID, f, err)
			}
		}
		// The test must be about this check: it names the ID it asserts on.
		if src, err := os.ReadFile(base + "_test.go"); err == nil && !strings.Contains(string(src), `"`+c.ID+`"`) {
			t.Errorf("%s: %s never names the ID %q", c.ID, base+"_test.go", c.ID)
		}
	}
}

func TestRegisterRejectsBadIDs(t *testing.T) {
	for _, id := range []string{"Chain.Order", "chain", "chain.order_x", "chain.order", ".x"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", id)
				}
			}()
			checks.Register(&checks.Check{ID: id, Run: func(*checks.Pass) {}})
		}()
	}
}
