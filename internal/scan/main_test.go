package scan

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/testmain"
)

// TestMain: the scan's tests wait on servers, timeouts and silent peers, so more
// of them run at once than there are cores.
func TestMain(m *testing.M) { testmain.Run(m) }
