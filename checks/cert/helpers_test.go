package cert

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
)

// The shared test helpers, under the names this package's tests use.
var (
	now          = checktest.Now
	fc           = checktest.FC
	bundle       = checktest.Bundle
	keyFact      = checktest.KeyFact
	newFacts     = checktest.NewFacts
	run          = checktest.Run
	wantN        = checktest.WantN
	wantContains = checktest.WantContains
	csrFact      = checktest.CSRFact
)

// wantGivenCSR checks that fix makes the user's CSR csr again in place
// (with the SANs and options in want), and never names server.csr.
func wantGivenCSR(t *testing.T, fix, csr string, want ...string) {
	t.Helper()
	wantContains(t, fix, append([]string{"-out " + csr, csr + " was made with this key"}, want...)...)
	if strings.Contains(fix, "server.csr") {
		t.Errorf("fix names server.csr, not the CSR given: %s", fix)
	}
}
