package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/textdist"
)

// stringList is a repeatable flag: --cert a.pem --cert b.pem.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// commaList is a repeatable flag whose values may also be comma-separated:
// --host a,b --host c.
type commaList []string

func (l *commaList) String() string { return strings.Join(*l, ",") }
func (l *commaList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// optionalCount is an integer flag without a default: set says whether
// the user gave it (--max-chain-depth 0 is a limit; no flag is none).
type optionalCount struct {
	n   int
	set bool
}

func (c *optionalCount) String() string {
	if c == nil || !c.set {
		return ""
	}
	return strconv.Itoa(c.n)
}

func (c *optionalCount) Set(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return errors.New("not a whole number")
	}
	if n < 0 {
		return errors.New("must be 0 or more")
	}
	c.n, c.set = n, true
	return nil
}

// newFlagSet returns a flag set that reports nothing itself: parseInterleaved
// turns its errors into tlscheck's error and hint lines.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseInterleaved parses flags that may appear before, between and after
// positional arguments (Go's flag package stops at the first non-flag).
// After "--" everything is positional. It returns the positional arguments,
// and an exit code >= 0 when the run should end (help shown, bad flag).
func parseInterleaved(fs *flag.FlagSet, args []string, e env) ([]string, int) {
	var positional []string
	rest := args
	for {
		err := fs.Parse(rest)
		if errors.Is(err, flag.ErrHelp) {
			if fs.Name() == "files" {
				filesUsage(e.stdout)
			} else if fs.Name() == "probe" {
				probeUsage(e.stdout)
			} else if fs.Name() == "scan" {
				scanUsage(e.stdout)
			} else if fs.Name() == "audit" {
				auditUsage(e.stdout)
			} else if fs.Name() == "exporter" {
				exporterUsage(e.stdout)
			} else if fs.Name() == "config" {
				configUsage(e.stdout)
			} else {
				usage(e.stdout)
			}
			return nil, exitOK
		}
		if err != nil {
			errorf(e.stderr, "%v", err)
			if name := unknownFlag(fs, rest); name != "" {
				var names []string
				fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
				if c := closest(name, names); c != "" {
					hintf(e.stderr, "did you mean --%s?", c)
					return nil, exitCannot
				}
			}
			hintf(e.stderr, "run `tlscheck %s -h` for the flags", fs.Name())
			return nil, exitCannot
		}
		remaining := fs.Args()
		consumed := len(rest) - len(remaining)
		if consumed > 0 && rest[consumed-1] == "--" {
			return append(positional, remaining...), -1
		}
		if len(remaining) == 0 {
			return positional, -1
		}
		positional = append(positional, remaining[0])
		rest = remaining[1:]
	}
}

// unknownFlag finds the first argument that looks like a flag the set does
// not define, so the hint can guess what was meant.
func unknownFlag(fs *flag.FlagSet, args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return ""
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if name != "" && f == nil {
			return name
		}
		if f != nil && !hasValue && !isBoolFlag(f) {
			i++ // its value, such as the -1 of --max-chain-depth -1
		}
	}
	return ""
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// closest returns the candidate nearest to s (edit distance at most a third
// of its length, at least 1, or a unique prefix), or "".
func closest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	limit := len(s) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		d := textdist.Distance(strings.ToLower(s), strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist <= limit {
		return best
	}
	var prefixed []string
	for _, c := range sorted {
		if len(s) >= 2 && strings.HasPrefix(c, s) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// formatAliases maps what people type to the format they most likely want.
var formatAliases = map[string]string{
	"yaml": "json", "yml": "json", "xml": "json", "csv": "json", "ndjson": "json", "jsonl": "json",
	"txt": "text", "plain": "text", "human": "text", "table": "text", "console": "text",
	"sarif2": "sarif", "sarif-2.1.0": "sarif", "codeql": "sarif", "github": "sarif",
}

// formatHint guesses the value meant for an enumerated flag.
func formatHint(got string, valid []string) string {
	if want, ok := formatAliases[strings.ToLower(got)]; ok {
		for _, v := range valid {
			if v == want {
				return fmt.Sprintf("did you mean %s?", want)
			}
		}
	}
	if c := closest(got, valid); c != "" {
		return fmt.Sprintf("did you mean %s?", c)
	}
	return "valid values: " + strings.Join(valid, ", ")
}
