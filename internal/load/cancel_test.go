package load

import (
	"context"
	"errors"
	"io"
	"os"
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

// TestLoadCancelledFIFOCloses: a load blocked reading a FIFO whose writer
// stays open but silent closes the FIFO when its context ends, so that the
// read returns instead of lingering with the file open: the writer then
// finds no reader (EPIPE).
func TestLoadCancelledFIFOCloses(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "cert.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	loaded := make(chan error, 1)
	go func() {
		_, err := Load(ctx, Config{Paths: []string{fifo}, NoSystemRoots: true})
		loaded <- err
	}()
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // returns once the load opened it
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Write([]byte("-----BEGIN CERTIFICATE-----\n")); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-loaded; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The close runs on its own goroutine: wait for it, with a hang guard.
	guard := time.Now().Add(20 * time.Second)
	for {
		_, err := w.Write([]byte("A"))
		if errors.Is(err, syscall.EPIPE) {
			return
		}
		if err != nil {
			t.Fatalf("write: %v, want EPIPE", err)
		}
		if time.Now().After(guard) {
			t.Fatal("the FIFO is still open for reading after the load was cancelled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLoadCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadInputs(ctx, []Input{{Name: "x.pem", Data: []byte("x")}}, Config{NoSystemRoots: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
