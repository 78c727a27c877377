package cert

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestEKUMissing(t *testing.T) {
	root := certgen.Root("Root")
	none := certgen.Leaf("none.example", root, certgen.EKU())
	anyEKU := certgen.Leaf("any.example", root, certgen.EKU(x509.ExtKeyUsageAny))
	v1 := certgen.Leaf("v1.example", nil, certgen.V1())
	for _, c := range []*certgen.Cert{none, anyEKU, v1} {
		got := wantN(t, newFacts(fc(c, "server.pem", 0, facts.RoleAuto)), "cert.eku-missing", 1)
		wantContains(t, got[0].Fix, "extendedKeyUsage=serverAuth")
	}
	good := certgen.Leaf("good.example", root)
	wantN(t, newFacts(fc(good, "server.pem", 0, facts.RoleAuto)), "cert.eku-missing", 0)
	// A client certificate is not asked for serverAuth.
	f := newFacts(fc(certgen.ClientLeaf("client", root, certgen.EKU()), "client.pem", 0, facts.RoleAuto))
	f.Options.Purpose = facts.PurposeClient
	wantN(t, f, "cert.eku-missing", 0)
}
