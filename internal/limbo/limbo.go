// Command limbo runs x509-limbo test cases (github.com/C2SP/x509-limbo)
// through tlscheck's engine (the pipeline `tlscheck files` runs) and turns
// the findings into the suite's SUCCESS / FAILURE verdicts:
//
//	go run ./internal/limbo [-in limbo.json.gz] -out results.json [-mode strict|errors]
//
// The corpus is not in this repository: by default it is read from
// ../shared/corpora/x509-limbo/ beside the checkout, or $TLSCHECK_LIMBO.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	_ "github.com/tlscheck/tlscheck/checks/all" // register every check
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
	"github.com/tlscheck/tlscheck/report"
)

// Case is the part of a limbo test case the harness reads. It deliberately
// has no expected_result field: the harness must not see the answer.
type Case struct {
	ID                     string   `json:"id"`
	Features               []string `json:"features"`
	ValidationKind         string   `json:"validation_kind"`
	TrustedCerts           []string `json:"trusted_certs"`
	UntrustedIntermediates []string `json:"untrusted_intermediates"`
	PeerCertificate        string   `json:"peer_certificate"`
	ValidationTime         *string  `json:"validation_time"`
	ExtendedKeyUsage       []string `json:"extended_key_usage"`
	ExpectedPeerName       *Name    `json:"expected_peer_name"`
	ExpectedPeerNames      []Name   `json:"expected_peer_names"`
	MaxChainDepth          *int     `json:"max_chain_depth"`
	CRLs                   []string `json:"crls"`
}

// Name is a peer name: kind DNS, IP or RFC822.
type Name struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Result is one line of the suite's result format.
type Result struct {
	ID      string `json:"id"`
	Actual  string `json:"actual_result"` // SUCCESS, FAILURE, SKIPPED
	Context string `json:"context"`
}

// Results is the suite's result file.
type Results struct {
	Version int      `json:"version"`
	Harness string   `json:"harness"`
	Results []Result `json:"results"`
}

// Read loads limbo.json, gzipped or not.
func Read(path string) ([]Case, error) {
	var doc struct {
		Testcases []Case `json:"testcases"`
	}
	if err := decodeFile(path, &doc); err != nil {
		return nil, err
	}
	return doc.Testcases, nil
}

// decodeFile decodes the JSON in path into v, un-gzipping it when it starts
// with the gzip magic bytes.
func decodeFile(path string, v any) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	br := bufio.NewReader(fh)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	// Reading the whole file first, then Unmarshal, is cheaper than a
	// Decoder on a 40 MB document (no growing and shifting of its buffer).
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Mode says which findings make a FAILURE.
type Mode int

const (
	// Strict fails a case on any error or warning about the path or the peer.
	Strict Mode = iota
	// Errors fails a case on errors only (what a lenient client would do).
	Errors
)

// unsupported features: the harness reports SKIPPED for them.
var unsupported = map[string]string{}

// Checks selects the checks that run (a --checks pattern list); the
// benchmark also measures "all,-zlint.*".
var Checks = "all"

var sel struct {
	sync.Mutex
	done    bool
	pattern string
	parsed  checks.Selector
}

// selector is Checks parsed, once per value of Checks.
func selector() checks.Selector {
	sel.Lock()
	defer sel.Unlock()
	if !sel.done || sel.pattern != Checks {
		parsed, err := checks.ParseSelector(Checks)
		if err != nil {
			panic("limbo: bad Checks pattern: " + err.Error()) // a constant in this package
		}
		sel.done, sel.pattern, sel.parsed = true, Checks, parsed
	}
	return sel.parsed
}

// Now is the clock for cases without a validation_time.
var Now = time.Now

// Run judges one case.
func Run(c Case, mode Mode) Result { return Judge(c)[mode] }

// Judge runs the engine once on a case and gives its verdict in both modes
// (indexed by Mode).
func Judge(c Case) [2]Result { return judge(context.Background(), c) }

func judge(ctx context.Context, c Case) [2]Result {
	cfg, early := prepare(c)
	if early != nil {
		return *early
	}
	r, err := engine.Files(ctx, cfg)
	return verdicts(c, r, err)
}

// prepare is the engine configuration for a case, or its result when the
// engine is not to run: SKIPPED for an unsupported feature, FAILURE when the
// case cannot be configured.
func prepare(c Case) (engine.FilesConfig, *[2]Result) {
	for _, feat := range c.Features {
		if why, ok := unsupported[feat]; ok {
			r := Result{ID: c.ID, Actual: "SKIPPED", Context: "feature " + feat + ": " + why}
			return engine.FilesConfig{}, &[2]Result{r, r}
		}
	}
	cfg, err := Config(c)
	if err != nil {
		return cfg, failure(c, err)
	}
	return cfg, nil
}

// verdicts are a case's results in both modes from the engine's report, or
// FAILURE when the engine could not run.
func verdicts(c Case, r *report.Report, err error) [2]Result {
	if err != nil {
		return *failure(c, err)
	}
	return [2]Result{Verdict(c.ID, r.Facts, r.Findings, Strict), Verdict(c.ID, r.Facts, r.Findings, Errors)}
}

func failure(c Case, err error) *[2]Result {
	r := Result{ID: c.ID, Actual: "FAILURE", Context: err.Error()}
	return &[2]Result{r, r}
}

