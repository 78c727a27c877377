package client

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestCANotCA(t *testing.T) {
	ca := certgen.Root("Client CA")
	device := certgen.ClientLeaf("device1", ca)
	f := newFacts()
	clientCA(f, device)
	wantFindings(t, run(t, f, "client.ca-not-ca"), 1,
		"client CA file client-ca.pem holds 'CN=device1' at position 1, which is not a CA (basicConstraints is CA:FALSE)",
		"its issuer 'CN=Client CA'")
}

func TestCANotCAClean(t *testing.T) {
	f := newFacts()
	clientCA(f, certgen.Root("Client CA"), certgen.Root("Old CA", certgen.V1()))
	wantFindings(t, run(t, f, "client.ca-not-ca"), 0)
}
