package cert

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestEKU(t *testing.T) {
	root := certgen.Root("R")
	clientOnly := certgen.Leaf("server.example", root, certgen.EKU(x509.ExtKeyUsageClientAuth))
	f := newFacts(bundle("server.pem", facts.RoleCert, clientOnly)...)
	got := wantN(t, f, "cert.eku", 1)
	wantContains(t, got[0].Message, "[clientAuth]", "missing serverAuth")
	wantContains(t, got[0].Fix, "extendedKeyUsage=serverAuth")

	serverOnly := certgen.Leaf("server.example", root)
	f = newFacts(bundle("server.pem", facts.RoleAuto, serverOnly)...)
	wantN(t, f, "cert.eku", 0)
	f.Options.Purpose = facts.PurposeBoth // NATS cluster routes
	got = wantN(t, f, "cert.eku", 1)
	wantContains(t, got[0].Message, "missing clientAuth")
	f.Options.Purpose = facts.PurposeClient
	wantN(t, f, "cert.eku", 1)

	both := certgen.Leaf("route.example", root, certgen.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth))
	f = newFacts(bundle("route.pem", facts.RoleAuto, both)...)
	f.Options.Purpose = facts.PurposeBoth
	wantN(t, f, "cert.eku", 0)
}

func TestEKUAnyAndAbsent(t *testing.T) {
	root := certgen.Root("R")
	anyEKU := certgen.Leaf("a.example", root, certgen.EKU(x509.ExtKeyUsageAny))
	none := certgen.Leaf("b.example", root, certgen.EKU())
	for _, purpose := range []string{facts.PurposeServer, facts.PurposeClient, facts.PurposeBoth} {
		f := newFacts(append(bundle("a.pem", facts.RoleAuto, anyEKU), bundle("b.pem", facts.RoleAuto, none)...)...)
		f.Options.Purpose = purpose
		wantN(t, f, "cert.eku", 0)
	}
}

func TestEKUClientCA(t *testing.T) {
	clientCA := certgen.Root("Client CA")
	// Issued by the client CA but only good for servers.
	wrong := certgen.Leaf("alice", clientCA)
	f := newFacts(bundle("alice.pem", facts.RoleAuto, wrong)...)
	f.ClientCAs = []*facts.Cert{fc(clientCA, "client-ca.pem", 0, facts.RoleClientCA)}
	got := wantN(t, f, "cert.eku", 1)
	wantContains(t, got[0].Message, "missing clientAuth", "--client-ca CN=Client CA")

	right := certgen.ClientLeaf("bob", clientCA)
	f = newFacts(bundle("bob.pem", facts.RoleAuto, right)...)
	f.ClientCAs = []*facts.Cert{fc(clientCA, "client-ca.pem", 0, facts.RoleClientCA)}
	wantN(t, f, "cert.eku", 0)
}

func TestEKUMutualTLSDirectory(t *testing.T) {
	ca := certgen.Root("Own CA")
	server := certgen.Leaf("mqtt.example", ca)
	client := certgen.ClientLeaf("device-1", ca)
	f := newFacts(append(bundle("server.pem", facts.RoleAuto, server), bundle("client.pem", facts.RoleAuto, client)...)...)
	wantN(t, f, "cert.eku", 0)
}
