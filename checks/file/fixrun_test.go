package file

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// These tests run the fix commands with the real openssl, on files made for
// the case, and check they do what the finding says.

func TestPKCS12FixSplitsTheBundle(t *testing.T) {
	checktest.NeedTools(t, "openssl")
	root := certgen.Root("P12 Root")
	leaf := certgen.Leaf("p12.example", root)
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("leaf.pem", leaf.PEM()))
	write("leaf.key", leaf.KeyPEM())
	write("root.pem", root.PEM())
	// The fix reads the password from TLSCHECK_PASSWORD, as tlscheck does.
	t.Setenv("TLSCHECK_PASSWORD", "p12-fix-pass")
	cmd := exec.Command("openssl", "pkcs12", "-export", "-in", "leaf.pem", "-inkey", "leaf.key", "-certfile", "root.pem", "-out", "bundle.p12", "-passout", "pass:p12-fix-pass")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f := loadPaths(t, load.Config{Paths: []string{filepath.Join(dir, "bundle.p12")}, Password: "p12-fix-pass"})
	fds, _ := run(t, f, "file.pkcs12")
	if len(fds) != 1 {
		t.Fatalf("%+v", fds)
	}
	for i, out := range checktest.RunFix(t, dir, fds[0].Fix, nil) {
		if strings.Contains(out, "ignored") {
			t.Errorf("command %d: openssl ignored an option: %s", i+1, out)
		}
	}
	wantPEM(t, filepath.Join(dir, "cert.pem"), leaf.DER)
	wantPEM(t, filepath.Join(dir, "chain.pem"), root.DER)
	if out, err := exec.Command("openssl", "pkey", "-noout", "-in", filepath.Join(dir, "key.pem")).CombinedOutput(); err != nil {
		t.Errorf("key.pem is not a key: %v\n%s", err, out)
	}
}

// wantPEM requires the file to hold exactly one certificate, der.
func wantPEM(t *testing.T, path string, der []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var certs [][]byte
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		certs = append(certs, b.Bytes)
	}
	if len(certs) != 1 || string(certs[0]) != string(der) {
		t.Errorf("%s holds %d certificates, want the one expected", filepath.Base(path), len(certs))
	}
}

// A damaged key is re-exported with openssl pkey: openssl x509 cannot read
// a key. "original.key" is where the fix says the key was made: the test
// puts a good copy there.
func TestFormatUnknownDamagedKeyFixWritesAKey(t *testing.T) {
	leaf := certgen.Leaf("damaged.example", nil)
	good := leaf.KeyPEM()
	lines := strings.Split(string(good), "\n")
	badBase64 := strings.Replace(string(good), lines[2], "!!"+lines[2][2:], 1)
	badDER := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x00}})
	for name, data := range map[string][]byte{
		"server.key":  []byte(strings.Join(lines[:3], "\n")), // cut short
		"privkey.pem": []byte(badBase64),
		"given.pem":   badDER, // --key: FileBadKey
	} {
		t.Run(name, func(t *testing.T) {
			write := checktest.TempWriter(t)
			path := write(name, data)
			dir := filepath.Dir(path)
			write("original.key", good)
			cfg := load.Config{Paths: []string{path}}
			if name == "given.pem" {
				cfg = load.Config{Key: []string{path}}
			}
			fds, _ := run(t, loadPaths(t, cfg), "file.format-unknown")
			if len(fds) != 1 {
				t.Fatalf("%+v", fds)
			}
			if strings.Contains(fds[0].Fix, "openssl x509") {
				t.Errorf("fix for a key uses openssl x509: %s", fds[0].Fix)
			}
			checktest.RunFix(t, dir, fds[0].Fix, nil)
			if out, err := exec.Command("openssl", "pkey", "-noout", "-in", path).CombinedOutput(); err != nil {
				t.Errorf("after the fix %s is still not a key: %v\n%s", name, err, out)
			}
			if f := loadPaths(t, load.Config{Paths: []string{path}}); len(f.Keys) != 1 || len(f.Files[0].Problems) != 0 {
				t.Errorf("after the fix: %d keys, problems %+v", len(f.Keys), f.Files[0].Problems)
			}
		})
	}
}

