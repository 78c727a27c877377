package exporter

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/testmain"
)

// TestMain: Prometheus scrapes on its own clock and the other tests wait on probes, so more
// of them run at once than there are cores.
func TestMain(m *testing.M) { testmain.Run(m) }
