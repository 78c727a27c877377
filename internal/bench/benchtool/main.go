// Command benchtool prepares and runs the in-process side of
// scripts/bench-zlint.sh:
//
//	benchtool extract [-n N] [-zparse] DIR   write N corpus certificates to DIR/certNNNNN.pem
//	benchtool zlint DIR            lint every file in DIR with zlint's default lint set, in process
//	benchtool engine DIR           run tlscheck's full engine on every file in DIR, one deployment per file
//
// zlint and engine use every core and print "<n> certificates in <s>s: <r> certs/s".
package main

import (
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"

	"github.com/tlscheck/tlscheck/internal/bench"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool: error:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: benchtool extract [-n N] DIR | zlint DIR | engine DIR")
	}
	switch args[0] {
	case "extract":
		fs := flag.NewFlagSet("extract", flag.ContinueOnError)
		n := fs.Int("n", bench.DefaultSample, "certificates to write (0 = the whole corpus)")
		zparse := fs.Bool("zparse", false, "only certificates zcrypto parses (the zlint CLI exits on the others)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return fmt.Errorf("usage: benchtool extract [-n N] DIR")
		}
		return extract(fs.Arg(0), *n, *zparse)
	case "zlint", "engine":
		if len(args) != 2 {
			return fmt.Errorf("usage: benchtool %s DIR", args[0])
		}
		return measure(args[0], args[1])
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func extract(dir string, n int, zparse bool) error {
	path, err := bench.CorpusPath()
	if err != nil {
		return err
	}
	certs, err := bench.LoadCorpus(path)
	if err != nil {
		return err
	}
	if zparse {
		kept := certs[:0]
		for _, c := range certs {
			if c.ZParses {
				kept = append(kept, c)
			}
		}
		certs = kept
	}
	certs = bench.Sample(certs, n)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, c := range certs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("cert%05d.pem", i)), c.PEM, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d certificates to %s\n", len(certs), dir)
	return nil
}

func measure(mode, dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.pem"))
	if err != nil {
		return err
	}
	sort.Strings(names)
	data := make([][]byte, len(names))
	for i, name := range names {
		if data[i], err = os.ReadFile(name); err != nil {
			return err
		}
	}
	if len(data) == 0 {
		return fmt.Errorf("no .pem files in %s", dir)
	}
	var unparsed atomic.Int64
	elapsed, err := bench.Parallel(len(data), func(i int) error {
		if mode == "engine" {
			_, err := bench.CheckOne(data[i])
			return err
		}
		block, _ := pem.Decode(data[i])
		if block == nil {
			return fmt.Errorf("%s: no PEM block", names[i])
		}
		if _, ok := bench.ZlintOne(block.Bytes); !ok {
			unparsed.Add(1)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d certificates in %.2fs: %.1f certs/s\n", len(data), elapsed.Seconds(), float64(len(data))/elapsed.Seconds())
	if n := unparsed.Load(); n > 0 {
		fmt.Printf("(%d of them zcrypto could not parse)\n", n)
	}
	return nil
}
