package cert

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// akiExt is an authorityKeyIdentifier extension with the given fields (nil
// fields are left out).
func akiExt(t *testing.T, keyID []byte, issuer *pkix.Name, serial *big.Int) certgen.Option {
	t.Helper()
	type generalName struct {
		Dir asn1.RawValue
	}
	var v struct {
		KeyID  []byte        `asn1:"optional,tag:0"`
		Issuer asn1.RawValue `asn1:"optional,tag:1"`
		Serial *big.Int      `asn1:"optional,tag:2"`
	}
	v.KeyID = keyID
	v.Serial = serial
	if issuer != nil {
		name, err := asn1.Marshal(issuer.ToRDNSequence())
		if err != nil {
			t.Fatal(err)
		}
		dir, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: name})
		if err != nil {
			t.Fatal(err)
		}
		v.Issuer = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: dir}
	}
	der, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return certgen.Template(func(c *x509.Certificate) {
		c.ExtraExtensions = append(c.ExtraExtensions, pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 35}, Value: der})
	})
}

func TestAKIMismatch(t *testing.T) {
	key := certgen.NewKey("")
	ski := certgen.Root("probe", certgen.Key(key)).X509.SubjectKeyId

	// The key identifier names another key.
	wrongID := certgen.Root("Wrong Keyid Root", certgen.Key(key), akiExt(t, []byte{1, 2, 3, 4}, nil, nil))
	got := wantN(t, newFacts(fc(wrongID, "ca.pem", 0, facts.RoleCA)), "cert.aki-mismatch", 1)
	wantContains(t, got[0].Message, "CN=Wrong Keyid Root", "01:02:03:04", facts.ColonHex(ski), "unable to get issuer certificate", "expected")
	wantContains(t, got[0].Fix, "authorityKeyIdentifier=keyid:always", "-subj '/CN=Wrong Keyid Root'", "ca.pem")
	if got[0].Evidence["aki_keyid"] != "01:02:03:04" {
		t.Errorf("evidence: %v", got[0].Evidence)
	}

	// Issuer name and serial number of some other certificate.
	other := pkix.Name{CommonName: "Some Other CA"}
	wrongIssuer := certgen.Root("Wrong Issuer Root", certgen.Serial(77), akiExt(t, nil, &other, big.NewInt(5)))
	got = wantN(t, newFacts(fc(wrongIssuer, "ca.pem", 0, facts.RoleCA)), "cert.aki-mismatch", 1)
	wantContains(t, got[0].Message, "serial number 0x5 is not its own serial number 0x4d", `AKI issuer name "CN=Some Other CA" is not its own name "CN=Wrong Issuer Root"`)
	if got[0].Evidence["aki_issuer"] != "CN=Some Other CA" {
		t.Errorf("evidence: %v", got[0].Evidence)
	}

	// An AKI that describes the root itself, in every field, is fine.
	self := pkix.Name{CommonName: "Consistent Root"}
	good := certgen.Root("Consistent Root", certgen.Key(key), certgen.Serial(9), akiExt(t, ski, &self, big.NewInt(9)))
	wantN(t, newFacts(fc(good, "ca.pem", 0, facts.RoleCA)), "cert.aki-mismatch", 0)

	// No AKI at all: nothing to compare.
	if _, na := run(t, newFacts(fc(certgen.Root("Plain Root"), "ca.pem", 0, facts.RoleCA)), "cert.aki-mismatch"); na == "" {
		t.Error("a root without an AKI: want not applicable")
	}
	// An intermediate's AKI names its issuer, not itself.
	inter := certgen.Intermediate("Inter", wrongID)
	wantN(t, newFacts(fc(inter, "inter.pem", 0, facts.RoleCert)), "cert.aki-mismatch", 0)
}

// TestAKIMismatchOpenSSL confirms what the finding says with the real
// openssl: a leaf under the mismatched root fails `openssl verify` with
// "unable to get issuer certificate", and the same root re-issued the way
// the fix says (same key and subject) verifies the very same leaf.
func TestAKIMismatchOpenSSL(t *testing.T) {
	checktest.NeedTools(t, "openssl")
	key := certgen.NewKey("")
	bad := certgen.Root("AKI Test Root", certgen.Key(key), akiExt(t, []byte{9, 9, 9, 9}, nil, nil))
	leaf := certgen.Leaf("server.example", bad, certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch.AddDate(50, 0, 0)))
	fixed := certgen.Root("AKI Test Root", certgen.Key(key))

	write := checktest.TempWriter(t)
	leafPath := write("leaf.pem", leaf.PEM())
	verify := func(root *certgen.Cert) (string, error) {
		out, err := exec.Command("openssl", "verify", "-attime", "1767225600", "-CAfile", write("root.pem", root.PEM()), leafPath).CombinedOutput()
		return string(out), err
	}
	if out, err := verify(bad); err == nil || !strings.Contains(out, "unable to get issuer certificate") {
		t.Errorf("openssl verify with the mismatched root: err=%v, want \"unable to get issuer certificate\"\n%s", err, out)
	}
	if out, err := verify(fixed); err != nil {
		t.Errorf("openssl verify with the re-issued root: %v\n%s", err, out)
	}
	wantN(t, newFacts(fc(fixed, "ca.pem", 0, facts.RoleCA)), "cert.aki-mismatch", 0)
}
