// Package corpus finds the x509-limbo test corpus, which is not part of the
// repository: it lives in ../shared/corpora/x509-limbo/ beside the checkout
// (CI has it there), or wherever TLSCHECK_LIMBO points. Tests take it through
// corpustest.Require.
package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Env names the environment variable that overrides where the corpus is:
// limbo.json(.gz) itself, or the directory that holds it.
const Env = "TLSCHECK_LIMBO"

// Where tells how to get the corpus when it is missing.
const Where = "get limbo.json from https://github.com/C2SP/x509-limbo (or its gzipped copy limbo.json.gz) into ../shared/corpora/x509-limbo/ beside the repository, or set " + Env + " to its path"

// names are the corpus file names looked for in a directory, preferred first.
var names = []string{"limbo.json.gz", "limbo.json"}

// Limbo returns the path of the x509-limbo corpus (limbo.json.gz or
// limbo.json): $TLSCHECK_LIMBO, else ../shared/corpora/x509-limbo/ beside the
// module root found by walking up from the working directory. The error says
// where it looked and where to get the corpus.
func Limbo() (string, error) {
	if p := os.Getenv(Env); p != "" {
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %v; %s", Env, p, err, Where)
		}
		if !fi.IsDir() {
			return p, nil
		}
		return inDir(p)
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	return inDir(filepath.Join(filepath.Dir(root), "shared", "corpora", "x509-limbo"))
}

// Dir is the directory of the corpus: other files of the suite (the Go
// result file) are beside limbo.json.
func Dir() (string, error) {
	p, err := Limbo()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

func inDir(dir string) (string, error) {
	for _, n := range names {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no x509-limbo corpus in %s: %s", dir, Where)
}

// moduleRoot is the nearest directory at or above the working directory
// that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory to find ../shared/corpora/x509-limbo: " + Where)
		}
		dir = parent
	}
}