// file.der-not-pem's commands, run: each DER file becomes a PEM file that
// loads as the same kind, and the check no longer reports it.
func TestDerNotPEMFixConverts(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	root := certgen.Root("DER Root")
	leaf := certgen.Leaf("der.example", root)
	keyDER, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	csrDER, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "der.example"}}, leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	crl := certgen.NewCRL(root)
	for name, c := range map[string]struct {
		data []byte
		kind string
	}{
		"server.der": {leaf.DER, facts.KindCertificate},
		"key.der":    {keyDER, facts.KindPrivateKey},
		"req.der":    {csrDER, facts.KindCSR},
		"ca.crl":     {crl.DER, facts.KindCRL},
	} {
		t.Run(name, func(t *testing.T) {
			write := checktest.TempWriter(t)
			path := write(name, c.data)
			fds, _ := run(t, loadPaths(t, load.Config{Paths: []string{path}}), "file.der-not-pem")
			if len(fds) != 1 {
				t.Fatalf("%+v", fds)
			}
			checktest.RunFix(t, filepath.Dir(path), fds[0].Fix, nil)
			out := strings.TrimSuffix(path, filepath.Ext(path)) + ".pem"
			f := loadPaths(t, load.Config{Paths: []string{out}})
			if len(f.Files) != 1 || f.Files[0].Encoding != facts.EncodingPEM || len(f.Files[0].Kinds) != 1 || f.Files[0].Kinds[0] != c.kind {
				t.Fatalf("%s after the fix: %+v", filepath.Base(out), f.Files)
			}
			if fds, _ := run(t, f, "file.der-not-pem"); len(fds) != 0 {
				t.Errorf("still reported: %+v", fds)
			}
		})
	}
}

// file.mixed-content's sed commands, run: each kind lands in a file of its
// own, with nothing else in it, also when the mixed file has the name one
// of the outputs would have.
func TestMixedContentFixSplits(t *testing.T) {
	checktest.NeedTools(t, "sed", "sh")
	leaf := certgen.Leaf("mixed.example", certgen.Root("Mixed Root"))
	for _, name := range []string{"server.pem", "cert.pem"} {
		t.Run(name, func(t *testing.T) {
			write := checktest.TempWriter(t)
			path := write(name, append(leaf.PEM(), leaf.KeyPEM()...))
			dir := filepath.Dir(path)
			fds, _ := run(t, loadPaths(t, load.Config{Paths: []string{path}}), "file.mixed-content")
			if len(fds) != 1 {
				t.Fatalf("%+v", fds)
			}
			checktest.RunFix(t, dir, fds[0].Fix, nil)
			var outs []string
			for _, c := range checktest.FixCommands(fds[0].Fix) {
				out := strings.Fields(strings.SplitN(c, " > ", 2)[1])[0]
				outs = append(outs, filepath.Join(dir, out))
			}
			f := loadPaths(t, load.Config{Paths: outs})
			if len(f.Certs) != 1 || len(f.Keys) != 1 || len(f.Files) != 2 {
				t.Fatalf("after the fix: %d certificates, %d keys in %d files", len(f.Certs), len(f.Keys), len(f.Files))
			}
			if fds, _ := run(t, f, "file.mixed-content"); len(fds) != 0 {
				t.Errorf("still reported: %+v", fds)
			}
			if st, err := os.Stat(outs[1]); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("the key file's mode is not 0600: %v %v", st.Mode(), err)
			}
		})
	}
}

// file.format-unknown's commands for a certificate: base64 without its PEM
// lines gets them (the .pem beside it), and a one-line PEM certificate is
// re-exported from "original.crt", where the fix says it came from (the
// test puts a good copy there). The file written loads cleanly.
func TestFormatUnknownCertificateFixes(t *testing.T) {
	leaf := certgen.Leaf("bare.example", nil)
	b64 := base64.StdEncoding.EncodeToString(leaf.DER)
	oneLine := "-----BEGIN CERTIFICATE-----" + b64 + "-----END CERTIFICATE-----\n"
	for name, c := range map[string]struct {
		data []byte
		out  string
	}{
		"server.b64": {[]byte(b64 + "\n"), "server.pem"},
		"cert.pem":   {[]byte(oneLine), "cert.pem"},
	} {
		t.Run(name, func(t *testing.T) {
			write := checktest.TempWriter(t)
			path := write(name, c.data)
			write("original.crt", leaf.PEM())
			fds, _ := run(t, loadPaths(t, load.Config{Paths: []string{path}}), "file.format-unknown")
			if len(fds) != 1 {
				t.Fatalf("%+v", fds)
			}
			checktest.RunFix(t, filepath.Dir(path), fds[0].Fix, nil)
			out := filepath.Join(filepath.Dir(path), c.out)
			wantPEM(t, out, leaf.DER)
			f := loadPaths(t, load.Config{Paths: []string{out}})
			if fds, _ := run(t, f, "file.format-unknown"); len(fds) != 0 {
				t.Errorf("still reported: %+v", fds)
			}
		})
	}
}
