package csr

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// SignatureInvalid reports CSRs whose self-signature does not verify.
var SignatureInvalid = &checks.Check{
	ID:       "csr.signature-invalid",
	Title:    "CSR signature does not verify",
	Severity: checks.Error,
	Refs:     []string{"RFC 2986 3", "RFC 2986 4.2"},
	Doc: "A PKCS#10 certificate request is signed with the private key whose public half it " +
		"carries (RFC 2986 3): the signature proves the requester holds the key. A request whose " +
		"signature does not verify was corrupted (edited by hand, a truncated copy, bad line " +
		"ends fixed up by an editor) or assembled from parts, and any CA will reject it.",
	Fix:     "Generate the request again from the key: `openssl req -new -key key.pem -subj /CN=host -addext \"subjectAltName=DNS:host\" -out server.csr`; check it with `openssl req -verify -noout -in server.csr`.",
	Applies: []*checks.Scope{checks.CSRs},
	Run:     signatureInvalid,
}

func init() { checks.Register(SignatureInvalid) }

func signatureInvalid(p *checks.Pass) {
	f := p.Facts
	for _, r := range f.CSRs {
		if r.SignatureError == "" {
			continue
		}
		ev := evidence(r)
		ev["error"] = r.SignatureError
		subj := "/CN=host"
		if r.X509 != nil && r.X509.Subject.CommonName != "" {
			subj = "/CN=" + r.X509.Subject.CommonName
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("the certificate request %s in %s has a signature that does not verify (%s); expected a request signed by the key it carries",
				name(r), checks.Where(r.Source), r.SignatureError),
			Subject:  name(r),
			Evidence: ev,
			Fix: fmt.Sprintf("make the request again from the key: `openssl req -new -key %s -subj %s -addext %s -out %s`, then `openssl req -verify -noout -in %s`",
				keyFor(f, r), checks.ShellQuote(subj), checks.ShellQuote("subjectAltName="+sanFor(r)), outFile(r), outFile(r)),
		})
	}
}
