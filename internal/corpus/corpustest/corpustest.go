// Package corpustest hands the x509-limbo corpus to tests and benchmarks:
// it imports "testing", so that package corpus, which the limbo command
// imports, does not.
package corpustest

import (
	"os"
	"testing"

	"github.com/tlscheck/tlscheck/internal/corpus"
)

// Require returns the corpus path for a test or benchmark. Without the
// corpus it fails the test when CI is set (CI must run the conformance
// gate), and skips it elsewhere, saying where to get it.
func Require(tb testing.TB) string {
	tb.Helper()
	p, err := corpus.Limbo()
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("x509-limbo corpus missing (CI=%s): %v", os.Getenv("CI"), err)
	}
	tb.Skipf("x509-limbo corpus missing: %v", err)
	return ""
}
