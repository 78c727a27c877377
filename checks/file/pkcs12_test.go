package file

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// makeP12 exports a self-signed certificate and key with the real openssl.
func makeP12(t *testing.T, password string) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=p12.example.test", "-days", "30"},
		{"pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "bundle.p12", "-passout", "pass:" + password},
	} {
		cmd := exec.Command("openssl", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
	}
	return filepath.Join(dir, "bundle.p12")
}

func TestPKCS12(t *testing.T) {
	path := makeP12(t, "P12-check-pass")
	f := loadPaths(t, load.Config{Paths: []string{path}, Password: "P12-check-pass"})
	fds, _ := run(t, f, "file.pkcs12")
	if len(fds) != 1 || fds[0].Severity != checks.Info || fds[0].Evidence["certificates"] != "1" || fds[0].Evidence["keys"] != "1" {
		t.Fatalf("%+v", fds)
	}
	wantFix(t, fds[0],
		"openssl pkcs12 -in "+path+" -passin env:TLSCHECK_PASSWORD -clcerts -nokeys -out cert.pem",
		"openssl pkcs12 -in "+path+" -passin env:TLSCHECK_PASSWORD -cacerts -nokeys -out chain.pem",
		"openssl pkcs12 -in "+path+" -passin env:TLSCHECK_PASSWORD -nocerts -nodes -out key.pem")
	if strings.Contains(fds[0].Message+fds[0].Fix, "P12-check-pass") {
		t.Error("password in the finding")
	}
}

func TestPKCS12Negative(t *testing.T) {
	f := facts1(&facts.File{Path: "server.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate, facts.KindPrivateKey}})
	if fds, na := run(t, f, "file.pkcs12"); len(fds) != 0 || na == "" {
		t.Errorf("findings %+v na %q", fds, na)
	}
}
