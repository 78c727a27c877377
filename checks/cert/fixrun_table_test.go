package cert

import (
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// A fixCase is a certificate that one check reports, in files as a user
// has them: the certificate in file, its key in key.pem (or keyFile), the
// issuing root in ca.pem with its key in ca.key, and maybe a CSR given.
type fixCase struct {
	id       string
	cert     *certgen.Cert
	root     *certgen.Cert // nil: self-signed
	file     string
	csr      string // a CSR the user gave for the key, "" none
	out      string // the certificate file the fix writes; "" it writes none
	wantCSR  string // the request file the fix writes, checked for the names
	wantText []string
}

// runFixCase builds the case's files and facts, runs the check and its
// fix's commands in the files' directory, and requires that the check no
// longer reports the certificate the fix wrote (checked at a clock taken
// from that certificate, not the wall clock), that it verifies under the
// root, and that a request it wrote has the names.
func runFixCase(t *testing.T, tc fixCase) {
	t.Helper()
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write(tc.file, tc.cert.PEM()))
	write("key.pem", tc.cert.KeyPEM())
	f := newFacts(fc(tc.cert, tc.file, 0, facts.RoleAuto))
	f.Keys = []*facts.Key{keyFact(tc.cert.Key, "key.pem", facts.RoleAuto)}
	if tc.root != nil {
		write("ca.pem", tc.root.PEM())
		write("ca.key", tc.root.KeyPEM())
		f.Roots = []*facts.Cert{fc(tc.root, "ca.pem", 0, facts.RoleCA)}
	}
	if tc.csr != "" {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(tc.csr)), 0o700); err != nil {
			t.Fatal(err)
		}
		write(tc.csr, []byte("the old request\n"))
		f.CSRs = []*facts.CSR{csrFact(tc.cert.Key, tc.cert.X509.Subject.CommonName, tc.csr)}
	}
	got := wantN(t, f, tc.id, 1)
	checktest.RunFix(t, dir, got[0].Fix, nil)
	if tc.wantCSR != "" {
		wantContains(t, csrText(t, filepath.Join(dir, tc.wantCSR)), tc.wantText...)
	}
	if tc.out == "" {
		return
	}
	made := checktest.ReadCert(t, filepath.Join(dir, tc.out), facts.RoleAuto)
	made.Source.File = tc.file
	wantContains(t, certText(t, filepath.Join(dir, tc.out)), tc.wantText...)
	if tc.root != nil {
		checktest.Verify(t, dir, "ca.pem", tc.out, made.X509.NotBefore.Add(time.Hour))
	}
	again := newFacts(made)
	again.Now = made.X509.NotBefore.Add(24 * time.Hour)
	again.Keys, again.Roots = f.Keys, f.Roots
	wantN(t, again, tc.id, 0)
}

