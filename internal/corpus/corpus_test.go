package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLimboEnvOverride(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "limbo.json")
	if err := os.WriteFile(file, []byte(`{"testcases": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{file, dir} {
		t.Setenv(Env, v)
		if got, err := Limbo(); err != nil || got != file {
			t.Errorf("%s=%s: got %q, %v; want %s", Env, v, got, err, file)
		}
	}
}

func TestLimboMissingSaysWhere(t *testing.T) {
	t.Setenv(Env, t.TempDir())
	_, err := Limbo()
	if err == nil || !strings.Contains(err.Error(), "https://github.com/C2SP/x509-limbo") || !strings.Contains(err.Error(), "limbo.json") {
		t.Errorf("err = %v, want where to get the corpus", err)
	}
}
