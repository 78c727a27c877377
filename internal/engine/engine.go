// Package engine is the one pipeline every command runs: gather (load files,
// or probe a server), turn what was gathered into facts, run the checks and
// assemble the report. Commands differ in what they gather, never in how
// facts become a report; cmd/tlscheck only parses flags and renders.
//
// Many targets are many Results from one bounded pool (FilesAll, ProbeAll,
// AuditAll for a mix of probes, scans and file deployments),
// with progress reported through a callback, never printed.
package engine

import (
	"context"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/report"
)

// Checking is what every run checks against, and which checks run.
type Checking struct {
	// Hosts are the names the certificate must cover. For a probe they
	// come after the name the client asks for (--servername, else the host).
	Hosts []string
	// At is the time the certificates are judged at; zero means now.
	At time.Time
	// WarnDays is --warn-days as the user gave it: cert.expires-soon warns
	// within that many days; 0 turns the warning off.
	WarnDays int
	Profile  string          // facts.ProfileAuto (""), ProfilePrivate or ProfileWebPKI
	Checks   checks.Selector // which checks run
	// StallTimeout bounds how long a FIFO or device named as an input may
	// wait for a writer or go without data (0: load.DefaultStallTimeout).
	StallTimeout time.Duration
	Tool         report.Tool // who wrote the report
}

// clock is At, or now.
func (c Checking) clock() time.Time {
	if c.At.IsZero() {
		return time.Now()
	}
	return c.At
}

// options are the facts.Options every command shares.
func (c Checking) options(hosts []string, purpose string) facts.Options {
	profile := c.Profile
	if profile == "" {
		profile = facts.ProfileAuto
	}
	return facts.Options{Hosts: hosts, Purpose: purpose, WarnDays: c.WarnDays, Profile: profile}
}

// runChecks is checks.Run; a test replaces it to end a run while the
// checks run.
var runChecks = checks.Run

// finish runs the checks on f and assembles the report. When ctx ends while
// the checks run, their results are incomplete: finish returns ctx's error
// and no report, so that a cancelled run never reports a verdict.
func finish(ctx context.Context, c Checking, target report.Target, f *facts.Facts) (*report.Report, error) {
	results := runChecks(ctx, f, c.Checks)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return report.New(c.Tool, target, f, results), nil
}

// SystemStoreSize is the number of roots in the system trust store (or the
// embedded bundle), for commands that say how many of them were used.
func SystemStoreSize() int { return load.SystemStoreSize() }
