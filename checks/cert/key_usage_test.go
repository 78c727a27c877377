package cert

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestKeyUsage(t *testing.T) {
	root := certgen.Root("R")
	cases := []struct {
		name    string
		key     string
		ku      x509.KeyUsage
		want    int
		message string
	}{
		{"rsa-ds-ke", "rsa2048", x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, 0, ""},
		{"rsa-ds", "rsa2048", x509.KeyUsageDigitalSignature, 0, ""},
		{"ec-ds", "p256", x509.KeyUsageDigitalSignature, 0, ""},
		{"no-ku", "p256", 0, 0, ""},
		{"rsa-ke-only", "rsa2048", x509.KeyUsageKeyEncipherment, 1, "keyEncipherment but not digitalSignature"},
		{"rsa-neither", "rsa2048", x509.KeyUsageDataEncipherment, 1, "neither digitalSignature nor keyEncipherment"},
		{"ec-ke", "p256", x509.KeyUsageKeyEncipherment, 1, "ECDSA P-256 key needs to sign"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			leaf := certgen.Leaf("ku.example", root, certgen.KeyType(tc.key), certgen.KU(tc.ku))
			got := wantN(t, newFacts(bundle("server.pem", facts.RoleAuto, leaf)...), "cert.key-usage", tc.want)
			if tc.want > 0 {
				wantContains(t, got[0].Message, tc.message)
				wantContains(t, got[0].Fix, "digitalSignature")
			}
		})
	}
}
