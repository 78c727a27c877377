package load

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// openssl runs the real openssl binary in dir; the recipes are the ones the
// seed guides give, so the loader is tested against what people have.
func openssl(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustLoad loads with no system roots unless the test sets them.
func mustLoad(t *testing.T, cfg Config) *facts.Facts {
	t.Helper()
	cfg.NoSystemRoots = cfg.NoSystemRoots || len(cfg.CA) == 0
	f, err := Load(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return f
}

func fileByPath(t *testing.T, f *facts.Facts, path string) *facts.File {
	t.Helper()
	for _, file := range f.Files {
		if file.Path == path {
			return file
		}
	}
	var paths []string
	for _, file := range f.Files {
		paths = append(paths, file.Path)
	}
	t.Fatalf("no file %s among %v", path, paths)
	return nil
}

func noProblems(t *testing.T, f *facts.Facts) {
	t.Helper()
	for _, file := range f.Files {
		if len(file.Problems) > 0 || file.PKCS12Error != "" {
			t.Errorf("%s: problems %+v pkcs12 %q", file.Path, file.Problems, file.PKCS12Error)
		}
	}
}

// oneProblem requires exactly one problem for path, of that kind, whose
// detail contains want.
func oneProblem(t *testing.T, f *facts.Facts, path string, kind facts.FileProblemKind, want string) {
	t.Helper()
	file := fileByPath(t, f, path)
	if len(file.Problems) != 1 || file.Problems[0].Kind != kind || !strings.Contains(file.Problems[0].Detail, want) {
		t.Errorf("%s: problems %+v, want one %v containing %q", path, file.Problems, kind, want)
	}
}
