package policy

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// emqxRecipe runs the EMQX Cloud guide's self-signed recipe in dir
// (cloud-ca.key/.crt, then cloud.key/.csr/.crt signed by it, v3 with the
// domain as subjectAltName). The keys, which the guide makes with openssl
// genrsa, come from certgen's pool of keyType (rsa2048, rsa4096, p256):
// generating RSA keys would be most of the test's time.
func emqxRecipe(t *testing.T, dir string, keyType string) {
	t.Helper()
	checktest.NeedTools(t, "openssl", "sh")
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("openssl.cnf", []byte("[v3_req]\nbasicConstraints = CA:FALSE\nsubjectAltName = DNS:mqtt.example.com\n"))
	write("cloud-ca.key", certgen.KeyPEM(certgen.NewKey("rsa2048")))
	write("cloud.key", certgen.KeyPEM(certgen.NewKey(keyType)))
	script := strings.Join([]string{
		"openssl req -x509 -new -nodes -key cloud-ca.key -sha256 -days 3650 -subj /CN=EMQX-Test-CA -out cloud-ca.crt",
		"openssl req -new -key cloud.key -out cloud.csr -subj /CN=mqtt.example.com",
		"openssl x509 -req -in cloud.csr -CA cloud-ca.crt -CAkey cloud-ca.key -CAcreateserial -out cloud.crt -days 3650 -sha256 -extfile openssl.cnf -extensions v3_req",
	}, " && ")
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("recipe: %v\n%s", err, out)
	}
}

// emqxFacts loads the files as the upload form's fields and judges them
// under --policy emqx-cloud, an hour after the certificate's notBefore.
func emqxFacts(t *testing.T, cert, chain, key string) *facts.Facts {
	t.Helper()
	cfg := load.Config{Cert: []string{cert}, NoSystemRoots: true}
	if chain != "" {
		cfg.Chain = []string{chain}
	}
	if key != "" {
		cfg.Key = []string{key}
	}
	f, err := load.Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.Options = facts.Options{Purpose: facts.PurposeServer, Policy: EMQXCloud}
	f.Now = f.Certs[0].X509.NotBefore.Add(time.Hour)
	return f
}

func emqxFindings(t *testing.T, f *facts.Facts, n int, substrs ...string) []checks.Finding {
	t.Helper()
	got, _ := checktest.Run(t, f, "policy.emqx-cloud")
	checktest.WantFindings(t, got, n, substrs...)
	for _, fd := range got {
		if fd.Severity != checks.Error || fd.Evidence["field"] == "" {
			t.Errorf("want an error naming the upload field: %+v", fd)
		}
	}
	return got
}

func TestEMQXCloudGuideRecipePasses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "rsa2048")
	f := emqxFacts(t, filepath.Join(dir, "cloud.crt"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "cloud.key"))
	emqxFindings(t, f, 0)
	// Not chosen: not applicable.
	f.Options.Policy = ""
	if _, na := checktest.Run(t, f, "policy.emqx-cloud"); na == "" {
		t.Error("policy.emqx-cloud applied without --policy emqx-cloud")
	}
}

func TestEMQXCloudECCertificate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "p256")
	f := emqxFacts(t, filepath.Join(dir, "cloud.crt"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "cloud.key"))
	emqxFindings(t, f, 2, "RSA 1024 or 2048 bits only", "certificate private key", "its CA CN=EMQX-Test-CA has a RSA key")
}

func TestEMQXCloud4096Key(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "rsa4096")
	f := emqxFacts(t, filepath.Join(dir, "cloud.crt"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "cloud.key"))
	emqxFindings(t, f, 1, "RSA 4096", "openssl genrsa -out server.key 2048")
}

// A chain file that repeats the leaf: the fix drops it, and the result passes.
func TestEMQXCloudChainRepeatsTheLeafFixRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "rsa2048")
	full := filepath.Join(dir, "fullchain.crt")
	leafPEM, _ := os.ReadFile(filepath.Join(dir, "cloud.crt"))
	caPEM, _ := os.ReadFile(filepath.Join(dir, "cloud-ca.crt"))
	if err := os.WriteFile(full, append(append([]byte(nil), leafPEM...), caPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "cloud-ca.crt"))
	f := emqxFacts(t, filepath.Join(dir, "cloud.crt"), full, filepath.Join(dir, "cloud.key"))
	got := emqxFindings(t, f, 1, "repeats the certificate", "certificate chain")
	checktest.RunFix(t, dir, got[0].Fix, nil)
	f = emqxFacts(t, filepath.Join(dir, "cloud.crt"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "cloud.key"))
	emqxFindings(t, f, 0)
}

// User, intermediate and root in one file: the fix splits it into the
// certificate body and the chain, which pass.
func TestEMQXCloudBundleSplitFixRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "rsa2048")
	leafPEM, _ := os.ReadFile(filepath.Join(dir, "cloud.crt"))
	caPEM, _ := os.ReadFile(filepath.Join(dir, "cloud-ca.crt"))
	bundle := filepath.Join(dir, "bundle.pem")
	if err := os.WriteFile(bundle, append(append([]byte(nil), leafPEM...), caPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "cloud.crt"))
	os.Remove(filepath.Join(dir, "cloud-ca.crt"))
	f := emqxFacts(t, bundle, "", filepath.Join(dir, "cloud.key"))
	got := emqxFindings(t, f, 1, "holds 2 certificates", "certificate body")
	if got[0].ID != "policy.emqx-cloud" {
		t.Errorf("finding %s, want policy.emqx-cloud", got[0].ID)
	}
	checktest.RunFix(t, dir, got[0].Fix, nil)
	f = emqxFacts(t, filepath.Join(dir, "cloud.crt"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "cloud.key"))
	emqxFindings(t, f, 0)
}

// An encrypted key and a DER certificate: the conversions run.
func TestEMQXCloudEncryptedKeyAndDERFixesRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emqxRecipe(t, dir, "rsa2048")
	run := func(script string) {
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
	}
	run("openssl x509 -in cloud.crt -outform DER -out cloud.der && openssl pkey -in cloud.key -aes256 -passout pass:secret -out enc.key")
	f := emqxFacts(t, filepath.Join(dir, "cloud.der"), filepath.Join(dir, "cloud-ca.crt"), filepath.Join(dir, "enc.key"))
	got := emqxFindings(t, f, 2, "takes PEM only", "unencrypted key")
	for _, fd := range got {
		if strings.Contains(fd.Fix, "openssl x509 -inform DER") {
			checktest.RunFix(t, dir, fd.Fix, nil)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "cloud.pem")); err != nil {
		t.Errorf("the conversion wrote no cloud.pem: %v", err)
	}
}
