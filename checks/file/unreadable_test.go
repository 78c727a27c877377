package file

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// The suite runs as root, which reads mode-0000 files; a dangling symlink in
// a walked directory and /proc/self/mem (EIO at offset 0) fail for everyone.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "cert.pem")
	if err := os.Symlink(filepath.Join(dir, "archive", "cert1.pem"), link); err != nil {
		t.Fatal(err)
	}
	f := loadPaths(t, load.Config{Paths: []string{dir, "/proc/self/mem"}})
	fds, _ := run(t, f, "file.unreadable")
	if len(fds) != 2 {
		t.Fatalf("%+v", fds)
	}
	bySubject := map[string]checks.Finding{}
	for _, fd := range fds {
		bySubject[fd.Subject] = fd
		if fd.Severity != checks.Error {
			t.Errorf("severity %v", fd.Severity)
		}
	}
	wantFix(t, bySubject[link], "ln -sfn /path/to/the/real.pem "+link)
	wantFix(t, bySubject["/proc/self/mem"], "copy it again")
	if fu, _ := run(t, f, "file.format-unknown"); len(fu) != 0 {
		t.Errorf("unreadable files are not format problems: %+v", fu)
	}
}

func TestUnreadablePermissionDenied(t *testing.T) {
	f := facts1(&facts.File{Path: "/etc/ssl/private/server.key", Problems: []facts.FileProblem{{Kind: facts.FileDenied, Detail: "permission denied"}}})
	fds, _ := run(t, f, "file.unreadable")
	if len(fds) != 1 {
		t.Fatal(fds)
	}
	wantFix(t, fds[0], "sudo tlscheck files", "chmod 600 /etc/ssl/private/server.key")
}

// TestUnreadableStalledFIFO: a FIFO nobody writes to is an unreadable
// file whose fix says to start its writer (issue 9 item 21).
func TestUnreadableStalledFIFO(t *testing.T) {
	f := facts1(&facts.File{Path: "/tmp/cert.fifo", Problems: []facts.FileProblem{{Kind: facts.FileStalled, Detail: "nobody writes to this FIFO (waited 10s for a writer)"}}})
	fds, _ := run(t, f, "file.unreadable")
	if len(fds) != 1 {
		t.Fatal(fds)
	}
	wantFix(t, fds[0], "start what writes to /tmp/cert.fifo")
}

func TestUnreadableNegative(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ok.pem")
	if err := os.WriteFile(path, certgen.Leaf("ok.example.test", nil).PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	f := loadPaths(t, load.Config{Paths: []string{path}})
	if fds, _ := run(t, f, "file.unreadable"); len(fds) != 0 {
		t.Errorf("%+v", fds)
	}
	f = facts1(&facts.File{Path: "bad.pem", Problems: []facts.FileProblem{{Kind: facts.FileEmpty, Detail: "file is empty"}}})
	if fds, _ := run(t, f, "file.unreadable"); len(fds) != 0 {
		t.Errorf("%+v", fds)
	}
}
