package main

import (
	"context"
	"errors"
	"flag"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/report"
)

// reportFlags are the flags every checking command shares (files, probe):
// which checks run, against what expectations, and how the report looks.
type reportFlags struct {
	checks, format, failOn, color string
	profile                       string
	warnDays                      int
	verbose                       bool
}

func (rf *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&rf.checks, "checks", "all", "")
	fs.StringVar(&rf.format, "format", "text", "")
	fs.StringVar(&rf.failOn, "fail-on", "error", "")
	fs.StringVar(&rf.color, "color", "auto", "")
	fs.StringVar(&rf.profile, "profile", facts.ProfileAuto, "")
	fs.IntVar(&rf.warnDays, "warn-days", facts.DefaultWarnDays, "")
	fs.BoolVar(&rf.verbose, "v", false, "")
	fs.BoolVar(&rf.verbose, "verbose", false, "")
}

// reportSettings are reportFlags validated.
type reportSettings struct {
	format   string
	failOn   checks.Severity
	color    bool
	verbose  bool
	selector checks.Selector
}

// validate checks the shared flags; the int is an exit code >= 0 when the
// run must end (the error and hint are written).
func (rf *reportFlags) validate(e env) (reportSettings, int) {
	s := reportSettings{format: rf.format, verbose: rf.verbose}
	switch rf.format {
	case "text", "json", "sarif":
	default:
		errorf(e.stderr, "unknown --format %q", rf.format)
		hintf(e.stderr, "%s", formatHint(rf.format, []string{"text", "json", "sarif"}))
		return s, exitCannot
	}
	failOn, err := checks.ParseSeverity(rf.failOn)
	if err != nil {
		errorf(e.stderr, "unknown --fail-on %q", rf.failOn)
		hintf(e.stderr, "%s", formatHint(rf.failOn, []string{"error", "warning", "info", "never"}))
		return s, exitCannot
	}
	s.failOn = failOn
	useColor, ok := decideColor(rf.color, e)
	if !ok {
		return s, badColor(rf.color, e)
	}
	s.color = useColor && rf.format == "text" // JSON and SARIF are for machines
	switch rf.profile {
	case facts.ProfileAuto, facts.ProfilePrivate, facts.ProfileWebPKI:
	default:
		errorf(e.stderr, "unknown --profile %q", rf.profile)
		hintf(e.stderr, "%s", formatHint(rf.profile, []string{"auto", "private", "webpki"}))
		return s, exitCannot
	}
	if rf.warnDays < 0 {
		errorf(e.stderr, "--warn-days must be 0 or more, got %d", rf.warnDays)
		return s, exitCannot
	}
	s.selector, err = checks.ParseSelector(rf.checks)
	if err != nil {
		errorf(e.stderr, "--checks: %v", err)
		if se := (*checks.SelectorError)(nil); errors.As(err, &se) {
			hintf(e.stderr, "%s", se.Hint())
		}
		return s, exitCannot
	}
	return s, -1
}

// checking is the part of the engine's configuration every command shares.
// --warn-days goes through as given.
func (rf *reportFlags) checking(s reportSettings, hosts []string, now time.Time) engine.Checking {
	return engine.Checking{
		Hosts:    hosts,
		At:       now,
		WarnDays: rf.warnDays,
		Profile:  rf.profile,
		Checks:   s.selector,
		Tool:     report.Tool{Name: "tlscheck", Version: versionString()},
	}
}

// parseAtFlag reads --at, defaulting to the run's clock.
func parseAtFlag(at string, e env) (time.Time, int) {
	if at == "" {
		return e.now(), -1
	}
	now, err := parseAt(at)
	if err != nil {
		errorf(e.stderr, "--at %q: not a time", at)
		hintf(e.stderr, "use a date (2027-01-01) or RFC 3339 (2027-01-01T12:00:00Z)")
		return time.Time{}, exitCannot
	}
	return now, -1
}

// emit writes the report in the chosen format and returns the exit code:
// 1 when a finding is at or above --fail-on, 0 otherwise, 2 when the report
// could not be written. password is scrubbed from any error printed.
func emit(e env, r *report.Report, s reportSettings, password string) int {
	var err error
	switch s.format {
	case "json":
		err = report.JSON(e.stdout, r)
	case "sarif":
		err = report.SARIF(e.stdout, r)
	default:
		err = report.Text(e.stdout, r, report.Options{Color: s.color, Verbose: s.verbose, FailOn: s.failOn.String(), Width: decideWidth(e)})
	}
	if err != nil {
		errorf(e.stderr, "writing the %s report: %s", s.format, scrub(err.Error(), password))
		return exitCannot
	}
	if s.failOn != checks.None && checks.Max(r.Findings) >= s.failOn {
		return exitFindings
	}
	return exitOK
}

// passwordFrom returns --password (warning that it shows in ps) or the
// TLSCHECK_PASSWORD environment variable.
func passwordFrom(flagValue string, e env) string {
	if flagValue != "" {
		warnf(e.stderr, "a password given with --password is visible to other users in `ps`; set %s instead", passwordEnv)
		return flagValue
	}
	return e.getenv(passwordEnv)
}

// cannotRun reports an error that kept a command from producing a report
// (password scrubbed) and returns exit 2. An interrupt is said as such.
func cannotRun(e env, err error, password string) int {
	if errors.Is(err, context.Canceled) {
		errorf(e.stderr, "interrupted; no report was written")
		return exitCannot
	}
	errorf(e.stderr, "%s", scrub(err.Error(), password))
	return exitCannot
}
