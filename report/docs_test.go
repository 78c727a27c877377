package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/tlscheck/tlscheck/checks/all" // the real registry
)

// TestCheckReference fails when docs/checks.md no longer matches the check
// registry; go test ./report -run TestCheckReference -update rewrites it.
func TestCheckReference(t *testing.T) {
	var b bytes.Buffer
	if err := CheckReference(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "checks.md")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run TestCheckReference -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("docs/checks.md is stale: run go test ./report -run TestCheckReference -update\n%s",
			firstDiff(string(want), b.String()))
	}
}
