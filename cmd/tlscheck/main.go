// Command tlscheck diagnoses TLS deployments: certificate, key and chain
// files before a deploy (`tlscheck files`) and live servers (`tlscheck
// probe`), with one exit code for CI.
//
// main only decides what depends on the real process (is standard output a
// terminal?) and calls run, so every behaviour is testable without a process.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/tlscheck/tlscheck/checks"
	_ "github.com/tlscheck/tlscheck/checks/all" // registers every check family
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/report"
	"golang.org/x/term"
)

// version is set at build time with
// -ldflags "-X main.version=v1.2.3"; otherwise it comes from the module
// version recorded in the binary, or "dev".
var version = ""

// Exit codes, the contract for CI gates.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitCannot   = 2 // could not run: bad flags, a path that does not exist, no inputs
)

func main() {
	ctx, stop := interruptible(context.Background())
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// armAfter is how long a run goes before Ctrl-C is caught. Installing the
// handler costs about 2 ms of a 50 ms probe (scripts/bench-probe.sh), and a
// run that short is over before anyone presses Ctrl-C; until then a signal
// has its default effect.
const armAfter = 200 * time.Millisecond

// interruptible returns a context that Ctrl-C (SIGINT) or a service
// manager's SIGTERM cancels: loads, probes and checks end at their next
// step, and tlscheck exits 2 without a report. After the first signal the
// default behaviour comes back, so a second one kills a run that is slow to
// wind down. stop releases the handler.
func interruptible(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	var mu sync.Mutex
	var release func()
	stopped := false
	timer := time.AfterFunc(armAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		signalled, stopSignals := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		release = stopSignals
		go func() {
			<-signalled.Done()
			stopSignals()
			cancel()
		}()
	})
	return ctx, func() {
		timer.Stop()
		mu.Lock()
		stopped = true
		if release != nil {
			release()
		}
		mu.Unlock()
		cancel()
	}
}

// env is what a run may take from its process. Tests fill it by hand.
type env struct {
	// ctx ends the run early (an interrupt); nil means never.
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdoutTTY says whether the real standard output is a terminal: with
	// --color auto and no NO_COLOR, reports are coloured only then.
	stdoutTTY bool
	// stdoutWidth is the real standard output's width in columns when it
	// is a terminal, else 0.
	stdoutWidth int
	// stderrTTY says whether the real standard error is a terminal: a scan
	// shows its progress there only then (and only in the text format).
	stderrTTY bool
	getenv    func(string) string
	// now is the one place tlscheck reads the clock (the default for --at).
	now func() time.Time
}

// run is tlscheck with its arguments (without the program name) and streams;
// it returns the exit code. Whether stdout is a terminal is decided here,
// once, from the real *os.File (a buffer never is); with the environment and
// the clock it is handed to runWith, which tests call with their own.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(args, env{
		ctx:         ctx,
		stdin:       stdin,
		stdout:      stdout,
		stderr:      stderr,
		stdoutTTY:   isTerminal(stdout),
		stdoutWidth: terminalWidth(stdout),
		stderrTTY:   isTerminal(stderr),
		getenv:      os.Getenv,
		now:         time.Now,
	})
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// decideWidth is the one place the text report's width is decided, like
// colour: $COLUMNS when it is a positive number (so COLUMNS=200 widens a
// report piped to a file), else the terminal's width, else 0, which the
// report takes as its default of 80 columns.
func decideWidth(e env) int {
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return e.stdoutWidth
}

// command is one of tlscheck's commands: what runs it and what `tlscheck
// help NAME` shows.
type command struct {
	name  string
	run   func(args []string, e env) int
	usage func(w io.Writer)
}

// commandTable lists the commands in the order help shows them. It is
// filled in init, because the commands' own code refers to the table.
var commandTable []command

// commands are the commands' names, for suggestions.
var commands []string

func init() {
	commandTable = []command{
		{"files", runFiles, filesUsage},
		{"probe", runProbe, probeUsage},
		{"scan", runScan, scanUsage},
		{"config", runConfig, configUsage},
		{"audit", runAudit, auditUsage},
		{"exporter", runExporter, exporterUsage},
		{"list", runList, usage},
		{"explain", runExplain, usage},
		{"version", runVersion, usage},
		{"help", runHelp, usage},
	}
	for _, c := range commandTable {
		commands = append(commands, c.name)
	}
}

