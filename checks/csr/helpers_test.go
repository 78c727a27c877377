package csr

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
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

func run(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(f, sel) {
		if r.Check.ID == id {
			for _, fd := range r.Findings {
				if fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
					t.Errorf("incomplete finding: %+v", fd)
				}
			}
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatalf("check %s not registered", id)
	return nil, ""
}

func wantN(t *testing.T, f *facts.Facts, id string, n int) []checks.Finding {
	t.Helper()
	got, _ := run(t, f, id)
	if len(got) != n {
		t.Fatalf("%s: got %d findings, want %d: %+v", id, len(got), n, got)
	}
	return got
}

func wantContains(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}
