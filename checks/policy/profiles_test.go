package policy

import (
	"strings"
	"testing"
)

// Every suite name in the profiles must resolve in internal/suites, or the
// policy would silently accept less than Mozilla lists.
func TestProfilesResolve(t *testing.T) {
	for _, p := range profiles {
		for _, list := range [][]string{p.Ciphers, p.TLS13} {
			if got := suiteIDs(list); len(got) != len(list) {
				t.Errorf("%s: %d of %d suite names resolve", p.Name, len(got), len(list))
			}
		}
		if len(goCurves(p)) != len(p.Groups) {
			t.Errorf("%s: groups without a Go name: %v", p.Name, goCurves(p))
		}
	}
	// Go implements every ECDHE suite of the intermediate list, and no DHE one.
	if got := goSuites(MozillaIntermediate); len(got) != 6 || !strings.HasPrefix(got[0], "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") {
		t.Errorf("intermediate Go suites: %v", got)
	}
}

func TestValid(t *testing.T) {
	for _, name := range []string{"", "mozilla-modern", "mozilla-intermediate", "mozilla-old"} {
		if err := Valid(name); err != nil {
			t.Errorf("Valid(%q): %v", name, err)
		}
	}
	err := Valid("mozilla-moden")
	if err == nil || !strings.Contains(err.Error(), "mozilla-intermediate, mozilla-modern, mozilla-old") {
		t.Errorf("Valid(typo) = %v, want the list of valid names", err)
	}
}

func TestMaxAge(t *testing.T) {
	for h, want := range map[string]int{"max-age=63072000; includeSubDomains": 63072000, `includeSubDomains; Max-Age="300"`: 300, "max-age=abc": -1, "": -1} {
		got, ok := MaxAge(h)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("MaxAge(%q) = %d, want %d", h, got, want)
		}
	}
}
