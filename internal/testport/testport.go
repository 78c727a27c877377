// Package testport hands tests the TCP ports their servers listen on.
//
// Asking the kernel for a free port (listen on :0, close, pass the number to
// openssl or nginx) races: between the close and the server's bind, the
// port can go to another test's server, or become the source port of any
// outgoing connection, since :0 ports come from the ephemeral range. Then the
// server cannot bind, or worse, the test talks to someone else's server.
//
// Free avoids both. It picks ports outside the kernel's ephemeral range
// (net.ipv4.ip_local_port_range), so neither :0 listeners nor outgoing
// connections take them, and it claims each with a lock file that every
// test process on the machine respects, so two test packages running at
// once never share one. The claim ends with the test.
package testport

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Dir holds the claims, one file per port, named by the port and holding
// the claiming process's ID. It is per user, so that one user's claims never
// stand in the way of another's tests (a directory root made is not
// writable by others).
var Dir = filepath.Join(os.TempDir(), "tlscheck-test-ports-"+strconv.Itoa(os.Getuid()))

// Free returns a port on 127.0.0.1 that nothing listens on, claimed for this
// test alone until it ends.
func Free(t testing.TB) int {
	t.Helper()
	port, release, err := claim()
	if err != nil {
		t.Fatalf("testport: %v", err)
	}
	t.Cleanup(release)
	return port
}

// Addr is Free as "127.0.0.1:PORT".
func Addr(t testing.TB) string {
	t.Helper()
	return "127.0.0.1:" + strconv.Itoa(Free(t))
}

// Claim is Free for a program that is not a test (a benchmark driver): it
// returns the port and the function that releases it.
func Claim() (int, func(), error) { return claim() }

func claim() (int, func(), error) {
	if err := os.MkdirAll(Dir, 0o700); err != nil {
		return 0, nil, err
	}
	lo, hi := Range()
	for range 500 {
		port := lo + rand.IntN(hi-lo+1)
		lock := filepath.Join(Dir, strconv.Itoa(port))
		f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if errors.Is(err, fs.ErrExist) {
			removeIfStale(lock)
			continue
		}
		if err != nil {
			return 0, nil, err
		}
		fmt.Fprint(f, os.Getpid())
		f.Close()
		release := func() { os.Remove(lock) }
		// Something outside the tests may hold it: then try another.
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			release()
			continue
		}
		ln.Close()
		return port, release, nil
	}
	return 0, nil, fmt.Errorf("no free port in %d-%d after 500 tries (claims in %s)", lo, hi, Dir)
}

// removeIfStale removes a claim whose process has ended (a test killed
// before its cleanup ran).
func removeIfStale(lock string) {
	b, err := os.ReadFile(lock)
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return // being written, or not ours
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		os.Remove(lock)
	}
}

// Range is the span ports are taken from: the larger of the two stretches
// of 1024-65535 outside the ephemeral range, at most 12,000 ports long.
func Range() (lo, hi int) {
	elo, ehi := 32768, 60999 // Linux's default
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			a, errA := strconv.Atoi(f[0])
			z, errZ := strconv.Atoi(f[1])
			if errA == nil && errZ == nil && a <= z {
				elo, ehi = a, z
			}
		}
	}
	below, above := elo-1-10000, 65535-(ehi+1)
	switch {
	case below >= above && below > 100:
		return max(10000, elo-12000), elo - 1
	case above > 100:
		return ehi + 1, min(65535, ehi+12000)
	}
	// The ephemeral range covers nearly everything: the claims still keep
	// the tests apart from each other.
	return 10000, 65535
}
