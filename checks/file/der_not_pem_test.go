package file

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

func TestDerNotPEM(t *testing.T) {
	leaf := certgen.Leaf("der.example.test", nil)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(leaf.Key)
	dir := t.TempDir()
	certPath := filepath.Join(dir, "server.der")
	keyPath := filepath.Join(dir, "key.der")
	pemPath := filepath.Join(dir, "ok.pem")
	for path, data := range map[string][]byte{certPath: leaf.DER, keyPath: keyDER, pemPath: leaf.PEM()} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := loadPaths(t, load.Config{Paths: []string{certPath, keyPath, pemPath}})
	fds, _ := run(t, f, "file.der-not-pem")
	if len(fds) != 2 {
		t.Fatalf("%d findings: %+v", len(fds), fds)
	}
	byFile := map[string]checks.Finding{}
	for _, fd := range fds {
		byFile[fd.Subject] = fd
		if fd.Severity != checks.Warning {
			t.Errorf("severity %v", fd.Severity)
		}
	}
	wantFix(t, byFile[certPath], "openssl x509 -inform der -in "+certPath+" -out "+filepath.Join(dir, "server.pem"))
	wantFix(t, byFile[keyPath], "openssl pkey -inform der -in "+keyPath+" -out "+filepath.Join(dir, "key.pem"), "chmod 600")
}

func TestDerNotPEMNegative(t *testing.T) {
	f := facts1(&facts.File{Path: "server.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}})
	fds, na := run(t, f, "file.der-not-pem")
	if len(fds) != 0 || na == "" {
		t.Errorf("findings %+v na %q", fds, na)
	}
	// A DER file already named .pem is converted to a new name, never onto itself.
	f = facts1(&facts.File{Path: "server.pem", Encoding: facts.EncodingDER, Kinds: []string{facts.KindCertificate}})
	fds, _ = run(t, f, "file.der-not-pem")
	if len(fds) != 1 {
		t.Fatal(fds)
	}
	wantFix(t, fds[0], "-in server.pem -out server-converted.pem")
}
