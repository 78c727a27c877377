package proto

import (
	"context"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Hand-built scans: each version accepted (a), refused (r) or not tested (u).
const (
	acc = iota
	ref
	unt
)

var allVersions = []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}

// scanFacts is a scan of scheme://host:port whose six versions, SSL 2.0
// first, have the outcomes given.
func scanFacts(scheme facts.Scheme, port int, outcomes [6]int, ciphers ...facts.AcceptedSuite) *facts.Facts {
	s := &facts.Scan{Ciphers: ciphers, ServerOrder: map[facts.TLSVersion]bool{}}
	for i, v := range allVersions {
		r := facts.VersionResult{Version: v, Tested: outcomes[i] != unt, Offered: outcomes[i] == acc}
		if outcomes[i] == ref {
			r.Refusal = "alert protocol_version"
		}
		if outcomes[i] == unt {
			s.Untested = append(s.Untested, facts.Untested{What: v.String(), Reason: "timed out"})
		}
		s.Versions = append(s.Versions, r)
	}
	return &facts.Facts{Now: certgen.Epoch, Scan: s, Connection: &facts.Connection{Target: "srv:443", Scheme: scheme, Host: "srv", Port: port, Stage: facts.StageDone, Version: facts.VersionTLS12}}
}

// runScan runs check id and returns its findings, gaps and n/a reason.
func runScan(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, []checks.Gap, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			for _, fd := range r.Findings {
				if fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
					t.Errorf("%s: incomplete finding %+v", id, fd)
				}
			}
			return r.Findings, r.NotChecked, r.NotApplicable
		}
	}
	t.Fatalf("%s not registered", id)
	return nil, nil, ""
}
