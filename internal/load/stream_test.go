package load

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// hangGuard runs f and fails the test if it has not returned within a
// generous bound: before issue 9 item 21 these calls never returned.
func hangGuard(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s still running after 60s", what)
	}
}

func mkfifo(t *testing.T, name string) string {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	return fifo
}

// TestLoadFIFOWithoutWriter: `files FIFO`, `--key FIFO` and `--ca FIFO`
// where nobody ever opens the FIFO for writing end with a clear problem
// (issue 9 item 21), without a deadline on the context.
func TestLoadFIFOWithoutWriter(t *testing.T) {
	t.Parallel()
	for _, role := range []string{"files", "key", "ca", "chain"} {
		t.Run(role, func(t *testing.T) {
			fifo := mkfifo(t, "input.pem")
			cfg := Config{StallTimeout: 100 * time.Millisecond, NoSystemRoots: true}
			switch role {
			case "files":
				cfg.Paths = []string{fifo}
			case "key":
				cfg.Key = []string{fifo}
			case "ca":
				cfg.CA = []string{fifo}
			case "chain":
				cfg.Chain = []string{fifo}
			}
			var f *facts.Facts
			var err error
			hangGuard(t, "Load of a FIFO without writer", func() { f, err = Load(context.Background(), cfg) })
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			oneProblem(t, f, fifo, facts.FileStalled, "nobody writes to this FIFO")
			if !f.Files[0].Problems[0].Kind.Unreadable() {
				t.Error("a stalled FIFO is an unreadable file (file.unreadable)")
			}
		})
	}
}

// TestLoadFIFOSilentWriter: a writer that opens the FIFO and sends nothing
// is given the stall timeout too.
func TestLoadFIFOSilentWriter(t *testing.T) {
	t.Parallel()
	fifo := mkfifo(t, "cert.pem")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.Write([]byte("-----BEGIN CERTIFICATE-----\n"))
		<-stop
	}()
	var f *facts.Facts
	var err error
	hangGuard(t, "Load of a FIFO with a silent writer", func() {
		f, err = Load(context.Background(), Config{Paths: []string{fifo}, StallTimeout: 200 * time.Millisecond, NoSystemRoots: true})
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	oneProblem(t, f, fifo, facts.FileStalled, "no data came")
}

// TestLoadFIFOWithWriter and TestLoadProcessSubstitution: a FIFO someone
// writes to, and bash's `<(cat cert.pem)` (an anonymous pipe named
// /dev/fd/N), still load.
func TestLoadFIFOWithWriter(t *testing.T) {
	fifo := mkfifo(t, "cert.pem")
	leaf := certgen.Leaf("a.example", certgen.Root("R"))
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.Write(leaf.PEM())
	}()
	var f *facts.Facts
	hangGuard(t, "Load of a FIFO with a writer", func() { f = mustLoad(t, Config{Paths: []string{fifo}}) })
	noProblems(t, f)
	if len(f.Certs) != 1 {
		t.Fatalf("%d certificates, want 1", len(f.Certs))
	}
}

func TestLoadProcessSubstitution(t *testing.T) {
	leaf := certgen.Leaf("a.example", certgen.Root("R"))
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := w.Write(leaf.PEM()); err != nil {
		t.Fatal(err)
	}
	w.Close() // the command behind <(...) has finished
	path := fmt.Sprintf("/dev/fd/%d", r.Fd())
	if _, err := os.Stat(path); err != nil {
		t.Skip("no /dev/fd here:", err)
	}
	var f *facts.Facts
	hangGuard(t, "Load of /dev/fd/N", func() { f = mustLoad(t, Config{Paths: []string{path}, StallTimeout: 100 * time.Millisecond}) })
	noProblems(t, f)
	if len(f.Certs) != 1 {
		t.Fatalf("%d certificates, want 1", len(f.Certs))
	}
}

// TestLoadDevZero: an endless device is read up to the size limit only.
func TestLoadDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	for _, cfg := range []Config{{Paths: []string{"/dev/zero"}}, {CA: []string{"/dev/zero"}}} {
		cfg.MaxFileSize = 1 << 20
		cfg.NoSystemRoots = true
		f := mustLoad(t, cfg)
		oneProblem(t, f, "/dev/zero", facts.FileStreamTooLarge, "more than 1 MiB")
	}
}

// TestClientCredentialsStalls: `probe --cert FIFO` and `--key FIFO` with no
// writer end with an error naming the FIFO (issue 9 item 21).
func TestClientCredentialsStalls(t *testing.T) {
	t.Parallel()
	leaf := certgen.ClientLeaf("client", certgen.Root("R"))
	dir := t.TempDir()
	cert, key := write(t, dir, "c.pem", leaf.PEM()), write(t, dir, "k.pem", leaf.KeyPEM())
	for _, tc := range []struct{ name, cert, key string }{
		{"cert", mkfifo(t, "cert.pem"), key},
		{"p12", mkfifo(t, "client.p12"), ""},
		{"key", cert, mkfifo(t, "key.pem")},
	} {
		var err error
		hangGuard(t, "ClientCredentials of a FIFO without writer", func() {
			_, _, err = ClientCredentials(context.Background(), tc.cert, tc.key, "", 100*time.Millisecond)
		})
		var stalled *StalledError
		if !errors.As(err, &stalled) || !strings.Contains(err.Error(), "nobody writes to the FIFO") {
			t.Errorf("%s: err = %v, want a StalledError", tc.name, err)
		}
	}
	// ctx ends the wait as well.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := ClientCredentials(ctx, mkfifo(t, "c.pem"), key, "", time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

// TestClientCredentialsDevZero: `probe --cert /dev/zero` (and --key) stop
// at the 16 MiB limit instead of growing without bound (issue 9 item 22).
func TestClientCredentialsDevZero(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	leaf := certgen.ClientLeaf("client", certgen.Root("R"))
	cert := write(t, t.TempDir(), "c.pem", leaf.PEM())
	for _, tc := range []struct{ cert, key string }{{"/dev/zero", ""}, {"/dev/zero", cert}, {cert, "/dev/zero"}} {
		var err error
		hangGuard(t, "ClientCredentials of /dev/zero", func() {
			_, _, err = ClientCredentials(context.Background(), tc.cert, tc.key, "", 0)
		})
		var tooLarge *TooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.Limit != DefaultMaxFileSize || !strings.Contains(err.Error(), "16 MiB") {
			t.Errorf("--cert %s --key %s: err = %v, want a TooLargeError naming 16 MiB", tc.cert, tc.key, err)
		}
	}
}