// TestReissueFixesRun runs the fixes that re-issue a certificate.
func TestReissueFixesRun(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	// A root valid for a century: what it signs today verifies for as long as
	// the test is run.
	root := certgen.Root("Fix Root", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	names := certgen.DNS("svc.example", "www.svc.example")
	for name, tc := range map[string]fixCase{
		"version self-signed": {id: "cert.version", cert: certgen.Leaf("v1.example", nil, certgen.V1()), file: "server.crt", out: "server.crt",
			wantText: []string{"Version: 3", "DNS:v1.example", "CA:FALSE", "TLS Web Server Authentication"}},
		"version from own CA": {id: "cert.version", cert: certgen.Leaf("v1.example", root, certgen.V1()), root: root, file: "server.pem", out: "server.pem",
			wantCSR: "server.csr", wantText: []string{"DNS:v1.example", "CA:FALSE"}},
		"version with the CSR given": {id: "cert.version", cert: certgen.Leaf("v1.example", root, certgen.V1()), root: root, file: "server.pem", csr: "req/v1.csr", out: "server.pem",
			wantCSR: "req/v1.csr", wantText: []string{"DNS:v1.example", "CA:FALSE"}},
		"sig-weak": {id: "cert.sig-weak", cert: certgen.Leaf("svc.example", root, names, certgen.SigAlg(x509.SHA1WithRSA), certgen.KeyType("rsa2048")), root: root, file: "server.pem", out: "server.pem",
			wantCSR: "server.csr", wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"apple-validity": {id: "cert.apple-validity", cert: certgen.Leaf("svc.example", root, names, certgen.Days(3650)), root: root, file: "server.crt", out: "server.crt",
			wantCSR: "server.csr", wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"apple-validity with the CSR given": {id: "cert.apple-validity", cert: certgen.Leaf("svc.example", root, names, certgen.Days(3650)), root: root, file: "server.crt", csr: "svc.csr", out: "server.crt",
			wantCSR: "svc.csr", wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"is-ca self-signed": {id: "cert.is-ca", cert: certgen.Leaf("nats.example", nil, certgen.IsCA()), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:nats.example", "CA:FALSE"}},
		"is-ca from own CA": {id: "cert.is-ca", cert: certgen.Leaf("nats.example", root, certgen.IsCA()), root: root, file: "server.pem", out: "server.pem",
			wantCSR: "server.csr", wantText: []string{"DNS:nats.example", "CA:FALSE"}},
		"eku-missing": {id: "cert.eku-missing", cert: certgen.Leaf("svc.example", root, names, certgen.EKU()), root: root, file: "server.pem", out: "server.pem",
			wantCSR: "server.csr", wantText: []string{"DNS:www.svc.example", "TLS Web Server Authentication"}},
		"eku self-signed": {id: "cert.eku", cert: certgen.Leaf("svc.example", nil, names, certgen.EKU(x509.ExtKeyUsageClientAuth)), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:www.svc.example", "TLS Web Server Authentication"}},
		"eku from own CA": {id: "cert.eku", cert: certgen.Leaf("svc.example", root, names, certgen.EKU(x509.ExtKeyUsageClientAuth)), root: root, file: "server.pem", out: "server.pem",
			wantCSR: "server.csr", wantText: []string{"DNS:www.svc.example", "TLS Web Server Authentication"}},
		"key-usage self-signed": {id: "cert.key-usage", cert: certgen.Leaf("svc.example", nil, names, certgen.KU(x509.KeyUsageKeyEncipherment)), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:www.svc.example", "Digital Signature"}},
		"key-usage from own CA": {id: "cert.key-usage", cert: certgen.Leaf("svc.example", root, names, certgen.KU(x509.KeyUsageKeyEncipherment)), root: root, file: "server.pem", csr: "svc.csr", out: "server.pem",
			wantCSR: "svc.csr", wantText: []string{"DNS:www.svc.example", "Digital Signature"}},
		"expired self-signed": {id: "cert.expired", cert: certgen.Leaf("svc.example", nil, names, certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch)), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"expired from a CA": {id: "cert.expired", cert: certgen.Leaf("svc.example", root, names, certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch)), root: root, file: "server.pem",
			wantCSR: "server.csr", wantText: []string{"CN = svc.example", "DNS:svc.example", "DNS:www.svc.example"}},
		"expires-soon self-signed": {id: "cert.expires-soon", cert: certgen.Leaf("svc.example", nil, names, certgen.Days(20)), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"expires-soon from a CA": {id: "cert.expires-soon", cert: certgen.Leaf("svc.example", root, names, certgen.Days(20)), root: root, file: "server.pem", csr: "svc.csr",
			wantCSR: "svc.csr", wantText: []string{"CN = svc.example", "DNS:svc.example", "DNS:www.svc.example"}},
		"not-yet-valid self-signed": {id: "cert.not-yet-valid", cert: certgen.Leaf("svc.example", nil, names, certgen.Validity(certgen.Epoch.AddDate(0, 1, 0), certgen.Epoch.AddDate(0, 4, 0))), file: "server.pem", out: "server.pem",
			wantText: []string{"DNS:svc.example", "DNS:www.svc.example"}},
		"cn-port": {id: "cert.cn-port", cert: certgen.Leaf("broker.example.com:8883", root, certgen.DNS("broker.example.com:8883", "alt.example.com")), root: root, file: "server.pem",
			wantCSR: "server.csr", wantText: []string{"CN = broker.example.com\n", "DNS:broker.example.com", "DNS:alt.example.com"}},
		"cn-not-in-san": {id: "cert.cn-not-in-san", cert: certgen.Leaf("other.example", root, names), root: root, file: "server.pem",
			wantCSR: "server.csr", wantText: []string{"CN = svc.example", "DNS:svc.example", "DNS:www.svc.example"}},
	} {
		t.Run(name, func(t *testing.T) { t.Parallel(); runFixCase(t, tc) })
	}
}

// certText is `openssl x509 -text` of a certificate file.
func certText(t *testing.T, path string) string {
	t.Helper()
	return opensslText(t, "x509", path)
}

// csrText is `openssl req -text` of a CSR file.
func csrText(t *testing.T, path string) string {
	t.Helper()
	return opensslText(t, "req", path)
}

func opensslText(t *testing.T, kind, path string) string {
	t.Helper()
	out, err := exec.Command("openssl", kind, "-noout", "-text", "-in", path).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %s -text %s: %v\n%s", kind, filepath.Base(path), err, out)
	}
	return string(out)
}

// cert.aki-mismatch's fix, run: the root made again with its own key and
// subject has an AKI of its own, and what the old root signed verifies
// under the new file, as the fix says.
func TestAKIMismatchFixKeepsWhatTheRootSigned(t *testing.T) {
	root := certgen.Root("Own Root", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)), akiExt(t, []byte{1, 2, 3, 4}, nil, nil))
	rootFixKeepsWhatItSigned(t, root, "cert.aki-mismatch")
}

// An expired own root is made again with the same key, subject and key
// identifier: what it signed verifies under the new one.
func TestExpiredRootFixKeepsWhatItSigned(t *testing.T) {
	root := certgen.Root("Own Root", certgen.Validity(certgen.Epoch.AddDate(-10, 0, 0), certgen.Epoch))
	rootFixKeepsWhatItSigned(t, root, "cert.expired")
}

// rootFixKeepsWhatItSigned runs check id's fix for the own root, in
// root.pem with its key in root.key, and requires that the check no longer
// reports the root made and that a leaf the old root signed verifies under
// it.
func rootFixKeepsWhatItSigned(t *testing.T, root *certgen.Cert, id string) {
	t.Helper()
	checktest.NeedTools(t, "openssl", "sh")
	leaf := certgen.Leaf("signed.example", root, certgen.Validity(certgen.Epoch.AddDate(-10, 0, 0), certgen.Epoch.AddDate(100, 0, 0)))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("root.pem", root.PEM()))
	write("root.key", root.KeyPEM())
	write("leaf.pem", leaf.PEM())
	// The leaf among the inputs shows the root as the CA it is.
	f := newFacts(fc(root, "root.pem", 0, facts.RoleAuto), fc(leaf, "leaf.pem", 0, facts.RoleAuto))
	f.Keys = []*facts.Key{keyFact(root.Key, "root.key", facts.RoleAuto)}
	got := wantN(t, f, id, 1)
	checktest.RunFix(t, dir, got[0].Fix, nil)
	made := checktest.ReadCert(t, filepath.Join(dir, "root.pem"), facts.RoleAuto)
	again := newFacts(made, f.Certs[1])
	again.Now = made.X509.NotBefore.Add(time.Hour)
	again.Keys = f.Keys
	wantN(t, again, id, 0)
	checktest.Verify(t, dir, "root.pem", "leaf.pem", made.X509.NotBefore.Add(time.Hour))
}

// cert.self-signed's fix: its commands (after the client settings, which
// are not commands) issue the certificate from the user's CA, keeping its
// key and names.
func TestSelfSignedFixIssuesFromTheCA(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	root := certgen.Root("Own CA", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	self := certgen.Leaf("svc.example", nil, certgen.DNS("svc.example", "www.svc.example"))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("server.pem", self.PEM()))
	write("server.key", self.KeyPEM())
	write("ca.pem", root.PEM())
	write("ca.key", root.KeyPEM())
	f := newFacts(fc(self, "server.pem", 0, facts.RoleAuto))
	f.Keys = []*facts.Key{keyFact(self.Key, "server.key", facts.RoleAuto)}
	got := wantN(t, f, "cert.self-signed", 1)
	cmds := checktest.FixCommands(got[0].Fix)
	if len(cmds) != 5 {
		t.Fatalf("want 5 quoted parts (three client settings, request, signing): %q", got[0].Fix)
	}
	checktest.RunFix(t, dir, "`"+cmds[3]+"` `"+cmds[4]+"`", nil)
	made := checktest.ReadCert(t, filepath.Join(dir, "server.pem"), facts.RoleAuto)
	checktest.Verify(t, dir, "ca.pem", "server.pem", made.X509.NotBefore.Add(time.Hour))
	wantContains(t, certText(t, filepath.Join(dir, "server.pem")), "DNS:svc.example", "DNS:www.svc.example")
	again := newFacts(made)
	again.Now = made.X509.NotBefore.Add(time.Hour)
	again.Keys = f.Keys
	wantN(t, again, "cert.self-signed", 0)
}
