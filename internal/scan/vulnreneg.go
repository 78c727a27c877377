package scan

import (
	"context"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func (s *scanner) clientRenegotiation(ctx context.Context, e *enumerated) (facts.VulnResult, *bool) {
	return notTested(facts.VulnClientReneg, "todo"), nil
}
