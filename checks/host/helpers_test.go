package host

import "github.com/tlscheck/tlscheck/checks/checktest"

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
