package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCNNotInSAN(t *testing.T) {
	root := certgen.Root("Root")
	bad := []*certgen.Cert{
		certgen.Leaf("EXAMPLE.com", root, certgen.DNS("example.com")),
		certgen.Leaf("0x7f000001", root, certgen.DNS(), certgen.IP("127.0.0.1")),
		certgen.Leaf("127.000.000.001", root, certgen.DNS(), certgen.IP("127.0.0.1")),
	}
	for _, c := range bad {
		got := wantN(t, newFacts(fc(c, "server.pem", 0, facts.RoleAuto)), "cert.cn-not-in-san", 1)
		wantContains(t, got[0].Message, c.X509.Subject.CommonName, "not one of its SANs", "spelled differently")
		if got[0].Severity != checks.Warning {
			t.Errorf("%s: severity %v, want warning", c.X509.Subject.CommonName, got[0].Severity)
		}
	}
	// An unrelated host name in the CN is only worth knowing.
	other := certgen.Leaf("other.example", root, certgen.DNS("www.example"))
	got := wantN(t, newFacts(fc(other, "server.pem", 0, facts.RoleAuto)), "cert.cn-not-in-san", 1)
	if got[0].Severity != checks.Info {
		t.Errorf("unrelated CN: severity %v, want info", got[0].Severity)
	}
	good := []*certgen.Cert{
		certgen.Leaf("www.example", root),                              // CN repeats the SAN
		certgen.Leaf("MQTT broker", root, certgen.DNS("mqtt.example")), // not a host name
		certgen.Leaf("127.0.0.1", root),                                // IP SAN, same text
		certgen.Leaf("", root, certgen.DNS("nocn.example")),            // no CN at all
	}
	for _, c := range good {
		wantN(t, newFacts(fc(c, "server.pem", 0, facts.RoleAuto)), "cert.cn-not-in-san", 0)
	}
}

// A CSR the user gave for the certificate's key is made again in place
// with the CN one of the SANs, keeping them all.
func TestCNNotInSANFixUsesGivenCSR(t *testing.T) {
	other := certgen.Leaf("other.example", certgen.Root("R"), certgen.DNS("www.example", "api.example"))
	f := newFacts(fc(other, "server.pem", 0, facts.RoleAuto))
	f.CSRs = []*facts.CSR{csrFact(other.Key, "other.example", "req/www.csr")}
	got := wantN(t, f, "cert.cn-not-in-san", 1)
	wantGivenCSR(t, got[0].Fix, "req/www.csr", "/CN=www.example", "subjectAltName=DNS:www.example,DNS:api.example")
}
