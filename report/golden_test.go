package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata and docs/checks.md")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./report -update rewrites it):\n%s", name, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line, enough to see what changed.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return "(no line differs)"
}

func render(t *testing.T, fn func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenText(t *testing.T) {
	r := loadFixture(t).report()
	golden(t, "report.txt", render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{}) }))
}

func TestGoldenTextVerbose(t *testing.T) {
	r := loadFixture(t).report()
	golden(t, "report-verbose.txt", render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Verbose: true}) }))
}

func TestGoldenJSON(t *testing.T) {
	r := loadFixture(t).report()
	golden(t, "report.json", render(t, func(b *bytes.Buffer) error { return JSON(b, r) }))
}

func TestGoldenSARIF(t *testing.T) {
	r := loadFixture(t).report()
	golden(t, "report.sarif", render(t, func(b *bytes.Buffer) error { return SARIF(b, r) }))
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestGoldenTextColor proves colour codes appear only when asked for, and
// only around severity tags and the verdict.
func TestGoldenTextColor(t *testing.T) {
	r := loadFixture(t).report()
	plain := render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{}) })
	colored := render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Color: true}) })
	golden(t, "report-color.txt", colored)

	if bytes.Contains(plain, []byte("\x1b[")) {
		t.Error("colour codes in the report with colour off")
	}
	if !bytes.Equal(ansi.ReplaceAll(colored, nil), plain) {
		t.Error("the coloured report differs from the plain one by more than colour codes")
	}
	var painted []string
	for _, m := range regexp.MustCompile("\x1b\\[[0-9;]+m([^\x1b]*)\x1b\\[0[0-9;]*m").FindAllSubmatch(colored, -1) {
		painted = append(painted, string(m[1]))
	}
	allowed := map[string]bool{"ERROR": true, "WARNING": true, "INFO": true, "FAIL:": true, "PASS:": true}
	for _, p := range painted {
		if !allowed[p] {
			t.Errorf("colour on %q; only severity tags and the verdict may be coloured", p)
		}
	}
	if len(painted) != len(r.Findings)+1 {
		t.Errorf("%d coloured spans, want one per finding (%d) and the verdict", len(painted), len(r.Findings))
	}
}
