package key

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestPermissions(t *testing.T) {
	k := keyFact(certgen.NewKey("p256"), "key.pem", facts.RoleAuto)
	f := newFacts()
	f.Keys = []*facts.Key{k}
	f.Files = []*facts.File{{Path: "key.pem", Mode: 0o644, HasMode: true}}
	got := wantN(t, f, "key.permissions", 1)
	wantContains(t, got[0].Message, "0644", "group and others", "0600")
	wantContains(t, got[0].Fix, "chmod 600 key.pem", "chown")

	f.Files[0].Mode = 0o640
	got = wantN(t, f, "key.permissions", 1)
	wantContains(t, got[0].Message, "accessible to group)")

	for _, mode := range []uint32{0o600, 0o400} {
		f.Files[0].Mode = mode
		wantN(t, f, "key.permissions", 0)
	}
}

func TestPermissionsStdin(t *testing.T) {
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p256"), "-", facts.RoleAuto)}
	f.Files = []*facts.File{{Path: "-"}}
	if _, na := run(t, f, "key.permissions"); na == "" {
		t.Error("want not applicable for standard input")
	}
}
