package chain

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestAnchorNotRoot: a CA file with only the intermediate is enough for
// Go and GnuTLS but not for OpenSSL; with the root in it (or only the
// root), nothing is reported. The OpenSSL and GnuTLS behaviour is checked
// with the real tools.
func TestAnchorNotRoot(t *testing.T) {
	valid := certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch.AddDate(5, 0, 0))
	root := certgen.Root("Anchor Root", certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch.AddDate(9, 0, 0)))
	inter := certgen.Intermediate("Anchor Intermediate", root, valid)
	leaf := certgen.Leaf("mqtt.example.test", inter, valid)

	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, inter)
	wantFindings(t, run(t, f, "chain.anchor-not-root"), 1,
		"ends at the trust anchor 'CN=Anchor Intermediate' (ca.pem #1), which is not self-signed but issued by 'CN=Anchor Root'",
		"unable to get issuer certificate", "cat root.pem >> ca.pem")

	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, inter, root)
	wantFindings(t, run(t, f, "chain.anchor-not-root"), 0)

	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, inter)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.anchor-not-root"), 0)

	checktest.NeedTools(t, "openssl", "certtool")
	write := checktest.TempWriter(t)
	leafPath, interOnly, both := write("leaf.pem", leaf.PEM()), write("inter.pem", inter.PEM()), write("both.pem", certgen.Bundle(inter, root))
	verify := func(args ...string) (string, error) {
		out, err := exec.Command("openssl", append(append([]string{"verify", "-attime", "1767225600"}, args...), leafPath)...).CombinedOutput()
		return string(out), err
	}
	if out, err := verify("-CAfile", interOnly); err == nil || !strings.Contains(out, "unable to get issuer certificate") {
		t.Errorf("openssl verify with only the intermediate: err=%v\n%s", err, out)
	}
	if out, err := verify("-partial_chain", "-CAfile", interOnly); err != nil {
		t.Errorf("openssl verify -partial_chain: %v\n%s", err, out)
	}
	if out, err := verify("-CAfile", both); err != nil {
		t.Errorf("openssl verify with intermediate and root: %v\n%s", err, out)
	}
	out, _ := exec.Command("certtool", "--verify", "--load-ca-certificate", interOnly, "--infile", leafPath).CombinedOutput()
	if !strings.Contains(string(out), "Chain verification output: Verified") {
		t.Errorf("certtool with only the intermediate: want verified (GnuTLS accepts any anchor)\n%s", out)
	}
}
