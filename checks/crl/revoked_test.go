package crl

import (
	"math/big"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestRevoked(t *testing.T) {
	root := certgen.Root("CRL Root")
	inter := certgen.Intermediate("CRL Issuing CA", root)
	leaf := certgen.Leaf("revoked.example", inter)
	next := now.AddDate(0, 0, 7)

	got := run(t, chainFacts(leaf, inter, root, makeCRL(t, inter, []*big.Int{leaf.X509.SerialNumber}, next)), "crl.revoked")
	if len(got) != 1 || !strings.Contains(got[0].Message, "revoked") {
		t.Fatalf("leaf on its issuer's CRL: want one crl.revoked, got %+v", got)
	}
	// The intermediate revoked by the root.
	got = run(t, chainFacts(leaf, inter, root, makeCRL(t, root, []*big.Int{inter.X509.SerialNumber}, next)), "crl.revoked")
	if len(got) != 1 || got[0].Subject != "CN=CRL Issuing CA" {
		t.Fatalf("intermediate on the root's CRL: %+v", got)
	}
	// Not listed; listed by a different CA (same serial); a stale CRL is crl.invalid's.
	other := certgen.Root("Other CA")
	for name, crl := range map[string]*facts.CRL{
		"not listed":      makeCRL(t, inter, []*big.Int{big.NewInt(424242)}, next),
		"other issuer":    makeCRL(t, other, []*big.Int{leaf.X509.SerialNumber}, next),
		"stale, not used": makeCRL(t, inter, []*big.Int{leaf.X509.SerialNumber}, now.AddDate(0, 0, -1)),
	} {
		if got := run(t, chainFacts(leaf, inter, root, crl), "crl.revoked"); len(got) != 0 {
			t.Errorf("%s: want no crl.revoked, got %+v", name, got)
		}
	}
}
