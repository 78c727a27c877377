package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// TestProbeUnboundedInputs: `probe --cert/--key/--ca` given a FIFO nobody
// writes to, or /dev/zero, stop with an error naming the cause before
// anything is dialled (issue 9 items 21 and 22). The target is never
// reached: port 1 on 127.0.0.1.
func TestProbeUnboundedInputs(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	fifo := func(name string) string {
		path := filepath.Join(dir, name)
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		return path
	}
	leaf := certgen.ClientLeaf("client", certgen.Root("R"))
	cert, key := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(cert, leaf.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, leaf.KeyPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		cert, key string
		ca        []string
		want      string
	}{
		{"cert-fifo", fifo("cert.fifo"), key, nil, "nobody writes to the FIFO"},
		{"key-fifo", cert, fifo("key.fifo"), nil, "nobody writes to the FIFO"},
		{"ca-fifo", "", "", []string{fifo("ca.fifo")}, "nobody writes to this FIFO"},
		{"cert-zero", "/dev/zero", key, nil, "16 MiB"},
		{"p12-zero", "/dev/zero", "", nil, "16 MiB"},
		{"key-zero", cert, "/dev/zero", nil, "16 MiB"},
		{"ca-zero", "", "", []string{"/dev/zero"}, "16 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() {
				c := checking()
				c.StallTimeout = 300 * time.Millisecond // the default 10 s would only make the test slow
				_, err := Probe(context.Background(), ProbeConfig{Checking: c, Target: "127.0.0.1:1",
					ClientCert: tc.cert, ClientKey: tc.key, CA: tc.ca, ConnectTimeout: time.Second, Timeout: 2 * time.Second})
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("err = %v, want one containing %q", err, tc.want)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("probe still reading its inputs after 60s")
			}
		})
	}
}
