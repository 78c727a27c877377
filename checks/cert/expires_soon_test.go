package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestExpiresSoon(t *testing.T) {
	leaf := certgen.Leaf("example.com", nil) // 90 days from Epoch
	f := newFacts(bundle("cert.pem", facts.RoleAuto, leaf)...)
	wantN(t, f, "cert.expires-soon", 0) // 80 days left

	f.Now = certgen.Epoch.AddDate(0, 0, 75)
	got := wantN(t, f, "cert.expires-soon", 1)
	wantContains(t, got[0].Message, "expires in 15 days", "2026-04-01", "30 days")
	if got[0].Evidence["days_left"] != "15" {
		t.Errorf("days_left = %q", got[0].Evidence["days_left"])
	}

	// An expired certificate is cert.expired, not expires-soon.
	f.Now = certgen.Epoch.AddDate(0, 0, 91)
	wantN(t, f, "cert.expires-soon", 0)

	// A larger window catches more.
	f.Now = certgen.Epoch.AddDate(0, 0, 40)
	wantN(t, f, "cert.expires-soon", 0)
	f.Options.WarnDays = 60
	wantN(t, f, "cert.expires-soon", 1)

	// WarnDays 0 (--warn-days 0) turns the warning off: not applicable,
	// even 15 days before expiry.
	f.Now = certgen.Epoch.AddDate(0, 0, 75)
	f.Options.WarnDays = 0
	if got, na := run(t, f, "cert.expires-soon"); len(got) != 0 || na != "expiry warnings are off (--warn-days 0)" {
		t.Errorf("--warn-days 0: findings %+v, not applicable %q", got, na)
	}
}
