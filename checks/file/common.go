package file

import (
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// inArg is "-in FILE", or nothing for standard input.
func inArg(path string) string {
	if path == "-" {
		return ""
	}
	return " -in " + checks.ShellQuote(path)
}

// sibling names an output file next to path: sibling("/x/server.der", ".pem")
// is "/x/server.pem", never path itself.
func sibling(path, suffix string) string {
	if path == "-" {
		return "out" + suffix
	}
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	if out := stem + suffix; out != path {
		return out
	}
	return stem + "-converted" + suffix
}

// evidence is the standard evidence for a finding about a whole file.
func evidence(f *facts.File) map[string]string {
	ev := map[string]string{"file": f.Path}
	if f.Role != facts.RoleAuto {
		ev["role"] = string(f.Role)
	}
	if f.Encoding != "" {
		ev["encoding"] = f.Encoding
	}
	if len(f.Kinds) > 0 {
		ev["kinds"] = strings.Join(f.Kinds, ", ")
	}
	return ev
}
