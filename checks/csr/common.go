package csr

import (
	"crypto"
	"regexp"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

var portRE = regexp.MustCompile(`^([^:]+):([0-9]{1,5})$`)

// name is how a CSR is called in messages: "CSR for CN=x in server.csr #1".
func name(r *facts.CSR) string {
	if r.X509 != nil && r.X509.Subject.CommonName != "" {
		return "CN=" + r.X509.Subject.CommonName
	}
	if r.X509 != nil {
		return checks.DN(r.X509.Subject)
	}
	return "CSR in " + checks.Where(r.Source)
}

func evidence(r *facts.CSR) map[string]string {
	ev := map[string]string{}
	if r.X509 != nil {
		ev["subject"] = checks.DN(r.X509.Subject)
		ev["signature_algorithm"] = r.X509.SignatureAlgorithm.String()
	}
	checks.AddLocation(ev, r.Source)
	return ev
}

// keyFor names the input key file the CSR was made with, or "key.pem".
func keyFor(f *facts.Facts, r *facts.CSR) string {
	if r.X509 != nil {
		for _, k := range f.Keys {
			if eq, ok := k.Public.(interface{ Equal(crypto.PublicKey) bool }); ok && eq.Equal(r.X509.PublicKey) && k.Source.File != "-" {
				return checks.ShellQuote(k.Source.File)
			}
		}
	}
	return "key.pem"
}

func outFile(r *facts.CSR) string {
	if r.Source.File == "" || r.Source.File == "-" {
		return "server.csr"
	}
	return checks.ShellQuote(r.Source.File)
}
