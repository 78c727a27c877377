package main

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/testmain"
)

// TestMain: the tests against servers wait far more than they compute, so
// more of them run at once than there are cores. Tests that change the
// working directory, the version or the process's signals stay sequential;
// testing runs them all before any parallel one.
func TestMain(m *testing.M) { testmain.Run(m) }
