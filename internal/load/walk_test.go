package load

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestDirectoryWalk(t *testing.T) {
	root := certgen.Root("Walk Root")
	leaf := certgen.Leaf("walk.example.test", root)
	dir := t.TempDir()
	write(t, dir, "a/server.crt", leaf.PEM())
	write(t, dir, "a/b/c/root.txt", root.PEM()) // extension means nothing
	write(t, dir, "a/README", []byte("This directory holds the certificates.\n"))
	write(t, dir, ".git/objects/cert.pem", leaf.PEM()) // hidden: skipped
	write(t, dir, "a/empty", nil)
	if err := syscall.Mkfifo(filepath.Join(dir, "a", "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A symlink loop: a/b/loop -> a.
	if err := os.Symlink(filepath.Join(dir, "a"), filepath.Join(dir, "a", "b", "loop")); err != nil {
		t.Fatal(err)
	}
	f := mustLoad(t, Config{Paths: []string{dir}})
	noProblems(t, f)
	if len(f.Files) != 2 || len(f.Certs) != 2 {
		var paths []string
		for _, file := range f.Files {
			paths = append(paths, file.Path)
		}
		t.Fatalf("files %v, certs %d; want the two certificate files only", paths, len(f.Certs))
	}
	if f.Files[0].Path != filepath.Join(dir, "a", "b", "c", "root.txt") || f.Files[1].Path != filepath.Join(dir, "a", "server.crt") {
		t.Errorf("walk order: %s, %s", f.Files[0].Path, f.Files[1].Path)
	}
}

// Symlinked directories are followed (certbot's live/ is made of links), and
// a loop of them ends.
func TestSymlinkLoopOfDirectories(t *testing.T) {
	leaf := certgen.Leaf("loop.example.test", nil)
	dir := t.TempDir()
	write(t, dir, "x/cert.pem", leaf.PEM())
	must(t, os.Symlink("../y", filepath.Join(dir, "x", "to-y")))
	must(t, os.MkdirAll(filepath.Join(dir, "y"), 0o755))
	must(t, os.Symlink("../x", filepath.Join(dir, "y", "to-x")))
	f := mustLoad(t, Config{Paths: []string{filepath.Join(dir, "y")}})
	noProblems(t, f)
	if len(f.Certs) != 1 || f.Certs[0].Source.File != filepath.Join(dir, "y", "to-x", "cert.pem") {
		t.Fatalf("certs %d", len(f.Certs))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Unreadable inputs are findings, not crashes. The suite runs as root in CI,
// and root reads a mode-0000 file, so the I/O error comes from /proc/self/mem
// (reading offset 0 fails with EIO for everyone) and from a dangling symlink
// met while walking; permission denied is exercised when not root.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	must(t, os.Symlink(filepath.Join(dir, "gone.pem"), filepath.Join(dir, "dangling.pem")))
	f := mustLoad(t, Config{Paths: []string{"/proc/self/mem", dir}})
	oneProblem(t, f, "/proc/self/mem", facts.FileUnreadable, "input/output error")
	oneProblem(t, f, filepath.Join(dir, "dangling.pem"), facts.FileDanglingLink, "dangling symbolic link")

	if os.Geteuid() != 0 {
		locked := write(t, t.TempDir(), "locked.pem", certgen.Leaf("locked.example.test", nil).PEM())
		must(t, os.Chmod(locked, 0))
		f := mustLoad(t, Config{Paths: []string{locked}})
		oneProblem(t, f, locked, facts.FileDenied, "permission denied")
	}
}

func TestMissingPathIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.pem")
	_, err := Load(context.Background(), Config{Paths: []string{missing}, NoSystemRoots: true})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("err = %v, want one naming %s", err, missing)
	}
	dangling := filepath.Join(t.TempDir(), "link.pem")
	must(t, os.Symlink(missing, dangling))
	_, err = Load(context.Background(), Config{Cert: []string{dangling}, NoSystemRoots: true})
	if err == nil || !strings.Contains(err.Error(), dangling) {
		t.Fatalf("err = %v, want one naming %s", err, dangling)
	}
}

func TestStdin(t *testing.T) {
	leaf := certgen.Leaf("stdin.example.test", nil)
	f := mustLoad(t, Config{Cert: []string{"-"}, Stdin: bytes.NewReader(leaf.PEM())})
	noProblems(t, f)
	file := fileByPath(t, f, "-")
	if file.HasMode || file.Role != facts.RoleCert || file.Size != int64(len(leaf.PEM())) {
		t.Errorf("stdin file: %+v", file)
	}
	if len(f.Certs) != 1 || f.Certs[0].Source.File != "-" || f.Certs[0].Source.Role != facts.RoleCert {
		t.Errorf("certs: %d", len(f.Certs))
	}
}

// certbot's layout: live/NAME/*.pem are symlinks into archive/NAME/*N.pem,
// with a README beside them.
func TestLetsEncryptLiveDirectory(t *testing.T) {
	root := certgen.Root("ISRG Test Root")
	r11 := certgen.Intermediate("R11 Test", root)
	leaf := certgen.Leaf("le.example.test", r11)
	base := t.TempDir()
	archive := filepath.Join(base, "archive", "le.example.test")
	live := filepath.Join(base, "live", "le.example.test")
	write(t, archive, "cert1.pem", leaf.PEM())
	write(t, archive, "chain1.pem", r11.PEM())
	write(t, archive, "fullchain1.pem", certgen.Bundle(leaf, r11))
	write(t, archive, "privkey1.pem", leaf.KeyPEM())
	write(t, live, "README", []byte("This directory contains your keys and certificates.\n"))
	for _, n := range []string{"cert", "chain", "fullchain", "privkey"} {
		must(t, os.Symlink("../../archive/le.example.test/"+n+"1.pem", filepath.Join(live, n+".pem")))
	}
	want := map[string]facts.Role{"cert.pem": facts.RoleCert, "chain.pem": facts.RoleChain, "fullchain.pem": facts.RoleFullchain, "privkey.pem": facts.RoleKey}

	check := func(t *testing.T, f *facts.Facts) {
		noProblems(t, f)
		if len(f.Files) != 4 || len(f.Certs) != 4 || len(f.Keys) != 1 {
			t.Fatalf("files %d certs %d keys %d", len(f.Files), len(f.Certs), len(f.Keys))
		}
		for _, file := range f.Files {
			if !file.LetsEncrypt || file.Role != want[filepath.Base(file.Path)] || !file.HasMode {
				t.Errorf("%s: role %q LE %v", file.Path, file.Role, file.LetsEncrypt)
			}
		}
		for _, c := range f.Certs {
			if c.Source.Role != want[filepath.Base(c.Source.File)] {
				t.Errorf("%s #%d: role %q", c.Source.File, c.Source.Index, c.Source.Role)
			}
		}
		if f.Keys[0].Source.Role != facts.RoleKey {
			t.Errorf("key role %q", f.Keys[0].Source.Role)
		}
	}
	t.Run("directory", func(t *testing.T) { check(t, mustLoad(t, Config{Paths: []string{live}})) })
	t.Run("files", func(t *testing.T) {
		var paths []string
		for n := range want {
			paths = append(paths, filepath.Join(live, n))
		}
		check(t, mustLoad(t, Config{Paths: paths}))
	})
	t.Run("three files are not the layout", func(t *testing.T) {
		f := mustLoad(t, Config{Paths: []string{filepath.Join(live, "cert.pem"), filepath.Join(live, "chain.pem"), filepath.Join(live, "privkey.pem")}})
		for _, file := range f.Files {
			if file.LetsEncrypt || file.Role != facts.RoleAuto {
				t.Errorf("%s: role %q LE %v", file.Path, file.Role, file.LetsEncrypt)
			}
		}
	})
	t.Run("explicit role wins", func(t *testing.T) {
		f := mustLoad(t, Config{Paths: []string{live}, Cert: []string{filepath.Join(live, "fullchain.pem")}})
		if file := fileByPath(t, f, filepath.Join(live, "fullchain.pem")); file.Role != facts.RoleCert || !file.LetsEncrypt {
			t.Errorf("fullchain.pem: role %q", file.Role)
		}
		if len(f.Files) != 4 {
			t.Errorf("a file named twice is loaded once: %d files", len(f.Files))
		}
	})
}

// A walked file whose name says it is a certificate or key is an input even
// when its content is garbage (an HTML error page saved as server.crt): it
// gets a problem (file.format-unknown), not a silent skip. Other files are
// skipped, and named in Facts.Skipped.
func TestWalkedGarbageNamedAsCertificate(t *testing.T) {
	leaf := certgen.Leaf("walk.example.test", nil)
	dir := t.TempDir()
	html := []byte("<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n")
	crt := write(t, dir, "server.crt", html)
	write(t, dir, "server.key", leaf.KeyPEM())
	readme := write(t, dir, "README", []byte("the certificates\n"))
	for _, name := range []string{"x.PEM", "x.cer", "x.der", "x.p12", "x.pfx", "x.csr", "x.crl"} {
		if !MeantAsTLSFile(name) {
			t.Errorf("MeantAsTLSFile(%q) = false", name)
		}
	}
	if MeantAsTLSFile("README") || MeantAsTLSFile("nginx.conf") {
		t.Error("README or nginx.conf taken for TLS material")
	}
	f := mustLoad(t, Config{Paths: []string{dir}})
	var got *facts.File
	for _, file := range f.Files {
		if file.Path == crt {
			got = file
		}
	}
	if got == nil || len(got.Problems) == 0 {
		t.Fatalf("server.crt (HTML) was not reported: %+v", got)
	}
	if len(f.Skipped) != 1 || f.Skipped[0] != readme {
		t.Errorf("skipped %v, want [%s]", f.Skipped, readme)
	}
}
