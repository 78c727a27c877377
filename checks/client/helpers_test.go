package client

import (
	"github.com/tlscheck/tlscheck/checks/checktest"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func clientCA(f *facts.Facts, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.ClientCAs = append(f.ClientCAs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "client-ca.pem", Index: i, Role: facts.RoleClientCA}})
	}
}

// The shared test helpers, under the names this package's tests use.
var (
	newFacts     = checktest.EmptyFacts
	in           = checktest.In
	run          = checktest.Findings
	wantFindings = checktest.WantFindings
)
