package all

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

// TestCauseRulesNameRegisteredChecks: every ID a cause rule names is a
// check (or a zlint lint) that can report it, so that a rule cannot match
// nothing because of a typo or a renamed lint.
func TestCauseRulesNameRegisteredChecks(t *testing.T) {
	for _, rule := range checks.CauseRules {
		for _, id := range append([]string{rule.Root}, rule.Follows...) {
			if checks.Lookup(id) == nil {
				t.Errorf("cause rule %s names %s, which no registered check reports", rule.Root, id)
			}
		}
		if rule.Because == "" {
			t.Errorf("cause rule %s says no why", rule.Root)
		}
	}
}
