package crl

import (
	"crypto/x509"
	"math/big"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestInvalid(t *testing.T) {
	root := certgen.Root("CRL Root")
	inter := certgen.Intermediate("CRL Issuing CA", root)
	leaf := certgen.Leaf("crl.example", inter)

	// Stale: nextUpdate before the check time.
	got := run(t, chainFacts(leaf, inter, root, makeCRL(t, inter, nil, now.AddDate(0, 0, -1))), "crl.invalid")
	if len(got) != 1 || !strings.Contains(got[0].Message, "stale") {
		t.Fatalf("stale CRL: %+v", got)
	}
	// An issuer whose keyUsage lacks cRLSign may not sign CRLs.
	noCRLSign := certgen.Intermediate("No CRLSign CA", root, certgen.KU(x509.KeyUsageCertSign))
	leaf2 := certgen.Leaf("crl2.example", noCRLSign)
	got = run(t, chainFacts(leaf2, noCRLSign, root, makeCRL(t, noCRLSign, []*big.Int{leaf2.X509.SerialNumber}, now.AddDate(0, 0, 7))), "crl.invalid")
	if len(got) != 1 || !strings.Contains(got[0].Message, "cRLSign") {
		t.Fatalf("issuer without cRLSign: %+v", got)
	}
	// ... and its revocation entry is not trusted either.
	if got := run(t, chainFacts(leaf2, noCRLSign, root, makeCRL(t, noCRLSign, []*big.Int{leaf2.X509.SerialNumber}, now.AddDate(0, 0, 7))), "crl.revoked"); len(got) != 0 {
		t.Errorf("revocation from an unusable CRL was believed: %+v", got)
	}
	// A current CRL from an allowed issuer is fine.
	if got := run(t, chainFacts(leaf, inter, root, makeCRL(t, inter, nil, now.AddDate(0, 0, 7))), "crl.invalid"); len(got) != 0 {
		t.Errorf("good CRL: %+v", got)
	}
}
