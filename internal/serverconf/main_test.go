package serverconf

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/testmain"
)

// TestMain: these tests wait on servers, processes and stalled inputs, so more
// of them run at once than there are cores.
func TestMain(m *testing.M) { testmain.Run(m) }
