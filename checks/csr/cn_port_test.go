package csr

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestCNPort(t *testing.T) {
	k := certgen.NewKey("p256")
	withPort := makeCSR(t, k, "server.csr", func(r *x509.CertificateRequest) { r.Subject.CommonName = "broker.example.com:8883" })
	got := wantN(t, newFacts(withPort), "csr.cn-port", 1)
	wantContains(t, got[0].Message, "CN=broker.example.com:8883", `expected "broker.example.com"`)
	wantContains(t, got[0].Fix, "-subj /CN=broker.example.com ", "subjectAltName=DNS:broker.example.com")

	clean := makeCSR(t, k, "ok.csr", func(r *x509.CertificateRequest) { r.DNSNames = []string{"broker.example.com"} })
	wantN(t, newFacts(clean), "csr.cn-port", 0)
}
