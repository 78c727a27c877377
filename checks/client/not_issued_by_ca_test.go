package client

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNotIssuedByCA(t *testing.T) {
	ca := certgen.Root("Client CA")
	other := certgen.Root("Other CA")
	device := certgen.ClientLeaf("device1", other)
	f := newFacts()
	in(f, "device1.pem", facts.RoleAuto, device)
	clientCA(f, ca)
	wantFindings(t, run(t, f, "client.not-issued-by-ca"), 1,
		"client certificate 'CN=device1' is issued by 'CN=Other CA'", "client CA 'CN=Client CA' in client-ca.pem",
		"mosquitto with require_certificate true")
}

func TestNotIssuedByCAClean(t *testing.T) {
	ca := certgen.Root("Client CA")
	inter := certgen.Intermediate("Device Issuing CA", ca)
	device := certgen.ClientLeaf("device1", inter)
	// A public-style server certificate with serverAuth and clientAuth is
	// the server's own, not a client certificate.
	server := certgen.Leaf("mqtt.example.com", certgen.Root("Public Root"),
		certgen.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth))
	f := newFacts()
	in(f, "device1.pem", facts.RoleAuto, device, inter)
	in(f, "server.pem", facts.RoleAuto, server)
	clientCA(f, ca)
	wantFindings(t, run(t, f, "client.not-issued-by-ca"), 0)
}
