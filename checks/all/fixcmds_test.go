package all

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

// commandChecks lists the registered checks whose findings' fixes can carry
// a backquoted shell command, found in the source: a check's file (outside
// its Check value, whose Doc and Fix only explain shows) holds a string
// with a backquote, or uses a function, constant or variable of its
// package or of package checks that does.
func commandChecks(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	parse := func(path string) *ast.File {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// sources: "pkg.Name" of declarations whose code holds a command.
	sources := map[string]bool{}
	type decl struct {
		key  string
		node ast.Node
		pkg  string
	}
	var decls []decl
	files := map[string]*ast.File{} // check file path -> AST
	pkgFiles := func(dir, pkg string) {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f := parse(p)
			files[p] = f
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						decls = append(decls, decl{pkg + "." + d.Name.Name, d, pkg})
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if vs, ok := s.(*ast.ValueSpec); ok {
							for _, n := range vs.Names {
								decls = append(decls, decl{pkg + "." + n.Name, vs, pkg})
							}
						}
					}
				}
			}
		}
	}
	pkgFiles("..", "checks")
	fams := map[string]bool{}
	for _, c := range checks.All() {
		fams[c.Family()] = true
	}
	for fam := range fams {
		pkgFiles(filepath.Join("..", fam), fam)
	}
	// holds reports whether n, outside any checks.Check literal, has a
	// string with a backquote or uses a source of package pkg or checks.
	holds := func(n ast.Node, pkg string) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Check" {
					return false
				}
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Check" && pkg == "checks" {
					return false
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil && strings.Contains(s, "`") {
						found = true
					}
				}
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "checks" && sources["checks."+n.Sel.Name] {
					found = true
				}
			case *ast.Ident:
				if sources[pkg+"."+n.Name] {
					found = true
				}
			}
			return true
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			if !sources[d.key] && holds(d.node, d.pkg) {
				sources[d.key] = true
				changed = true
			}
		}
	}
	var out []string
	for _, c := range checks.All() {
		fam, name, _ := strings.Cut(c.ID, ".")
		f := files[filepath.Join("..", fam, strings.ReplaceAll(name, "-", "_")+".go")]
		if f != nil && holds(f, fam) {
			out = append(out, c.ID)
		}
	}
	sort.Strings(out)
	return out
}

func TestListCommandChecks(t *testing.T) {
	if os.Getenv("LIST") == "" {
		return
	}
	for _, id := range commandChecks(t) {
		t.Log(id)
	}
}
