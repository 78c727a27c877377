package load

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The password given to tlscheck never shows up in Facts, problems or errors,
// whether it opens the input or not.
func TestPasswordNeverLeaks(t *testing.T) {
	t.Parallel()
	const real, given = "Hygiene-Real-7781", "Hygiene-Given-4413"
	dir := t.TempDir()
	selfSigned(t, dir)
	openssl(t, dir, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "b.p12", "-passout", "pass:"+real)
	openssl(t, dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "key.pem", "-out", "enc.pem", "-passout", "pass:"+real)
	openssl(t, dir, "rsa", "-traditional", "-aes256", "-in", "key.pem", "-out", "legacy.pem", "-passout", "pass:"+real)
	write(t, dir, "junk.pem", []byte("-----BEGIN CERTIFICATE-----\n"+given+"\n"))
	paths := []string{filepath.Join(dir, "b.p12"), filepath.Join(dir, "enc.pem"), filepath.Join(dir, "legacy.pem"), filepath.Join(dir, "junk.pem")}

	for _, pw := range []string{real, given} {
		f, err := Load(context.Background(), Config{Paths: paths, Password: pw, NoSystemRoots: true})
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		dump := string(js) + fmt.Sprintf("%+v", f.Files) + fmt.Sprintf("%+v", f.Keys)
		if strings.Contains(dump, pw) {
			t.Errorf("password %q found in the loaded facts", pw)
		}
		_, err = Load(context.Background(), Config{Paths: []string{filepath.Join(dir, "missing-"+pw)}, Password: pw, NoSystemRoots: true})
		if err == nil || strings.Contains(err.Error(), pw) {
			t.Errorf("error leaks the password: %v", err)
		}
	}
	// Sanity: the right password really opened everything.
	f, _ := Load(context.Background(), Config{Paths: paths[:3], Password: real, NoSystemRoots: true})
	if len(f.Keys) != 3 || f.Keys[1].Type != "RSA" || f.Keys[2].Type != "RSA" || f.Keys[2].SPKIPin != f.Keys[0].SPKIPin {
		t.Errorf("keys %d", len(f.Keys))
	}
}
