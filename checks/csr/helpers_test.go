package csr

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// makeCSR builds a request signed by k; edit may change the template.
func makeCSR(t *testing.T, k crypto.Signer, file string, edit func(*x509.CertificateRequest)) *facts.CSR {
	t.Helper()
	tmpl := &x509.CertificateRequest{Subject: pkix.Name{CommonName: "host.example"}}
	if edit != nil {
		edit(tmpl)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, k)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSR(t, der, file)
}

func parseCSR(t *testing.T, der []byte, file string) *facts.CSR {
	t.Helper()
	x, err := x509.ParseCertificateRequest(der)
	if err != nil {
		t.Fatal(err)
	}
	r := &facts.CSR{Raw: der, X509: x, Source: facts.Source{File: file}}
	if err := x.CheckSignature(); err != nil {
		r.SignatureError = err.Error()
	}
	return r
}

func newFacts(csrs ...*facts.CSR) *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch, Options: facts.Options{Purpose: facts.PurposeServer}, CSRs: csrs}
}

// The shared runners, under the names this package's tests use.
var (
	run          = checktest.Run
	wantN        = checktest.WantN
	wantContains = checktest.WantContains
)
