package chain

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// wrongAKI sets a leaf's authority key identifier to a key id that is not
// its issuer's subject key identifier.
func wrongAKI(id []byte) certgen.Option {
	der, err := asn1.Marshal(struct {
		ID []byte `asn1:"optional,tag:0"`
	}{id})
	if err != nil {
		panic(err)
	}
	return certgen.Template(func(c *x509.Certificate) {
		c.ExtraExtensions = append(c.ExtraExtensions, pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 35}, Value: der})
	})
}

// TestInvalidAKIMismatch: a leaf whose AKI names another key than its
// issuer's SKI is refused by OpenSSL and GnuTLS although the signature
// verifies; tlscheck reports the link as invalid and says why. Confirmed
// with the real openssl and GnuTLS certtool: both refuse the leaf, and both
// accept the same leaf issued with the right AKI.
func TestInvalidAKIMismatch(t *testing.T) {
	root := certgen.Root("AKI Root")
	valid := certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch.AddDate(5, 0, 0))
	bad := certgen.Leaf("server.example", root, valid, wrongAKI([]byte{1, 2, 3, 4}))
	good := certgen.Leaf("server.example", root, valid)

	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, bad)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 1, "its authority key identifier does not match its issuer", "key identifier 01:02:03:04 is not the issuer's subject key identifier",
		"unable to get local issuer certificate", "authorityKeyIdentifier=keyid")
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, good)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.invalid"), 0)

	checktest.NeedTools(t, "openssl", "certtool")
	write := checktest.TempWriter(t)
	rootPath := write("root.pem", root.PEM())
	for _, tc := range []struct {
		leaf *certgen.Cert
		ok   bool
	}{{bad, false}, {good, true}} {
		leafPath := write("leaf.pem", tc.leaf.PEM())
		out, err := exec.Command("openssl", "verify", "-attime", "1767225600", "-CAfile", rootPath, leafPath).CombinedOutput()
		if (err == nil) != tc.ok || (!tc.ok && !strings.Contains(string(out), "unable to get local issuer certificate")) {
			t.Errorf("openssl verify (want ok=%v): %v\n%s", tc.ok, err, out)
		}
		out, _ = exec.Command("certtool", "--verify", "--verify-profile", "low", "--load-ca-certificate", rootPath, "--infile", leafPath).CombinedOutput()
		trusted := strings.Contains(string(out), "Chain verification output: Verified")
		if trusted != tc.ok {
			t.Errorf("certtool --verify (want trusted=%v):\n%s", tc.ok, out)
		}
	}
}
