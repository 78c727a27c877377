package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/report"
)

// TestV1CauseOneFix is issue 9 item 25 with the real openssl: a v1
// self-signed certificate made the classic way gives cert.version and the
// findings that follow from it, grouped under it; running cert.version's
// one fix command and checking again leaves none of them.
func TestV1CauseOneFix(t *testing.T) {
	for _, profile := range []string{facts.ProfileAuto, facts.ProfileWebPKI} {
		t.Run(profile, func(t *testing.T) { v1CauseOneFix(t, profile) })
	}
}

func v1CauseOneFix(t *testing.T, profile string) {
	checktest.NeedTools(t, "openssl")
	dir := openssl(t,
		[]string{"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "30", "-subj", "/CN=localhost"},
		[]string{"x509", "-x509toreq", "-in", "c.pem", "-signkey", "k.pem", "-out", "r.csr"},
		[]string{"x509", "-req", "-in", "r.csr", "-signkey", "k.pem", "-out", "v1.pem", "-days", "30"})
	check := checker(t, dir, profile, "v1.pem", "localhost")

	r := check()
	var version *checks.Finding
	for i, fd := range r.Findings {
		if fd.ID == checks.IDCertVersion {
			version = &r.Findings[i]
		}
	}
	if version == nil {
		t.Fatalf("no cert.version finding: %+v", r.Findings)
	}
	grouped := map[string]bool{}
	for _, fd := range r.Findings {
		if fd.CausedBy != nil && fd.CausedBy.ID == checks.IDCertVersion {
			grouped[fd.ID] = true
		}
	}
	want := []string{checks.IDCertCNOnly, checks.IDHostMismatch, checks.IDCertEKUMissing, checks.IDCertExpiresSoon, checks.IDZlintSubSKIMissing}
	if profile == facts.ProfileWebPKI {
		want = append(want, checks.IDZlintSANMissing, checks.IDZlintVersion, checks.IDZlintSubEKUMissing, checks.IDZlintCNNotExactFromSAN)
	}
	for _, id := range want {
		if !grouped[id] {
			t.Errorf("%s is not grouped under cert.version; grouped: %v", id, grouped)
		}
	}
	// Counts stay those of every finding: grouping only presents them.
	if s := checks.Summarize(r.Findings); s.Error+s.Warning+s.Info != len(r.Findings) {
		t.Errorf("summary %+v for %d findings", s, len(r.Findings))
	}

	// The JSON report names the cause on each grouped finding.
	var buf bytes.Buffer
	if err := report.JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			ID       string        `json:"id"`
			CausedBy *checks.Cause `json:"caused_by"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, fd := range doc.Findings {
		if grouped[fd.ID] && (fd.CausedBy == nil || fd.CausedBy.ID != checks.IDCertVersion || fd.CausedBy.Subject != version.Subject) {
			t.Errorf("JSON %s: caused_by %+v, want cert.version on %s", fd.ID, fd.CausedBy, version.Subject)
		}
	}

	// The text report prints one fix per cause and lists what follows
	// from it beneath, without their fixes.
	buf.Reset()
	if err := report.Text(&buf, r, report.Options{}); err != nil {
		t.Fatal(err)
	}
	roots := 0
	for _, fd := range r.Findings {
		if fd.CausedBy == nil {
			roots++
		}
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n    fix: ")); n != roots {
		t.Errorf("text report prints %d fixes for %d causes:\n%s", n, roots, buf.Bytes())
	}
	checktest.WantContains(t, buf.String(), "also because of this", "ERROR cert.cn-only: ", "INFO cert.eku-missing: ")

	if n := len(checktest.FixCommands(version.Fix)); n != 1 {
		t.Fatalf("cert.version's fix has %d commands, want one: %s", n, version.Fix)
	}
	checktest.RunFix(t, dir, version.Fix, nil)
	for _, fd := range check().Findings {
		if fd.ID == checks.IDCertVersion || grouped[fd.ID] {
			t.Errorf("after the fix, still %s: %s", fd.ID, fd.Message)
		}
	}
}

// openssl runs openssl with each argument list in a new directory, which it
// returns.
func openssl(t *testing.T, argLists ...[]string) string {
	t.Helper()
	checktest.NeedTools(t, "openssl")
	dir := t.TempDir()
	for _, args := range argLists {
		cmd := exec.Command("openssl", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// checker checks cert and k.pem in dir for hosts, as `tlscheck files`
// does, each time it is called.
func checker(t *testing.T, dir, profile, cert string, hosts ...string) func() *report.Report {
	return func() *report.Report {
		t.Helper()
		cfg := FilesConfig{Checking: Checking{WarnDays: 30, Profile: profile, Checks: all, Tool: report.Tool{Name: "tlscheck", Version: "test"}},
			Paths: []string{filepath.Join(dir, cert), filepath.Join(dir, "k.pem")}}
		cfg.Hosts = hosts
		r, err := Files(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

// TestCNOnlyCauseOneFix: a v3 certificate without subjectAltName fails
// every host asked for; those host.mismatch findings follow from
// cert.cn-only, whose fix (run here) adds the SAN for all of them.
func TestCNOnlyCauseOneFix(t *testing.T) {
	dir := openssl(t, []string{"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "90",
		"-subj", "/CN=foo.example", "-addext", "basicConstraints=critical,CA:FALSE"})
	check := checker(t, dir, facts.ProfileAuto, "c.pem", "foo.example", "bar.example")
	r := check()
	var cnOnly *checks.Finding
	mismatches := 0
	for i, fd := range r.Findings {
		switch fd.ID {
		case checks.IDCertCNOnly:
			cnOnly = &r.Findings[i]
		case checks.IDHostMismatch:
			mismatches++
			if fd.CausedBy == nil || fd.CausedBy.ID != checks.IDCertCNOnly {
				t.Errorf("host.mismatch caused by %+v, want cert.cn-only", fd.CausedBy)
			}
		}
	}
	if cnOnly == nil || mismatches != 2 {
		t.Fatalf("cert.cn-only %v, %d host.mismatch findings, want both hosts: %+v", cnOnly != nil, mismatches, r.Findings)
	}
	var buf bytes.Buffer
	if err := report.Text(&buf, r, report.Options{}); err != nil {
		t.Fatal(err)
	}
	checktest.WantContains(t, buf.String(), "(host=foo.example)", "(host=bar.example)")

	checktest.RunFix(t, dir, cnOnly.Fix, nil)
	for _, fd := range check().Findings {
		if fd.ID == checks.IDCertCNOnly || fd.ID == checks.IDHostMismatch {
			t.Errorf("after the fix, still %s: %s", fd.ID, fd.Message)
		}
	}
}

// TestCASignedV1CauseOneFix: a v1 certificate signed by the user's own CA
// (the EMQX recipe). cert.version's fix has the CA re-sign the request
// with every extension; run in a POSIX shell and checked again, it leaves
// neither cert.version nor what was grouped under it.
func TestCASignedV1CauseOneFix(t *testing.T) {
	root := certgen.Root("Own CA")
	v1 := certgen.Leaf("emqx.example", root, certgen.V1())
	dir := openssl(t)
	for name, data := range map[string][]byte{"server.pem": v1.PEM(), "k.pem": v1.KeyPEM(), "ca.pem": root.PEM(), "ca.key": root.KeyPEM()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The request the certificate was made from, as the user has it.
	cmd := exec.Command("openssl", "req", "-new", "-key", "k.pem", "-subj", "/CN=emqx.example", "-out", "server.csr")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl req: %v\n%s", err, out)
	}
	check := func() *report.Report {
		t.Helper()
		cfg := FilesConfig{Checking: checking(), Paths: []string{filepath.Join(dir, "server.pem"), filepath.Join(dir, "k.pem")},
			CA: []string{filepath.Join(dir, "ca.pem")}}
		cfg.At = time.Time{} // openssl signs as of now
		cfg.Hosts = []string{"emqx.example"}
		r, err := Files(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := check()
	var version *checks.Finding
	grouped := map[string]bool{}
	for i, fd := range r.Findings {
		if fd.ID == checks.IDCertVersion {
			version = &r.Findings[i]
		}
		if fd.CausedBy != nil && fd.CausedBy.ID == checks.IDCertVersion {
			grouped[fd.ID] = true
		}
	}
	if version == nil || !grouped[checks.IDCertCNOnly] || !grouped[checks.IDHostMismatch] {
		t.Fatalf("cert.version %v, grouped under it %v: %+v", version != nil, grouped, r.Findings)
	}
	if n := len(checktest.FixCommands(version.Fix)); n != 1 {
		t.Fatalf("cert.version's fix has %d commands, want one: %s", n, version.Fix)
	}
	checktest.RunFix(t, dir, version.Fix, nil)
	for _, fd := range check().Findings {
		if fd.ID == checks.IDCertVersion || grouped[fd.ID] {
			t.Errorf("after the fix, still %s: %s", fd.ID, fd.Message)
		}
	}
}

// TestSelfSignedCause: on a self-signed leaf, chain.untrusted-root follows
// from cert.self-signed, whose fix is to give clients the certificate as
// their CA; checked that way (--ca), the untrusted root is gone.
func TestSelfSignedCause(t *testing.T) {
	dir := openssl(t, []string{"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "90",
		"-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE",
		"-addext", "extendedKeyUsage=serverAuth"})
	cert := filepath.Join(dir, "c.pem")
	check := func(ca ...string) []checks.Finding {
		t.Helper()
		cfg := FilesConfig{Checking: Checking{WarnDays: 30, Checks: all, Tool: report.Tool{Name: "tlscheck", Version: "test"}},
			Paths: []string{cert, filepath.Join(dir, "k.pem")}, CA: ca}
		cfg.Hosts = []string{"localhost"}
		r, err := Files(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return r.Findings
	}
	untrusted := 0
	for _, fd := range check() {
		if fd.ID == checks.IDChainUntrustedRoot {
			untrusted++
			if fd.CausedBy == nil || fd.CausedBy.ID != checks.IDCertSelfSigned {
				t.Errorf("chain.untrusted-root caused by %+v, want cert.self-signed", fd.CausedBy)
			}
		}
	}
	if untrusted != 1 {
		t.Fatalf("%d chain.untrusted-root findings, want 1", untrusted)
	}
	for _, fd := range check(cert) {
		if fd.ID == checks.IDChainUntrustedRoot {
			t.Errorf("with --ca %s, still %s: %s", cert, fd.ID, fd.Message)
		}
	}
}
