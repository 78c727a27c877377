package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTextFitsWidth: at any width tables fit; from 60 columns on, a line is
// longer only when it holds an unbreakable word (a URL, a fingerprint) or
// is a fix (kept on one line so that its command can be copied). Evidence
// lines (label and value) are not wrapped either, and at 40 columns some
// are longer.
func TestTextFitsWidth(t *testing.T) {
	r := loadFixture(t).report()
	for _, width := range []int{0, 100, 80, 60, 40} {
		out := render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Width: width}) })
		limit := width
		if limit == 0 {
			limit = DefaultWidth
		}
		for _, l := range strings.Split(string(out), "\n") {
			if utf8.RuneCountInString(l) <= limit || strings.HasPrefix(strings.TrimSpace(l), "fix:") {
				continue
			}
			if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "|") {
				t.Errorf("width %d: table line of %d columns: %s", width, utf8.RuneCountInString(l), l)
			} else if width >= 60 && strings.Contains(strings.TrimSpace(l), " ") && !unbreakable(l, limit) {
				t.Errorf("width %d: line of %d columns: %s", width, utf8.RuneCountInString(l), l)
			}
		}
		for _, want := range []string{"server.pem #2", "ECDSA-SHA384", "99aedfed6322a31fcc706e4aa4c2d80a47793ee71b8ad8f6871a71edcebf5b52", "DNS:example.com", "serverAuth"} {
			if !bytes.Contains(out, []byte(want)) {
				t.Errorf("width %d: %q is no longer in the report", width, want)
			}
		}
	}
}

// unbreakable: the line's last word alone (after its indent and label)
// is wider than the limit allows, so it could not be wrapped.
func unbreakable(l string, limit int) bool {
	words := strings.Fields(l)
	for _, w := range words {
		if utf8.RuneCountInString(w) > limit/2 {
			return true
		}
	}
	return false
}

func TestWrapLine(t *testing.T) {
	got := wrapLine("  one two three four", "    ", 12)
	want := []string{"  one two", "    three", "    four"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrapLine = %q, want %q", got, want)
	}
}

// TestTextWide: with room, the chain table keeps all its columns.
func TestTextWide(t *testing.T) {
	r := loadFixture(t).report()
	golden(t, "report-wide.txt", render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Width: 200}) }))
}

func TestTextNarrowShowsBlocks(t *testing.T) {
	r := loadFixture(t).report()
	out := render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Width: 40}) })
	if !bytes.Contains(out, []byte("  #1 CN=Example Issuing CA\n")) {
		t.Errorf("at 40 columns the chain is not shown as blocks:\n%s", out)
	}
}
