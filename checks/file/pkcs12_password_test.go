package file

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/load"
)

func TestPKCS12Password(t *testing.T) {
	path := makeP12(t, "Right-Pass-9876")
	for _, pw := range []string{"", "Wrong-Pass-1234"} {
		f := loadPaths(t, load.Config{Paths: []string{path}, Password: pw})
		fds, _ := run(t, f, "file.pkcs12-password")
		if len(fds) != 1 || fds[0].Severity != checks.Error || fds[0].Subject != path {
			t.Fatalf("password %q: %+v", pw, fds)
		}
		wantFix(t, fds[0], "TLSCHECK_PASSWORD=", "--password", "never printed")
		all, _ := json.Marshal(checks.Findings(checks.Run(context.Background(), f, checks.Selector{})))
		if pw != "" && strings.Contains(string(all), pw) {
			t.Errorf("password %q in the findings", pw)
		}
	}
}

func TestPKCS12PasswordNegative(t *testing.T) {
	path := makeP12(t, "Right-Pass-9876")
	f := loadPaths(t, load.Config{Paths: []string{path}, Password: "Right-Pass-9876"})
	if fds, na := run(t, f, "file.pkcs12-password"); len(fds) != 0 || na == "" {
		t.Errorf("findings %+v na %q", fds, na)
	}
}
