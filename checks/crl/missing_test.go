package crl

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
)

// TestMissing: crl.missing for a certificate on the path with no CRL from
// its issuer (PKITS 4.4.1), and for a CRL from a CA that issued nothing on
// the path (PKITS 4.4.5), cross-checked against openssl.
func TestMissing(t *testing.T) {
	// Only the intermediate's CRL: nothing covers the intermediate.
	k := newPKI("Missing")
	k.crls = []*certgen.CRL{certgen.NewCRL(k.inter)}
	got := checktest.WantN(t, k.facts(), "crl.missing", 1)
	checktest.WantContains(t, got[0].Message, "CN=Missing Root", "CN=Missing Issuing CA", "unable to get certificate CRL", "mosquitto with crlfile sets only X509_V_FLAG_CRL_CHECK")
	if out := k.openssl(t, "-crl_check_all"); !strings.Contains(out, "unable to get certificate CRL") {
		t.Errorf("openssl -crl_check_all: %s", out)
	}
	if out := k.openssl(t, "-crl_check"); out != "OK" {
		t.Errorf("openssl -crl_check (mosquitto) refuses: %s", out)
	}

	// A CRL from the wrong issuer for the leaf, the root's CRL for the intermediate.
	k = newPKI("Wrong Issuer")
	other := certgen.Root("Unrelated CA")
	k.crls = []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(other)}
	got = checktest.WantN(t, k.facts(), "crl.missing", 1)
	checktest.WantContains(t, got[0].Message, "CN=Unrelated CA, which issued no certificate on the path", "and so does mosquitto")
	if got[0].Subject != "CN=wrong-issuer.example" {
		t.Errorf("subject %q", got[0].Subject)
	}
	checktest.WantN(t, k.facts(), "crl.invalid", 0)
	for _, flag := range []string{"-crl_check_all", "-crl_check"} {
		if out := k.openssl(t, flag); !strings.Contains(out, "unable to get certificate CRL") {
			t.Errorf("openssl %s: %s", flag, out)
		}
	}

	// Both CRLs: covered.
	k = newPKI("Covered Path")
	k.crls = []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter)}
	checktest.WantN(t, k.facts(), "crl.missing", 0)
	if out := k.openssl(t, "-crl_check_all"); out != "OK" {
		t.Errorf("openssl -crl_check_all: %s", out)
	}
}
