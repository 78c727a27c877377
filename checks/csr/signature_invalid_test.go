package csr

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestSignatureInvalid(t *testing.T) {
	k := certgen.NewKey("p256")
	good := makeCSR(t, k, "server.csr", nil)
	if _, na := run(t, newFacts(), "csr.signature-invalid"); na == "" {
		t.Error("want not applicable without CSRs")
	}
	wantN(t, newFacts(good), "csr.signature-invalid", 0)

	// Corrupt the last byte of the signature, as a bad copy would.
	der := append([]byte(nil), good.Raw...)
	der[len(der)-1] ^= 0xff
	bad := parseCSR(t, der, "broken.csr")
	if bad.SignatureError == "" {
		t.Fatal("tampered CSR still verifies")
	}
	got := wantN(t, newFacts(bad), "csr.signature-invalid", 1)
	wantContains(t, got[0].Message, "broken.csr #1", "does not verify")
	wantContains(t, got[0].Fix, "openssl req -new", "openssl req -verify -noout -in broken.csr")
}
