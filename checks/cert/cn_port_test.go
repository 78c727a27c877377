package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCNPort(t *testing.T) {
	withPort := certgen.Leaf("broker.example.com:8883", nil)
	f := newFacts(bundle("server.pem", facts.RoleAuto, withPort)...)
	got := wantN(t, f, "cert.cn-port", 1)
	wantContains(t, got[0].Message, "CN=broker.example.com:8883", "DNS:broker.example.com:8883", `expected "broker.example.com"`)
	wantContains(t, got[0].Fix, "/CN=broker.example.com ", "subjectAltName=DNS:broker.example.com")

	sanOnly := certgen.Leaf("broker.example.com", nil, certgen.DNS("broker.example.com", "alt.example.com:443"))
	got = wantN(t, newFacts(bundle("s.pem", facts.RoleAuto, sanOnly)...), "cert.cn-port", 1)
	wantContains(t, got[0].Message, "DNS:alt.example.com:443")

	clean := certgen.Leaf("broker.example.com", nil)
	wantN(t, newFacts(bundle("ok.pem", facts.RoleAuto, clean)...), "cert.cn-port", 0)

	// An IPv6 address is not host:port.
	v6 := certgen.Leaf("::1", nil)
	wantN(t, newFacts(bundle("v6.pem", facts.RoleAuto, v6)...), "cert.cn-port", 0)
}

// A CSR the user gave for the certificate's key is made again in place,
// keeping the names without their port.
func TestCNPortFixUsesGivenCSR(t *testing.T) {
	withPort := certgen.Leaf("broker.example.com:8883", certgen.Root("R"), certgen.DNS("broker.example.com:8883", "alt.example.com"))
	f := newFacts(bundle("server.pem", facts.RoleAuto, withPort)...)
	f.CSRs = []*facts.CSR{csrFact(withPort.Key, "broker.example.com:8883", "req/broker.csr")}
	got := wantN(t, f, "cert.cn-port", 1)
	wantGivenCSR(t, got[0].Fix, "req/broker.csr", "subjectAltName=DNS:broker.example.com,DNS:alt.example.com")
}
