// Package checktest holds what the check packages' tests share: building
// facts from certgen certificates and running one check by ID.
package checktest

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Now is the test clock: ten days into the default certgen validity.
var Now = certgen.Epoch.Add(10 * 24 * time.Hour)

// FC wraps a certgen certificate as an input certificate from file, position index.
func FC(c *certgen.Cert, file string, index int, role facts.Role) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: index, Role: role}}
}

// Bundle places certificates in one file, in order.
func Bundle(file string, role facts.Role, cs ...*certgen.Cert) []*facts.Cert {
	var out []*facts.Cert
	for i, c := range cs {
		out = append(out, FC(c, file, i, role))
	}
	return out
}

// KeyFact describes a certgen key as the loader would (public half and SPKI pin only).
func KeyFact(k crypto.Signer, file string, role facts.Role) *facts.Key {
	pub := k.Public()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(der)
	fk := &facts.Key{Source: facts.Source{File: file, Role: role}, Public: pub, SPKIPin: hex.EncodeToString(sum[:])}
	switch p := pub.(type) {
	case *rsa.PublicKey:
		fk.Type, fk.Bits = "RSA", p.N.BitLen()
	case *ecdsa.PublicKey:
		fk.Type, fk.Curve, fk.Bits = "ECDSA", p.Curve.Params().Name, p.Curve.Params().BitSize
	case ed25519.PublicKey:
		fk.Type = "Ed25519"
	}
	return fk
}

// CSRFact is a CSR made with k, as the loader would describe file.
func CSRFact(k crypto.Signer, cn, file string) *facts.CSR {
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, k)
	if err != nil {
		panic(err)
	}
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		panic(err)
	}
	return &facts.CSR{Raw: der, X509: csr, Source: facts.Source{File: file}}
}

// NewFacts is a server-purpose deployment of certs checked at Now.
func NewFacts(certs ...*facts.Cert) *facts.Facts {
	return &facts.Facts{Now: Now, Options: facts.Options{Purpose: facts.PurposeServer, WarnDays: 30}, Certs: certs}
}

// Run runs one check and returns its findings and not-applicable reason.
func Run(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	var na string
	var out []checks.Finding
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			na = r.NotApplicable
			out = r.Findings
		}
	}
	for _, fd := range out {
		if fd.ID != id || fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
			t.Errorf("incomplete finding: %+v", fd)
		}
	}
	return out, na
}

// WantN runs check id and requires exactly n findings.
func WantN(t *testing.T, f *facts.Facts, id string, n int) []checks.Finding {
	t.Helper()
	got, _ := Run(t, f, id)
	if len(got) != n {
		t.Fatalf("%s: got %d findings, want %d: %+v", id, len(got), n, got)
	}
	return got
}

// WantContains requires s to contain every one of subs.
func WantContains(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}

// EmptyFacts is a server-purpose deployment, profile auto, checked at Now,
// with nothing in it yet (add with In).
func EmptyFacts() *facts.Facts {
	return &facts.Facts{Now: Now, Options: facts.Options{Purpose: facts.PurposeServer, Profile: facts.ProfileAuto}}
}

// In adds certificates to f as one input file with role, in the order given.
func In(f *facts.Facts, file string, role facts.Role, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Certs = append(f.Certs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: i, Role: role}})
	}
}

// Findings runs the checks a --checks pattern selects and returns their findings.
func Findings(t *testing.T, f *facts.Facts, pattern string) []checks.Finding {
	t.Helper()
	sel, err := checks.ParseSelector(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return checks.Findings(checks.Run(context.Background(), f, sel))
}

// WantFindings requires n findings and, for each of substrs, one whose
// message or fix mentions it.
func WantFindings(t *testing.T, got []checks.Finding, n int, substrs ...string) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d findings, want %d: %+v", len(got), n, got)
	}
	for _, s := range substrs {
		found := false
		for _, fd := range got {
			if strings.Contains(fd.Message, s) || strings.Contains(fd.Fix, s) {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding mentions %q: %+v", s, got)
		}
	}
}

// NeedTools fails the test when a command-line tool it compares against is
// missing (CI installs them: such tests must not skip).
func NeedTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required (CI installs it)", tool)
		}
	}
}

// TempWriter returns a function that writes a file (mode 0600) into a
// fresh temporary directory and returns its path.
func TempWriter(t *testing.T) func(name string, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	return func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// FixCommands returns the backquoted commands of a fix, in order.
func FixCommands(fix string) []string {
	parts := strings.Split(fix, "`")
	var out []string
	for i := 1; i < len(parts); i += 2 {
		out = append(out, parts[i])
	}
	return out
}

// RunFix runs every backquoted command of fix with `sh -c` in dir, one
// after the other, and returns the output (stdout and stderr) of each. A
// command that fails fails the test.
//
// placeholders replaces words the fix itself tells the user to fill in
// (key.no-certificate's CERT, "the certificate issued for ..."), and only
// those: a test that substitutes anything else would test a different
// command from the one the user reads.
func RunFix(t *testing.T, dir, fix string, placeholders map[string]string) []string {
	t.Helper()
	NeedTools(t, "openssl", "sh")
	cmds := FixCommands(fix)
	if len(cmds) == 0 {
		t.Fatalf("fix has no command to run: %q", fix)
	}
	var outs []string
	for _, cmd := range cmds {
		for from, to := range placeholders {
			cmd = strings.ReplaceAll(cmd, from, to)
		}
		c := exec.Command("sh", "-c", cmd)
		c.Dir = dir
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("fix command %q failed: %v\n%s", cmd, err, out)
		}
		outs = append(outs, string(out))
	}
	return outs
}

// ReadCert reads the one certificate in the PEM file path (a fix's
// output) as an input certificate with role, so that a test can run the
// check again on what the fix made.
func ReadCert(t *testing.T, path string, role facts.Role) *facts.Cert {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "CERTIFICATE" {
		t.Fatalf("%s holds no PEM certificate", filepath.Base(path))
	}
	x, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return &facts.Cert{Raw: b.Bytes, X509: x, Source: facts.Source{File: filepath.Base(path), Role: role}}
}

// Verify requires `openssl verify` to accept the certificate file cert
// under the root file ca, both in dir, at time at (not the wall clock).
func Verify(t *testing.T, dir, ca, cert string, at time.Time) {
	t.Helper()
	c := exec.Command("openssl", "verify", "-attime", strconv.FormatInt(at.Unix(), 10), "-CAfile", ca, cert)
	c.Dir = dir
	if out, err := c.CombinedOutput(); err != nil {
		t.Errorf("openssl verify -CAfile %s %s: %v\n%s", ca, cert, err, out)
	}
}
