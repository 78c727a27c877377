package file

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

func TestFormatUnknownFromLoader(t *testing.T) {
	dir := t.TempDir()
	leaf := certgen.Leaf("fmt.example.test", nil)
	lines := strings.Split(string(leaf.PEM()), "\n")
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	sshBlock, err := ssh.MarshalPrivateKey(edKey, "")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"truncated.pem": []byte(strings.Join(lines[:6], "\n")),
		"id_ed25519":    pem.EncodeToMemory(sshBlock),
		"empty.pem":     nil,
		"app.bin":       []byte("\x7fELF\x02\x01\x01"),
		"good.pem":      leaf.PEM(),
	}
	wantFixes := map[string]string{
		"truncated.pem": "openssl x509 -in original.crt -out " + filepath.Join(dir, "truncated.pem"),
		"id_ed25519":    "ssh-keygen -p -m PEM -f " + filepath.Join(dir, "id_ed25519"),
		"empty.pem":     "is empty",
		"app.bin":       "leave it out of the tlscheck arguments",
	}
	var paths []string
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	f := loadPaths(t, load.Config{Paths: paths})
	fds, _ := run(t, f, "file.format-unknown")
	if len(fds) != len(wantFixes) {
		t.Fatalf("%d findings, want %d: %+v", len(fds), len(wantFixes), fds)
	}
	for _, fd := range fds {
		name := filepath.Base(fd.Subject)
		if fd.Severity != checks.Error || fd.Evidence["file"] != fd.Subject || fd.Evidence["problem"] == "" {
			t.Errorf("%s: %+v", name, fd)
		}
		if !strings.Contains(fd.Message, fd.Evidence["problem"]) {
			t.Errorf("%s: message does not quote the problem: %s", name, fd.Message)
		}
		wantFix(t, fd, wantFixes[name])
	}
}

func TestFormatUnknownSkipsCleanAndUnreadable(t *testing.T) {
	f := facts1(
		&facts.File{Path: "ok.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
		&facts.File{Path: "locked.pem", Problems: []facts.FileProblem{{Kind: facts.FileDenied, Detail: "permission denied"}}},
		&facts.File{Path: "bundle.p12", Encoding: facts.EncodingPKCS12, PKCS12Error: "wrong password"},
	)
	if fds, na := run(t, f, "file.format-unknown"); len(fds) != 0 || na != "" {
		t.Errorf("findings %+v na %q", fds, na)
	}
	if _, na := run(t, &facts.Facts{}, "file.format-unknown"); na == "" {
		t.Error("no files: want not applicable")
	}
}

// A file the loader accepted but that holds nothing (only EC PARAMETERS).
func TestFormatUnknownNothingRecognised(t *testing.T) {
	f := facts1(&facts.File{Path: "params.pem", Encoding: facts.EncodingPEM})
	fds, _ := run(t, f, "file.format-unknown")
	if len(fds) != 1 || !strings.Contains(fds[0].Message, "nothing tlscheck recognises") {
		t.Fatalf("%+v", fds)
	}
}

// Every content problem kind has its remedy; the generic one is for those
// with nothing more specific to say.
func TestFormatUnknownFixPerKind(t *testing.T) {
	f := &facts.File{Path: "x.pem"}
	want := map[facts.FileProblemKind]string{
		facts.FileTooLarge:       "far bigger than any certificate",
		facts.FileEmpty:          "is empty",
		facts.FileTruncatedPEM:   "is cut short",
		facts.FileOneLinePEM:     "each on a line of their own",
		facts.FileBadBase64:      "base64 in x.pem is damaged",
		facts.FileOpenSSHKey:     "ssh-keygen -p -m PEM -f x.pem",
		facts.FileSSHKey:         "TLS needs an X.509 certificate",
		facts.FileJavaKeyStore:   "keytool -importkeystore",
		facts.FileNotPEMOrDER:    "is not a certificate or key",
		facts.FilePKCS7:          "openssl pkcs7 -inform der -print_certs",
		facts.FilePKCS12:         "openssl pkcs12 -in x.pem -nodes",
		facts.FileBadCert:        "the certificate does not parse",
		facts.FileBadCSR:         "make the request again",
		facts.FileBadKey:         "the key block is damaged",
		facts.FileBadPublicKey:   "-pubout",
		facts.FileBadCRL:         "download the CRL again",
		facts.FileBadDH:          "openssl dhparam",
		facts.FileUnknownBlock:   "remove that block",
		facts.FileBareBase64:     "-----BEGIN CERTIFICATE-----",
		facts.FileOther:          "replace x.pem with a PEM copy",
		facts.FileStreamTooLarge: "replace x.pem with a PEM copy",
		facts.FileEmptyPEMBlock:  "replace x.pem with a PEM copy",
		facts.FileNoPEMBlock:     "replace x.pem with a PEM copy",
		facts.FileBadDER:         "replace x.pem with a PEM copy",
	}
	for k := facts.FileOther; k.String() != fmt.Sprintf("FileProblemKind(%d)", int(k)); k++ {
		if k.Unreadable() {
			continue
		}
		w, ok := want[k]
		if !ok {
			t.Errorf("%v: no expected fix in this test", k)
			continue
		}
		if fix := fixFor(f, facts.FileProblem{Kind: k}); !strings.Contains(fix, w) {
			t.Errorf("%v: fix %q, want it to contain %q", k, fix, w)
		}
	}
	fix := fixFor(f, facts.FileProblem{Kind: facts.FileBareBase64, PEMType: "EC PRIVATE KEY"})
	if !strings.Contains(fix, "-----BEGIN EC PRIVATE KEY-----") || !strings.Contains(fix, "> x-converted.pem") {
		t.Errorf("bare base64 key: %q", fix)
	}
}
