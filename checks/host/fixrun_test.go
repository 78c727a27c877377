package host

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// host.mismatch's fix, run with openssl: the certificate it makes (self-
// signed, or from the user's own CA through a request) has the host asked
// for beside its old names, and the check no longer reports it.
func TestMismatchFixRuns(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	root := certgen.Root("Own CA", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	for name, issuer := range map[string]*certgen.Cert{"self-signed": nil, "from own CA": root} {
		t.Run(name, func(t *testing.T) {
			leaf := certgen.Leaf("a.example", issuer, certgen.DNS("a.example"))
			write := checktest.TempWriter(t)
			dir := filepath.Dir(write("server.pem", leaf.PEM()))
			write("server.key", leaf.KeyPEM())
			write("ca.pem", root.PEM())
			write("ca.key", root.KeyPEM())
			f := newFacts(bundle("server.pem", facts.RoleAuto, leaf)...)
			f.Keys = []*facts.Key{keyFact(leaf.Key, "server.key", facts.RoleAuto)}
			f.Options.Hosts = []string{"b.example", "127.0.0.1"}
			got := wantN(t, f, "host.mismatch", 2)
			checktest.RunFix(t, dir, got[0].Fix, nil)
			made := checktest.ReadCert(t, filepath.Join(dir, "server.pem"), facts.RoleAuto)
			if issuer != nil {
				checktest.Verify(t, dir, "ca.pem", "server.pem", made.X509.NotBefore.Add(time.Hour))
			}
			again := newFacts(made)
			again.Now = made.X509.NotBefore.Add(time.Hour)
			again.Keys, again.Options.Hosts = f.Keys, f.Options.Hosts
			wantN(t, again, "host.mismatch", 0)
			if len(made.X509.DNSNames) != 2 || made.X509.DNSNames[0] != "a.example" {
				t.Errorf("the new certificate's DNS names are %v, want a.example kept and b.example added", made.X509.DNSNames)
			}
		})
	}
}
