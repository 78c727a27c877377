package host

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// host.no-certificate: --host with no end-entity certificate among the
// inputs (issue 9 item 1: server.crt was an HTML page, the key was fine).
func TestNoCertificate(t *testing.T) {
	leaf := certgen.Leaf("srv.example.test", certgen.Root("R"))
	f := newFacts()
	f.Files = []*facts.File{{Path: "srv/server.crt", Problems: []facts.FileProblem{{Kind: facts.FileOther}}}, {Path: "srv/server.key", Role: facts.RoleKey}}
	f.Keys = []*facts.Key{keyFact(leaf.Key, "srv/server.key", facts.RoleKey)}
	f.Options.Hosts = []string{"srv.example.test"}
	got := wantN(t, f, "host.no-certificate", 1)
	wantContains(t, got[0].Message, "--host srv.example.test", "none of srv/server.crt, srv/server.key holds one", "not checked")
	wantContains(t, got[0].Fix, "tlscheck files --host srv.example.test --cert srv/server.crt")

	// Only a CA among the inputs: said so.
	root := certgen.Root("Only Root")
	ca := newFacts(bundle("root.pem", facts.RoleAuto, root)...)
	ca.Options.Hosts = []string{"srv.example.test"}
	got = wantN(t, ca, "host.no-certificate", 1)
	wantContains(t, got[0].Message, "only CA certificates: CN=Only Root")

	// A leaf: nothing to say (host.mismatch does the rest).
	wantN(t, hostFacts(leaf, "srv.example.test"), "host.no-certificate", 0)
	// No --host: not applicable.
	if _, na := run(t, hostFacts(leaf), "host.no-certificate"); na == "" {
		t.Error("want not applicable without --host")
	}
	// A probe: the tls.* findings cover a missing certificate.
	probe := newFacts()
	probe.Options.Hosts = []string{"srv.example.test"}
	probe.Connection = &facts.Connection{}
	if _, na := run(t, probe, "host.no-certificate"); na == "" {
		t.Error("want not applicable for a probe")
	}
}
