package probe

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/testmain"
)

// TestMain: the probe's tests wait on their servers and timeouts, so more
// of them run at once than there are cores.
func TestMain(m *testing.M) { testmain.Run(m) }
