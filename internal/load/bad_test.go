package load

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestBadContent(t *testing.T) {
	leaf := certgen.Leaf("bad.example.test", nil)
	good := string(leaf.PEM())
	lines := strings.Split(good, "\n")
	truncated := strings.Join(lines[:len(lines)/2], "\n") + "\n"
	badB64 := strings.Replace(good, lines[3], lines[3][:10]+"!!!!"+lines[3][14:], 1)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	sshBlock, err := ssh.MarshalPrivateKey(edKey, "test")
	if err != nil {
		t.Fatal(err)
	}
	// A well-formed block whose content is not a certificate.
	notACert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x05}})

	cases := []struct {
		name string
		data []byte
		kind facts.FileProblemKind
		want string
	}{
		{"garbage.pem", []byte("hello, this is not a certificate\n"), facts.FileNotPEMOrDER, `not PEM, DER, PKCS#7 or PKCS#12: first bytes 68 65 6c 6c (text without any "-----BEGIN" line)`},
		{"truncated.pem", []byte(truncated), facts.FileTruncatedPEM, `PEM block "CERTIFICATE" starting at line 1 has no END line (truncated?)`},
		{"badb64.pem", []byte(badB64), facts.FileBadBase64, `PEM block "CERTIFICATE" at line 1: bad base64`},
		{"empty.pem", nil, facts.FileEmpty, "file is empty"},
		{"blank.pem", []byte("\n  \r\n"), facts.FileEmpty, "file contains only whitespace"},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00rest of a binary"), facts.FileNotPEMOrDER, "not PEM, DER, PKCS#7 or PKCS#12: first bytes 7f 45 4c 46 (an ELF binary?)"},
		{"id_ed25519", pem.EncodeToMemory(sshBlock), facts.FileOpenSSHKey, "OpenSSH private key"},
		{"notcert.pem", notACert, facts.FileBadCert, `PEM block "CERTIFICATE" at line 1 is not a valid certificate`},
		{"nobegin.pem", []byte(strings.Join(lines[len(lines)/2:], "\n")), facts.FileTruncatedPEM, `without a BEGIN line`},
		{"mismatch.pem", []byte(strings.Replace(good, "END CERTIFICATE", "END PRIVATE KEY", 1)), facts.FileTruncatedPEM, `ends with "-----END PRIVATE KEY-----"`},
		{"bare.b64", []byte(strings.Join(lines[1:len(lines)-2], "\n")), facts.FileBareBase64, "base64 text without PEM header lines: it decodes to a certificate"},
		{"oneline.pem", []byte(strings.Join(lines, " ")), facts.FileOneLinePEM, "line 1 holds a whole PEM block on one line"},
		{"junk.der", []byte{0x30, 0x03, 0x02, 0x01, 0x05}, facts.FileNotPEMOrDER, "DER"},
	}
	dir := t.TempDir()
	var paths []string
	for _, tc := range cases {
		paths = append(paths, write(t, dir, tc.name, tc.data))
	}
	f, err := Load(context.Background(), Config{Paths: paths, NoSystemRoots: true})
	if err != nil {
		t.Fatalf("content problems must not be errors: %v", err)
	}
	for i, tc := range cases {
		oneProblem(t, f, paths[i], tc.kind, tc.want)
		if tc.name == "bare.b64" {
			if got := fileByPath(t, f, paths[i]).Problems[0].PEMType; got != "CERTIFICATE" {
				t.Errorf("bare base64 certificate: PEM type %q", got)
			}
		}
	}
	if len(f.Certs) != 0 {
		t.Errorf("%d certificates loaded from bad input", len(f.Certs))
	}
}

// Good blocks survive a bad one in the same file, and keep their positions.
func TestBadBlockAmongGood(t *testing.T) {
	a := certgen.Leaf("a.example.test", nil)
	b := certgen.Leaf("b.example.test", nil)
	lines := strings.Split(string(a.PEM()), "\n")
	truncated := strings.Join(lines[:5], "\n") + "\n"
	data := truncated + string(b.PEM())
	path := write(t, t.TempDir(), "mixed.pem", []byte(data))
	f := mustLoad(t, Config{Paths: []string{path}})
	oneProblem(t, f, path, facts.FileTruncatedPEM, "no END line before the next BEGIN at line 6")
	if len(f.Certs) != 1 || !bytes.Equal(f.Certs[0].Raw, b.DER) {
		t.Fatalf("certs %d", len(f.Certs))
	}
}

// A 100 MB file is neither read into memory nor an error.
func TestHugeFileBoundedMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.pem")
	if err := os.WriteFile(path, []byte("-----BEGIN CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 100<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f := mustLoad(t, Config{Paths: []string{path}})
	runtime.ReadMemStats(&after)
	if grew := int64(after.TotalAlloc) - int64(before.TotalAlloc); grew > 64<<20 {
		t.Errorf("loading a 100 MB file allocated %d MB", grew>>20)
	}
	oneProblem(t, f, path, facts.FileTooLarge, "file is 104857600 bytes, larger than the 16 MiB limit")
	if file := fileByPath(t, f, path); file.Size != 100<<20 || !file.HasMode {
		t.Errorf("size %d", file.Size)
	}
}

// Standard input is bounded the same way.
func TestHugeStdin(t *testing.T) {
	f := mustLoad(t, Config{Paths: []string{"-"}, Stdin: zeros{}, MaxFileSize: 1 << 20})
	oneProblem(t, f, "-", facts.FileTooLarge, "standard input is larger than the 1 MiB limit")
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
