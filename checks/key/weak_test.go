package key

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestWeakPrivateKeys(t *testing.T) {
	cases := []struct {
		key  string
		want int
	}{
		{"rsa1024", 1}, {"p224", 1}, {"rsa2048", 0}, {"p256", 0}, {"p384", 0}, {"p521", 0}, {"ed25519", 0},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			f := newFacts()
			f.Keys = []*facts.Key{keyFact(certgen.NewKey(tc.key), "key.pem", facts.RoleAuto)}
			got := wantN(t, f, "key.weak", tc.want)
			if tc.want > 0 {
				wantContains(t, got[0].Fix, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem", "rsa_keygen_bits:3072")
			}
		})
	}
	f := newFacts()
	f.Keys = []*facts.Key{{Source: facts.Source{File: "dsa.pem"}, Type: "DSA", Bits: 2048}}
	got := wantN(t, f, "key.weak", 1)
	wantContains(t, got[0].Message, "DSA")
}

func TestWeakCertificateKeys(t *testing.T) {
	root := certgen.Root("R")
	inter := certgen.Intermediate("Weak Intermediate", root, certgen.KeyType("rsa1024"))
	leaf := certgen.Leaf("weak.example", inter, certgen.KeyType("rsa1024"))
	f := newFacts(bundle("fullchain.pem", facts.RoleAuto, leaf, inter)...)
	// The leaf's private key is reported once, with its certificate.
	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleAuto)}
	got := wantN(t, f, "key.weak", 2)
	for _, fd := range got {
		wantContains(t, fd.Message, "RSA 1024 bits is below the 2048-bit minimum")
		if fd.Subject == "CN=weak.example" && fd.Evidence["private_key_file"] != "key.pem" {
			t.Errorf("evidence %v", fd.Evidence)
		}
	}

	good := certgen.Leaf("good.example", root)
	wantN(t, newFacts(bundle("good.pem", facts.RoleAuto, good)...), "key.weak", 0)

	// An OS-store root is not ours to judge.
	f = newFacts()
	f.Roots = []*facts.Cert{fc(certgen.Root("Old", certgen.KeyType("rsa1024")), "", 0, facts.RoleSystem)}
	wantN(t, f, "key.weak", 0)
}

func TestWeakRSANotMultipleOf8(t *testing.T) {
	if got := weakness("RSA", 2052, ""); !strings.Contains(got, "multiple of 8") {
		t.Errorf("RSA 2052: %q", got)
	}
	if got := weakness("RSA", 2048, ""); got != "" {
		t.Errorf("RSA 2048: %q", got)
	}
}
