package testport

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestFreeIsOutsideTheEphemeralRangeAndClaimed(t *testing.T) {
	lo, hi := Range()
	seen := map[int]bool{}
	for range 50 {
		p := Free(t)
		if p < lo || p > hi {
			t.Fatalf("port %d outside %d-%d", p, lo, hi)
		}
		if seen[p] {
			t.Fatalf("port %d handed out twice", p)
		}
		seen[p] = true
		if _, err := os.Stat(filepath.Join(Dir, strconv.Itoa(p))); err != nil {
			t.Fatalf("port %d not claimed: %v", p, err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			t.Fatalf("port %d not free: %v", p, err)
		}
		ln.Close()
	}
	// A :0 listener, as the kernel hands out, is never in the range.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if p := ln.Addr().(*net.TCPAddr).Port; p >= lo && p <= hi {
		t.Errorf("the kernel's own pick %d falls in %d-%d", p, lo, hi)
	}
}

func TestClaimReleasedAndStaleRemoved(t *testing.T) {
	p, release, err := Claim()
	if err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(Dir, strconv.Itoa(p))
	release()
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Errorf("claim of %d left after release: %v", p, err)
	}
	// A claim by a process that no longer exists is taken back.
	os.WriteFile(lock, []byte("2147483646"), 0o644)
	removeIfStale(lock)
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Errorf("stale claim of %d kept: %v", p, err)
	}
	// One by a live process is not.
	os.WriteFile(lock, []byte(strconv.Itoa(os.Getpid())), 0o644)
	removeIfStale(lock)
	if _, err := os.Stat(lock); err != nil {
		t.Errorf("live claim of %d removed: %v", p, err)
	}
	os.Remove(lock)
}
