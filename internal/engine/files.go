package engine

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/report"
)

// FilesConfig is one `tlscheck files` run: the files with their roles and
// the expectations they are checked against.
type FilesConfig struct {
	Checking
	Paths     []string // found by content; directories are walked; "-" is Stdin
	Cert      []string
	Key       []string
	Chain     []string
	CA        []string // trust anchors; none: the system store (unless NoSystemRoots)
	ClientCA  []string
	Untrusted []string // candidate intermediates (openssl verify -untrusted)
	CRL       []string
	// Inputs are in-memory files, for callers that hold bytes (the
	// x509-limbo harness, benchmarks); they are not part of the target.
	Inputs        []Input
	Stdin         io.Reader
	Password      string // PKCS#12 bundles and encrypted keys
	FetchAIA      bool
	NoSystemRoots bool
	Purpose       string // facts.PurposeServer (the default, ""), PurposeClient, PurposeBoth or PurposeAny
	// MaxChainDepth limits the intermediates on a path when HasMaxChainDepth.
	MaxChainDepth    int
	HasMaxChainDepth bool
	// Policy is --policy: a platform policy the files are judged against
	// (policy.PlatformNames: emqx-cloud).
	Policy string
}

// Input is one in-memory file.
type Input = load.Input

// ErrNoFiles is what a *NoFilesError is (errors.Is): the paths named hold
// nothing to check.
var ErrNoFiles = errors.New("found no files to check")

// NoFilesError is returned when the paths named hold nothing to check: the
// directories held no file that looks like a certificate, key, CSR, CRL or
// bundle, by name or by content.
type NoFilesError struct {
	Paths []string // the paths given
	// LookedAt are the files found in them and skipped, in walk order.
	LookedAt []string
}

func (e *NoFilesError) Error() string {
	msg := ErrNoFiles.Error()
	if len(e.Paths) > 0 {
		msg += " in " + strings.Join(e.Paths, ", ")
	}
	if len(e.LookedAt) > 0 {
		msg += " (looked at " + strings.Join(e.LookedAt, ", ") + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrNoFiles) true.
func (e *NoFilesError) Is(target error) bool { return target == ErrNoFiles }

// Files loads the files cfg names, runs the checks and returns the report.
// The error is non-nil only when the run cannot happen: a path that does not
// exist, no files at all (ErrNoFiles), or ctx ended. Whatever is wrong with
// the files themselves is in the report.
func Files(ctx context.Context, cfg FilesConfig) (*report.Report, error) {
	purpose := cfg.Purpose
	if purpose == "" {
		purpose = facts.PurposeServer
	}
	now := cfg.clock()
	opts := cfg.options(cfg.Hosts, purpose)
	opts.MaxChainDepth, opts.HasMaxChainDepth = max(cfg.MaxChainDepth, 0), cfg.HasMaxChainDepth
	opts.Policy = cfg.Policy
	f, err := load.LoadInputs(ctx, cfg.Inputs, load.Config{
		Paths:         append(append([]string(nil), cfg.Paths...), cfg.CRL...), // CRLs are recognised by content
		Untrusted:     cfg.Untrusted,
		Cert:          cfg.Cert,
		Key:           cfg.Key,
		Chain:         cfg.Chain,
		CA:            cfg.CA,
		ClientCA:      cfg.ClientCA,
		Password:      cfg.Password,
		Stdin:         cfg.Stdin,
		FetchAIA:      cfg.FetchAIA,
		NoSystemRoots: cfg.NoSystemRoots,
		StallTimeout:  cfg.StallTimeout,
		Now:           now,
		Options:       opts,
	})
	if err != nil {
		return nil, err
	}
	if len(f.Files) == 0 {
		paths := append(append([]string(nil), cfg.Paths...), cfg.CRL...)
		return nil, &NoFilesError{Paths: paths, LookedAt: f.Skipped}
	}
	return finish(ctx, cfg.Checking, filesTarget(cfg, purpose, now), f)
}

// filesTarget is the report's target: the files given with their roles, and
// the expectations they were checked against.
func filesTarget(cfg FilesConfig, purpose string, now time.Time) report.Target {
	t := report.Target{Files: []report.TargetFile{}, Purpose: purpose, Hosts: cfg.Hosts, At: now}
	add := func(role facts.Role, paths []string) {
		for _, p := range paths {
			t.Files = append(t.Files, report.TargetFile{Path: p, Role: string(role)})
		}
	}
	add(facts.RoleAuto, cfg.Paths)
	add(facts.RoleCert, cfg.Cert)
	add(facts.RoleKey, cfg.Key)
	add(facts.RoleChain, cfg.Chain)
	add(facts.RoleCA, cfg.CA)
	add(facts.RoleClientCA, cfg.ClientCA)
	add(facts.RolePool, cfg.Untrusted)
	add(facts.RoleCRL, cfg.CRL)
	return t
}
