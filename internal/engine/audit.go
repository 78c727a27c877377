package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/report"
)

// AuditTarget is one target of an audit: exactly one of Probe, Scan and
// Files is set.
type AuditTarget struct {
	Probe *ProbeConfig
	Scan  *ScanConfig
	Files *FilesConfig
	// Deadline bounds this target, whatever it is (0: none beyond the
	// probe's or the scan's own timeout).
	Deadline time.Duration
}

// AuditAll runs every target through one bounded pool, like ProbeAll, and
// returns a result per target in order (nil with Batch.Stream). A probe or
// scan that runs past its Deadline is not an error: its result is a report
// with a tls.connect-failed finding saying so, as for any server that does
// not answer. Targets not started when ctx ended have ctx's error.
func AuditAll(ctx context.Context, targets []AuditTarget, b Batch) []Result {
	anchors := newAnchorCache()
	return run(ctx, len(targets), b, func(ctx context.Context, i int) (*report.Report, error) {
		return auditOne(ctx, targets[i].withAnchors(anchors))
	})
}

// withAnchors is the target with its probe or scan sharing the audit's
// trust anchors: 1,000 targets with one --ca read it once, not 1,000 times.
func (t AuditTarget) withAnchors(c *anchorCache) AuditTarget {
	switch {
	case t.Scan != nil:
		sc := *t.Scan
		sc.anchorCache = c
		t.Scan = &sc
	case t.Probe != nil:
		pc := *t.Probe
		pc.anchorCache = c
		t.Probe = &pc
	}
	return t
}

func auditOne(parent context.Context, t AuditTarget) (*report.Report, error) {
	ctx := parent
	var end time.Time
	if t.Deadline > 0 {
		var cancel context.CancelFunc
		end = time.Now().Add(t.Deadline)
		ctx, cancel = context.WithDeadline(parent, end)
		defer cancel()
	}
	var r *report.Report
	var err error
	var pc *ProbeConfig
	switch {
	case t.Scan != nil:
		pc = &t.Scan.ProbeConfig
		r, err = Scan(ctx, *t.Scan)
	case t.Probe != nil:
		pc = t.Probe
		r, err = Probe(ctx, *t.Probe)
	case t.Files != nil:
		return Files(ctx, *t.Files)
	default:
		return nil, errors.New("an audit target with nothing to check")
	}
	// A probe bounds its reads by ctx's deadline, so it may return a
	// timeout of its own an instant before ctx ends, or ctx's error just
	// after: either way the deadline ended it, and the report says so.
	if parent.Err() == nil && !end.IsZero() && !time.Now().Before(end) {
		return deadlineReport(*pc, t.Deadline)
	}
	return r, err
}

// deadlineReport is the report of a probe or scan that did not finish
// within its deadline: one tls.connect-failed finding, as for a server that
// never answered.
func deadlineReport(cfg ProbeConfig, deadline time.Duration) (*report.Report, error) {
	target, err := probe.ParseTarget(cfg.Target, cfg.StartTLS)
	if err != nil {
		return nil, err
	}
	now := cfg.clock()
	check := checks.Lookup("tls.connect-failed")
	if check == nil {
		return nil, errors.New("tls.connect-failed is not registered")
	}
	f := &facts.Facts{Now: now, Options: cfg.options(nil, facts.PurposeServer)}
	finding := checks.Finding{
		ID:       check.ID,
		Severity: check.Severity,
		Title:    check.Title,
		Message: fmt.Sprintf("%s did not finish within the per-target deadline of %s; expected a TLS handshake well before it",
			target.Address(), deadline),
		Evidence: map[string]string{"target": target.Raw, "address": target.Address(), "deadline": deadline.String(), "failure": "deadline"},
		Fix: fmt.Sprintf("make %s answer (a firewall that drops packets or a stalled server is the usual cause), or give it more time with --deadline",
			target.Address()),
		References: check.Refs,
	}
	results := []checks.Result{{Check: check, Selected: true, Findings: []checks.Finding{finding}}}
	t := report.Target{Target: target.Raw, Scheme: string(target.Scheme), StartTLS: string(target.StartTLS), Host: target.Host,
		Port: target.Port, SNI: cfg.ServerName, At: now}
	return report.New(cfg.Tool, t, f, results), nil
}
