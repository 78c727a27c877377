package file

import (
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// unreadablePrefix marks a File.Problems entry that says the file could not
// be read at all; it mirrors load.UnreadablePrefix (a test keeps them equal)
// so that checks stay free of the loader.
const unreadablePrefix = "unreadable: "

func unreadable(problem string) bool { return strings.HasPrefix(problem, unreadablePrefix) }

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
