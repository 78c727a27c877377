package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCNOnly(t *testing.T) {
	noSAN := certgen.Leaf("broker.example.com", nil, certgen.DNS())
	f := newFacts(bundle("server.pem", facts.RoleAuto, noSAN)...)
	got := wantN(t, f, "cert.cn-only", 1)
	wantContains(t, got[0].Message, `CN="broker.example.com"`, "no subjectAltName")
	wantContains(t, got[0].Fix, "-addext subjectAltName=DNS:broker.example.com")

	// The CN stays in the SAN the fix proposes, beside the host asked for.
	localhost := certgen.Leaf("localhost", nil, certgen.DNS())
	f = newFacts(bundle("cert.pem", facts.RoleAuto, localhost)...)
	f.Options.Hosts = []string{"127.0.0.1"}
	got = wantN(t, f, "cert.cn-only", 1)
	wantContains(t, got[0].Fix, "subjectAltName=DNS:localhost,IP:127.0.0.1")

	// v1 certificates have no SAN either.
	v1 := certgen.Leaf("crossbar.example", nil, certgen.V1())
	wantN(t, newFacts(bundle("v1.pem", facts.RoleAuto, v1)...), "cert.cn-only", 1)

	withSAN := certgen.Leaf("broker.example.com", nil)
	wantN(t, newFacts(bundle("ok.pem", facts.RoleAuto, withSAN)...), "cert.cn-only", 0)

	// IP-only SAN is a SAN.
	ipOnly := certgen.Leaf("10.0.0.1", nil)
	wantN(t, newFacts(bundle("ip.pem", facts.RoleAuto, ipOnly)...), "cert.cn-only", 0)
}

func TestCNOnlyIgnoresClientCertificates(t *testing.T) {
	ca := certgen.Root("Client CA")
	client := certgen.ClientLeaf("alice", ca)
	f := newFacts(bundle("alice.pem", facts.RoleAuto, client)...)
	f.ClientCAs = []*facts.Cert{fc(ca, "clients-ca.pem", 0, facts.RoleClientCA)}
	wantN(t, f, "cert.cn-only", 0)

	f = newFacts(bundle("alice.pem", facts.RoleAuto, client)...)
	f.Options.Purpose = facts.PurposeClient
	wantN(t, f, "cert.cn-only", 0)

	// Server + client certificate in one mTLS directory: only the server counts.
	server := certgen.Leaf("mqtt.example", ca, certgen.DNS())
	f = newFacts(append(bundle("server.pem", facts.RoleAuto, server), bundle("client.pem", facts.RoleAuto, client)...)...)
	got := wantN(t, f, "cert.cn-only", 1)
	wantContains(t, got[0].Subject, "CN=mqtt.example")
}

// The message names who refuses a CN-only certificate and who accepts it:
// OpenSSL falls back to the CN (`openssl verify -verify_hostname` says OK).
func TestCNOnlySaysWhoAccepts(t *testing.T) {
	noSAN := certgen.Leaf("broker.example.com", nil, certgen.DNS())
	got := wantN(t, newFacts(bundle("server.pem", facts.RoleAuto, noSAN)...), "cert.cn-only", 1)
	wantContains(t, got[0].Message, "browsers, Go and Apple platforms ignore", "OpenSSL-based clients (curl, mosquitto, Python's ssl) fall back to it and accept")
	wantContains(t, CNOnly.Doc, "X509_CHECK_FLAG_NEVER_CHECK_SUBJECT", "OpenSSL still falls back")
}

// A CSR the user gave for the certificate's key is made again in place
// with the SAN, and is the one the signing command reads.
func TestCNOnlyFixUsesGivenCSR(t *testing.T) {
	noSAN := certgen.Leaf("broker.example.com", certgen.Root("R"), certgen.DNS())
	f := newFacts(bundle("server.pem", facts.RoleAuto, noSAN)...)
	f.CSRs = []*facts.CSR{csrFact(noSAN.Key, "broker.example.com", "req/broker.csr")}
	got := wantN(t, f, "cert.cn-only", 1)
	wantGivenCSR(t, got[0].Fix, "req/broker.csr", "subjectAltName=DNS:broker.example.com", "-in req/broker.csr")
}
