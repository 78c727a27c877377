package csr

import (
	"crypto/x509"
	"net"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestNoSAN(t *testing.T) {
	k := certgen.NewKey("p256")
	cnOnly := makeCSR(t, k, "server.csr", nil)
	got := wantN(t, newFacts(cnOnly), "csr.no-san", 1)
	wantContains(t, got[0].Message, "CN=host.example", "no subjectAltName")
	wantContains(t, got[0].Fix, "-subj /CN=host.example", "-addext subjectAltName=DNS:host.example")

	withDNS := makeCSR(t, k, "a.csr", func(r *x509.CertificateRequest) { r.DNSNames = []string{"host.example"} })
	withIP := makeCSR(t, k, "b.csr", func(r *x509.CertificateRequest) { r.IPAddresses = []net.IP{net.ParseIP("10.1.2.3")} })
	wantN(t, newFacts(withDNS, withIP), "csr.no-san", 0)
}
