package load

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadCancelledStdin: a load blocked reading standard input that never
// ends returns when its context is cancelled.
func TestLoadCancelledStdin(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Load(ctx, Config{Paths: []string{"-"}, Stdin: r, NoSystemRoots: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

// TestLoadCancelledFIFO: a FIFO that no one writes blocks open(2); the load
// still ends with its context.
func TestLoadCancelledFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "cert.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Load(ctx, Config{Paths: []string{fifo}, NoSystemRoots: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestLoadCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadInputs(ctx, []Input{{Name: "x.pem", Data: []byte("x")}}, Config{NoSystemRoots: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
