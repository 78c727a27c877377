// Package scantest starts the servers the scan's tests run against: real
// ones (openssl s_server, gnutls-serv, nginx, mosquitto, nats-server) on a
// loopback port, and in-process ones with weaknesses no real server has.
// Each is stopped when the test ends.
package scantest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/testport"
)

// FreePort returns a loopback port nothing listens on (yet).
func FreePort(t testing.TB) int {
	t.Helper()
	return testport.Free(t)
}

// WriteFile writes data into the test's temporary directory.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Start runs argv until the test ends, and waits until port accepts
// connections (at most 10 s).
func Start(t testing.TB, port int, argv ...string) {
	t.Helper()
	bin, err := exec.LookPath(argv[0])
	if err != nil {
		t.Fatalf("%s is required for these tests: %v", argv[0], err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, argv[1:]...)
	// A standard input that stays open: openssl s_server without -www
	// ends a connection when its input ends.
	stdin, hold, err := os.Pipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	cmd.Stdin = stdin
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("%s: %v", argv[0], err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		hold.Close()
		stdin.Close()
	})
	WaitListening(t, port)
}

// WaitListening waits until 127.0.0.1:port accepts connections.
func WaitListening(t testing.TB, port int) {
	t.Helper()
	for range 200 {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on port %d after 10 s", port)
}

// Leaf is a server certificate for localhost and 127.0.0.1 with its key,
// under a root of its own, as PEM files in dir.
type Leaf struct {
	Root     *certgen.Cert
	Cert     *certgen.Cert
	CertFile string
	KeyFile  string
	RootFile string
}

// NewLeaf makes a leaf of key type keyType ("rsa2048", "p256", ...).
func NewLeaf(t testing.TB, dir, keyType string) *Leaf {
	t.Helper()
	root := certgen.Root("Scantest Root " + keyType)
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.IP("127.0.0.1"), certgen.KeyType(keyType))
	return &Leaf{Root: root, Cert: leaf,
		CertFile: WriteFile(t, dir, keyType+".crt", leaf.PEM()),
		KeyFile:  WriteFile(t, dir, keyType+".key", leaf.KeyPEM()),
		RootFile: WriteFile(t, dir, keyType+"-root.crt", root.PEM())}
}

// OpenSSL runs `openssl s_server -www` with the leaf and the extra
// arguments on a free loopback port, and returns the port. certgen's
// certificates are valid from certgen.Epoch on, so the server's clock is
// set there.
func OpenSSL(t testing.TB, leaf *Leaf, args ...string) int {
	t.Helper()
	return openSSL(t, leaf, append([]string{"-www"}, args...))
}

// OpenSSLNoWWW is OpenSSL without -www (which -early_data refuses): each
// connection is served until the client ends it.
func OpenSSLNoWWW(t testing.TB, leaf *Leaf, args ...string) int {
	t.Helper()
	return openSSL(t, leaf, args)
}

func openSSL(t testing.TB, leaf *Leaf, args []string) int {
	t.Helper()
	port := FreePort(t)
	argv := []string{"openssl", "s_server", "-accept", "127.0.0.1:" + strconv.Itoa(port),
		"-cert", leaf.CertFile, "-key", leaf.KeyFile, "-quiet",
		"-attime", strconv.FormatInt(certgen.Epoch.Add(24*time.Hour).Unix(), 10)}
	Start(t, port, append(argv, args...)...)
	return port
}