// lookupCommand finds a command by name, with the spellings of version and
// help that people type from habit.
func lookupCommand(name string) (command, bool) {
	switch name {
	case "--version", "-version":
		name = "version"
	case "-h", "-help", "--help":
		name = "help"
	}
	for _, c := range commandTable {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func runWith(args []string, e env) int {
	if e.getenv == nil {
		e.getenv = func(string) string { return "" }
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.ctx == nil {
		e.ctx = context.Background()
	}
	if len(args) == 0 {
		usage(e.stderr)
		return exitCannot
	}
	if c, ok := lookupCommand(args[0]); ok {
		return c.run(args[1:], e)
	}
	unknownCommand(args[0], e)
	return exitCannot
}

func runVersion(_ []string, e env) int {
	fmt.Fprintf(e.stdout, "tlscheck %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

// runHelp shows the overview, or one command's flags.
func runHelp(args []string, e env) int {
	if len(args) > 0 {
		c, ok := lookupCommand(args[0])
		if !ok {
			unknownCommand(args[0], e)
			return exitCannot
		}
		c.usage(e.stdout)
		return exitOK
	}
	usage(e.stdout)
	return exitOK
}

// unknownCommand says the command does not exist and what was probably meant.
func unknownCommand(cmd string, e env) {
	errorf(e.stderr, "unknown command %q", cmd)
	switch {
	case cmd != "-" && load.CheckPath(cmd) == nil:
		hintf(e.stderr, "did you mean `tlscheck files %s`?", cmd)
	case strings.HasPrefix(cmd, "-"):
		hintf(e.stderr, "flags come after the command, e.g. `tlscheck files %s PATH...`", cmd)
	default:
		if c := closest(cmd, commands); c != "" {
			hintf(e.stderr, "did you mean `tlscheck %s`?", c)
		} else {
			hintf(e.stderr, "the commands are %s; run `tlscheck help`", strings.Join(commands, ", "))
		}
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func errorf(w io.Writer, format string, a ...any) {
	fmt.Fprintf(w, "tlscheck: error: "+format+"\n", a...)
}

func hintf(w io.Writer, format string, a ...any) {
	fmt.Fprintf(w, "tlscheck: hint: "+format+"\n", a...)
}

func warnf(w io.Writer, format string, a ...any) {
	fmt.Fprintf(w, "tlscheck: warning: "+format+"\n", a...)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `tlscheck diagnoses TLS certificates, keys and chains.

Usage:
  tlscheck files [flags] PATH...   check certificate, key and chain files (a CI gate)
  tlscheck probe [flags] TARGET    connect to a TLS server and explain what fails
  tlscheck scan [flags] TARGET     find all a server accepts, grade it, find weaknesses
  tlscheck audit [flags] TARGET... check many servers and file deployments at once
  tlscheck exporter [flags]        serve Prometheus metrics of probes (/probe?target=...)
  tlscheck config [flags] FILE...  check a server configuration (nginx, mosquitto, NATS,
                                   Crossbar.io, EMQX) against the files it names
  tlscheck list [--format json]    list every check with its ID and severity
  tlscheck explain ID              explain one check, e.g. tlscheck explain chain.order
  tlscheck version                 print the version
  tlscheck help [COMMAND]          show this help, or the flags of a command

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run.
Run 'tlscheck files -h', 'tlscheck probe -h' or 'tlscheck scan -h' for the flags of each.
`)
}

// runList prints the check catalogue.
func runList(args []string, e env) int {
	fs := newFlagSet("list")
	format := fs.String("format", "text", "output `format`: text or json")
	color := fs.String("color", "auto", "colour: auto, always or never")
	positional, code := parseInterleaved(fs, args, e)
	if code >= 0 {
		return code
	}
	if len(positional) > 0 {
		errorf(e.stderr, "list takes no arguments, got %q", positional[0])
		if checks.Lookup(positional[0]) != nil {
			hintf(e.stderr, "did you mean `tlscheck explain %s`?", positional[0])
		}
		return exitCannot
	}
	if *format != "text" && *format != "json" {
		errorf(e.stderr, "unknown --format %q for list", *format)
		hintf(e.stderr, "%s", formatHint(*format, []string{"text", "json"}))
		return exitCannot
	}
	useColor, ok := decideColor(*color, e)
	if !ok {
		return badColor(*color, e)
	}
	if err := report.List(e.stdout, checks.All(), *format, report.Options{Color: useColor && *format == "text", Width: decideWidth(e)}); err != nil {
		errorf(e.stderr, "%v", err)
		return exitCannot
	}
	return exitOK
}

// runExplain prints the documentation of one check.
func runExplain(args []string, e env) int {
	fs := newFlagSet("explain")
	color := fs.String("color", "auto", "colour: auto, always or never")
	positional, code := parseInterleaved(fs, args, e)
	if code >= 0 {
		return code
	}
	if len(positional) != 1 {
		errorf(e.stderr, "explain takes one check ID")
		hintf(e.stderr, "e.g. `tlscheck explain chain.order`; `tlscheck list` shows them all")
		return exitCannot
	}
	id := positional[0]
	if checks.Lookup(id) == nil {
		errorf(e.stderr, "no check %q", id)
		var ids []string
		for _, c := range checks.All() {
			ids = append(ids, c.ID)
		}
		if c := closest(id, ids); c != "" {
			hintf(e.stderr, "did you mean %s?", c)
		} else {
			hintf(e.stderr, "`tlscheck list` shows every check ID")
		}
		return exitCannot
	}
	useColor, ok := decideColor(*color, e)
	if !ok {
		return badColor(*color, e)
	}
	if err := report.Explain(e.stdout, id, report.Options{Color: useColor}); err != nil {
		errorf(e.stderr, "%v", err)
		return exitCannot
	}
	return exitOK
}

// decideColor is the one place colour is decided: --color always or never
// wins; auto means colour only on a terminal and only when NO_COLOR is unset
// or empty (https://no-color.org).
func decideColor(mode string, e env) (on, ok bool) {
	switch mode {
	case "always":
		return true, true
	case "never":
		return false, true
	case "auto", "":
		return e.stdoutTTY && e.getenv("NO_COLOR") == "", true
	}
	return false, false
}

func badColor(mode string, e env) int {
	errorf(e.stderr, "unknown --color %q", mode)
	hintf(e.stderr, "%s", formatHint(mode, []string{"auto", "always", "never"}))
	return exitCannot
}