// Config is the engine configuration for a case, what `tlscheck files` would
// run for `--cert peer.pem --untrusted pool.pem --ca trusted.pem --host NAME
// --at TIME --warn-days 0 crl.pem`.
func Config(c Case) (engine.FilesConfig, error) {
	cfg := engine.FilesConfig{
		Checking:      engine.Checking{At: Now().UTC(), WarnDays: 0, Profile: facts.ProfileAuto, Checks: selector()},
		Purpose:       facts.PurposeAny,
		NoSystemRoots: true,
	}
	if c.ValidationTime != nil && *c.ValidationTime != "" {
		t, err := time.Parse(time.RFC3339, *c.ValidationTime)
		if err != nil {
			return cfg, fmt.Errorf("validation_time %q: %v", *c.ValidationTime, err)
		}
		cfg.At = t
	}
	var eku struct{ server, client bool }
	for _, u := range c.ExtendedKeyUsage {
		switch u {
		case "serverAuth":
			eku.server = true
		case "clientAuth":
			eku.client = true
		}
	}
	switch {
	case eku.server && eku.client:
		cfg.Purpose = facts.PurposeBoth
	case eku.server:
		cfg.Purpose = facts.PurposeServer
	case eku.client:
		cfg.Purpose = facts.PurposeClient
	case c.ValidationKind == "SERVER":
		// No usage named: a server is still validated for serverAuth,
		// as Go's harness does (VerifyOptions.KeyUsages defaults to
		// serverAuth); --purpose any would require no usage of the
		// issuers at all.
		cfg.Purpose = facts.PurposeServer
	}
	if c.ValidationKind == "CLIENT" && !eku.server {
		cfg.Purpose = facts.PurposeClient
	}
	names := c.ExpectedPeerNames
	if c.ExpectedPeerName != nil {
		names = append([]Name{*c.ExpectedPeerName}, names...)
	}
	for _, n := range names {
		cfg.Hosts = append(cfg.Hosts, n.Value)
	}
	if c.MaxChainDepth != nil {
		cfg.MaxChainDepth, cfg.HasMaxChainDepth = *c.MaxChainDepth, true
	}
	cfg.Inputs = []engine.Input{{Name: "peer.pem", Role: facts.RoleCert, Data: []byte(c.PeerCertificate)}}
	for i, p := range c.UntrustedIntermediates {
		cfg.Inputs = append(cfg.Inputs, engine.Input{Name: fmt.Sprintf("untrusted-%d.pem", i+1), Role: facts.RolePool, Data: []byte(p)})
	}
	for i, p := range c.CRLs {
		cfg.Inputs = append(cfg.Inputs, engine.Input{Name: fmt.Sprintf("crl-%d.pem", i+1), Data: []byte(p)})
	}
	for i, p := range c.TrustedCerts {
		cfg.Inputs = append(cfg.Inputs, engine.Input{Name: fmt.Sprintf("trusted-%d.pem", i+1), Role: facts.RoleCA, Data: []byte(p)})
	}
	return cfg, nil
}

// Verdict turns findings into a result: FAILURE when a finding at or above
// the mode's severity concerns the peer certificate or its path.
func Verdict(id string, f *facts.Facts, findings []checks.Finding, mode Mode) Result {
	min := checks.Warning
	if mode == Errors {
		min = checks.Error
	}
	relevant := relevantCerts(f)
	var why []string
	seen := map[string]bool{}
	for _, fd := range findings {
		if fd.Severity < min || !concerns(fd, relevant) {
			continue
		}
		if !seen[fd.ID] {
			seen[fd.ID] = true
			why = append(why, fd.ID+": "+oneLine(fd.Message))
		}
	}
	if len(why) == 0 {
		return Result{ID: id, Actual: "SUCCESS", Context: "no error or warning about the path or the peer"}
	}
	sort.Strings(why)
	return Result{ID: id, Actual: "FAILURE", Context: strings.Join(why, " | ")}
}

// relevantCerts are the fingerprints of the peer and every certificate on
// its built path, and the input files they came from.
func relevantCerts(f *facts.Facts) map[string]bool {
	rel := map[string]bool{"peer.pem": true}
	for _, c := range f.Certs {
		if c.Source.File == "peer.pem" {
			rel[c.Fingerprint()] = true
		}
	}
	for _, ch := range paths.Chains(f) {
		for _, c := range ch.Path {
			rel[c.Fingerprint()] = true
			rel[c.Source.File] = true
		}
	}
	return rel
}

// concerns reports whether a finding is about the path or the peer: the
// chain, host and client families always are; others when their evidence
// names a relevant certificate or file.
func concerns(fd checks.Finding, rel map[string]bool) bool {
	switch strings.SplitN(fd.ID, ".", 2)[0] {
	case "chain", "host", "client", "crl":
		return true
	}
	if fp := fd.Evidence[checks.EvidenceSHA256]; fp != "" {
		return rel[fp]
	}
	if file := fd.Evidence[checks.EvidenceFile]; file != "" {
		return rel[file]
	}
	return rel[fd.Subject]
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// RunAll judges every case on every core, in input order.
func RunAll(cases []Case, mode Mode) []Result {
	var out []Result
	for _, both := range JudgeAll(cases) {
		out = append(out, both[mode])
	}
	return out
}

// JudgeAll is Judge over every case, in input order: the cases the engine
// runs go through one streamed engine.FilesAll batch, on every core.
func JudgeAll(cases []Case) [][2]Result {
	out := make([][2]Result, len(cases))
	var cfgs []engine.FilesConfig
	var ran []int // the case of each of cfgs
	for i, c := range cases {
		cfg, early := prepare(c)
		if early != nil {
			out[i] = *early
			continue
		}
		cfgs = append(cfgs, cfg)
		ran = append(ran, i)
	}
	// Streamed: each report becomes its two verdicts as it finishes and is
	// dropped, so memory does not grow with the suite.
	engine.FilesAll(context.Background(), cfgs, engine.Batch{Stream: true, Progress: func(_, _ int, r engine.Result) {
		i := ran[r.Index]
		out[i] = verdicts(cases[i], r.Report, r.Err)
	}})
	return out
}
