// Package testmain runs a package's tests with more of them at once than
// there are cores, for packages whose tests mostly wait: on servers they
// started, on timeouts they provoke, on processes. testing's default, one
// parallel test per core, leaves a 2-core machine idle while they wait.
package testmain

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// WaitingParallel is how many parallel tests run at once by default.
const WaitingParallel = 4

// Run parses the test flags, raises -test.parallel to WaitingParallel unless
// it was given, and runs the tests. Use it from TestMain:
//
//	func TestMain(m *testing.M) { testmain.Run(m) }
func Run(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			given = true
		}
	})
	if !given && runtime.GOMAXPROCS(0) < WaitingParallel {
		if err := flag.Set("test.parallel", strconv.Itoa(WaitingParallel)); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
