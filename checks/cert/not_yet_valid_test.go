package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNotYetValid(t *testing.T) {
	future := certgen.Leaf("example.com", nil, certgen.Validity(certgen.Epoch.AddDate(0, 1, 0), certgen.Epoch.AddDate(1, 0, 0)))
	current := certgen.Leaf("ok.example.com", nil)
	f := newFacts(append(bundle("a.pem", facts.RoleAuto, future), bundle("b.pem", facts.RoleAuto, current)...)...)
	got := wantN(t, f, "cert.not-yet-valid", 1)
	wantContains(t, got[0].Message, "CN=example.com", "2026-02-01", "21 days")
	wantContains(t, got[0].Fix, "date -u")

	f.Now = certgen.Epoch.AddDate(0, 2, 0)
	wantN(t, f, "cert.not-yet-valid", 0)
}
