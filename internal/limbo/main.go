package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tlscheck/tlscheck/internal/corpus"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("limbo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "limbo.json, gzipped or not (default: ../shared/corpora/x509-limbo/ beside the repository, or $"+corpus.Env+")")
	out := fs.String("out", "-", "where to write the results (- is standard output)")
	mode := fs.String("mode", "strict", "strict: errors and warnings fail a case; errors: only errors do")
	only := fs.String("id", "", "run only the case with this id (prints its findings context)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	m := Strict
	switch *mode {
	case "strict":
	case "errors":
		m = Errors
	default:
		fmt.Fprintf(stderr, "limbo: error: unknown -mode %q (want strict or errors)\n", *mode)
		return 2
	}
	if *in == "" {
		path, err := corpus.Limbo()
		if err != nil {
			fmt.Fprintf(stderr, "limbo: error: %v\n", err)
			return 2
		}
		*in = path
	}
	cases, err := Read(*in)
	if err != nil {
		fmt.Fprintf(stderr, "limbo: error: %v\n", err)
		return 2
	}
	if *only != "" {
		var keep []Case
		for _, c := range cases {
			if c.ID == *only {
				keep = append(keep, c)
			}
		}
		cases = keep
	}
	res := Results{Version: 1, Harness: "tlscheck", Results: RunAll(cases, m)}
	w := stdout
	if *out != "-" {
		fh, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "limbo: error: %v\n", err)
			return 2
		}
		defer fh.Close()
		w = fh
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(res); err != nil {
		fmt.Fprintf(stderr, "limbo: error: %v\n", err)
		return 2
	}
	return 0
}
