package scantest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// netnsEnv, in the environment of a test binary, names the test that the
// binary runs inside a private network namespace.
const netnsEnv = "TLSCHECK_TEST_NETNS"

// InPrivateNetwork runs the calling top-level test inside a private network
// namespace, for servers that listen on every address (gnutls-serv): there
// they can neither clash with nor be reached from anything else on the
// machine. The test binary runs itself again under `unshare -n`, which
// needs root (CI runs as root), and only that test.
//
// It returns true in that inner run, after bringing lo up: the test then
// does its work and its assertions. In the outer run it returns false once
// the inner one has passed, and fails the test with the inner output when
// it did not:
//
//	if !scantest.InPrivateNetwork(t) {
//		return
//	}
func InPrivateNetwork(t *testing.T) bool {
	t.Helper()
	name := t.Name()
	if os.Getenv(netnsEnv) == name {
		if out, err := exec.Command(Binary(t, "ip"), "link", "set", "lo", "up").CombinedOutput(); err != nil {
			t.Fatalf("ip link set lo up: %v\n%s", err, out)
		}
		return true
	}
	if os.Geteuid() != 0 {
		t.Fatalf("%s starts a server that listens on every address, so it runs in a private network namespace (unshare -n), which needs root; run the tests as root (CI does)", name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, Binary(t, "unshare"), "-n", os.Args[0], "-test.run=^"+name+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), netnsEnv+"="+name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s inside the network namespace failed: %v\n%s", name, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+name+" ") {
		t.Fatalf("%s did not run inside the network namespace:\n%s", name, out)
	}
	return false
}

// InsidePrivateNetwork says whether this process is the inner run of
// InPrivateNetwork, for helpers that must know.
func InsidePrivateNetwork() bool { return os.Getenv(netnsEnv) != "" }
