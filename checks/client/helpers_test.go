package client

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func newFacts() *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch.AddDate(0, 0, 10), Options: facts.Options{Purpose: facts.PurposeServer, Profile: facts.ProfileAuto}}
}

func in(f *facts.Facts, file string, role facts.Role, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Certs = append(f.Certs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: i, Role: role}})
	}
}

func clientCA(f *facts.Facts, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.ClientCAs = append(f.ClientCAs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "client-ca.pem", Index: i, Role: facts.RoleClientCA}})
	}
}

func run(t *testing.T, f *facts.Facts, id string) []checks.Finding {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	return checks.Findings(checks.Run(f, sel))
}

func wantFindings(t *testing.T, got []checks.Finding, n int, substrs ...string) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d findings, want %d: %+v", len(got), n, got)
	}
	for _, s := range substrs {
		found := false
		for _, fd := range got {
			if strings.Contains(fd.Message, s) || strings.Contains(fd.Fix, s) {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding mentions %q: %+v", s, got)
		}
	}
}
