package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCheckPath: a path that exists (or "-") is usable; a missing one and
// a dangling link are UnusablePathErrors that say which.
func TestCheckPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "server.crt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "cert.pem")
	if err := os.Symlink(filepath.Join(dir, "gone.pem"), link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, dir, "-"} {
		if err := CheckPath(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	var uerr *UnusablePathError
	err := CheckPath(filepath.Join(dir, "server.crtt"))
	if !errors.As(err, &uerr) || !errors.Is(err, fs.ErrNotExist) || uerr.LinkTarget != "" || err.Error() != filepath.Join(dir, "server.crtt")+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	err = CheckPath(link)
	if !errors.As(err, &uerr) || uerr.LinkTarget != filepath.Join(dir, "gone.pem") {
		t.Errorf("dangling link: %v", err)
	}
	if d, names := Siblings(filepath.Join(dir, "server.crtt")); d != dir+string(filepath.Separator) || !slices.Contains(names, "server.crt") {
		t.Errorf("Siblings = %q, %v", d, names)
	}
}
