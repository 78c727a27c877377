package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestFunctionsShort holds the command to flags, exit codes and rendering:
// the pipeline lives in internal/engine, so no function here is longer than
// 60 lines (a long one is a sign that work belonging to the engine or a
// report crept in).
func TestFunctionsShort(t *testing.T) {
	const maxLines = 60
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			seen++
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxLines {
				t.Errorf("%s: %s is %d lines, over %d", f, fd.Name.Name, n, maxLines)
			}
		}
	}
	if seen < 50 {
		t.Errorf("only %d functions found: the test is not reading the command's sources", seen)
	}
}
