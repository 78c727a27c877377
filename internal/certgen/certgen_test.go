package certgen

import (
	"crypto/x509"
	"math/big"
	"testing"
)

func TestChainVerifies(t *testing.T) {
	root := Root("Test Root")
	inter := Intermediate("Test Intermediate", root)
	leaf := Leaf("example.test", inter)
	roots := x509.NewCertPool()
	roots.AddCert(root.X509)
	inters := x509.NewCertPool()
	inters.AddCert(inter.X509)
	_, err := leaf.X509.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inters, DNSName: "example.test", CurrentTime: Epoch.AddDate(0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
}

func TestV1AndWeakSignatures(t *testing.T) {
	root := Root("Root")
	v1 := Leaf("v1.test", nil, V1())
	if v1.X509.Version != 1 || len(v1.X509.Extensions) != 0 {
		t.Fatalf("version %d, %d extensions; want v1 without extensions", v1.X509.Version, len(v1.X509.Extensions))
	}
	if err := v1.X509.CheckSignatureFrom(v1.X509); err == nil {
		// v1 certificates are not CAs for Go, so CheckSignatureFrom refuses; check raw.
	}
	if err := v1.X509.CheckSignature(v1.X509.SignatureAlgorithm, v1.X509.RawTBSCertificate, v1.X509.Signature); err != nil {
		t.Fatalf("v1 self-signature: %v", err)
	}
	for _, alg := range []x509.SignatureAlgorithm{x509.SHA1WithRSA, x509.MD5WithRSA} {
		c := Leaf("weak.test", root, SigAlg(alg))
		if c.X509.SignatureAlgorithm != alg {
			t.Fatalf("got %v want %v", c.X509.SignatureAlgorithm, alg)
		}
	}
	ec := Root("EC Root", KeyType("p256"))
	c := Leaf("weak-ec.test", ec, SigAlg(x509.ECDSAWithSHA1))
	if c.X509.SignatureAlgorithm != x509.ECDSAWithSHA1 {
		t.Fatalf("got %v", c.X509.SignatureAlgorithm)
	}
}

func TestNewCRL(t *testing.T) {
	root := Root("CRL Gen Root")
	good := NewCRL(root, Revoke(big.NewInt(7)), IDP(IDPScope{OnlyCACerts: true}), Delta(1),
		EntryExtension("1.2.3.4", true, []byte{0x05, 0x00}))
	if err := good.X509.CheckSignatureFrom(root.X509); err != nil {
		t.Fatalf("good CRL: %v", err)
	}
	var critical int
	for _, e := range good.X509.Extensions {
		if e.Critical {
			critical++
		}
	}
	if critical != 2 || len(good.X509.RevokedCertificateEntries[0].Extensions) != 1 {
		t.Errorf("extensions: %+v", good.X509.Extensions)
	}
	if bad := NewCRL(root, BadSignature()); bad.X509.CheckSignatureFrom(root.X509) == nil {
		t.Error("BadSignature CRL verifies")
	}
}
