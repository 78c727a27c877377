package load

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// TestClientCredentialsEncryptedKey: `probe --cert C --key K` opens an
// encrypted key with the password (--password / TLSCHECK_PASSWORD) as
// `files` does, instead of asking for a decrypted copy on disk (issue 9
// item 8).
func TestClientCredentialsEncryptedKey(t *testing.T) {
	// PKCS#8 PBES2 (AES-256-CBC), made by testdata/example/make.sh with
	// `openssl genpkey -aes-256-cbc -pass pass:mosquitto`.
	dir := filepath.Join("..", "..", "testdata", "example", "mosquitto")
	cert, key := filepath.Join(dir, "websockets.crt"), filepath.Join(dir, "websockets.key")
	certs, signer, err := ClientCredentials(context.Background(), cert, key, "mosquitto", 0)
	if err != nil {
		t.Fatalf("PKCS#8 PBES2 key with its passphrase: %v", err)
	}
	if len(certs) == 0 || !samePublic(certs[0].PublicKey, signer.Public()) {
		t.Fatalf("the opened key does not match %s", cert)
	}
	if _, _, err := ClientCredentials(context.Background(), cert, key, "", 0); err == nil || !strings.Contains(err.Error(), "TLSCHECK_PASSWORD") {
		t.Errorf("no password: want an error naming TLSCHECK_PASSWORD, got %v", err)
	}
	if _, _, err := ClientCredentials(context.Background(), cert, key, "wrong", 0); err == nil || !strings.Contains(err.Error(), "does not open it") {
		t.Errorf("wrong password: got %v", err)
	}

	// OpenSSL's legacy "Proc-Type: 4,ENCRYPTED" PEM.
	leaf := certgen.ClientLeaf("client", certgen.Root("R"))
	tmp := t.TempDir()
	der, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 legacy PEM encryption is what is being tested.
	block, err := x509.EncryptPEMBlock(rand.Reader, "PRIVATE KEY", der, []byte("secret"), x509.PEMCipherAES256) //nolint:staticcheck
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(tmp, "client.crt"), filepath.Join(tmp, "client.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.DER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, signer, err := ClientCredentials(context.Background(), certFile, keyFile, "secret", 0); err != nil || !samePublic(leaf.X509.PublicKey, signer.Public()) {
		t.Errorf("legacy encrypted PEM with its passphrase: %v", err)
	}
}

// TestClientCredentialsKeyMismatch: a --key of another certificate is a
// typed KeyMismatchError returned with the certificates and the key, so
// that the probe can report it as a finding; ClientKeyFacts keeps only the
// public half.
func TestClientCredentialsKeyMismatch(t *testing.T) {
	leaf := certgen.ClientLeaf("client", certgen.Root("R"))
	other := certgen.NewKey("p256")
	tmp := t.TempDir()
	certFile, keyFile := filepath.Join(tmp, "client.crt"), filepath.Join(tmp, "other.key")
	if err := os.WriteFile(certFile, leaf.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, certgen.KeyPEM(other), 0o600); err != nil {
		t.Fatal(err)
	}
	certs, signer, err := ClientCredentials(context.Background(), certFile, keyFile, "", 0)
	var mismatch *KeyMismatchError
	if !errors.As(err, &mismatch) || mismatch.KeyFile != keyFile || mismatch.CertFile != certFile {
		t.Fatalf("want a KeyMismatchError naming both files, got %v", err)
	}
	if len(certs) != 1 || signer == nil {
		t.Fatalf("the certificates and key are not returned with the mismatch: %d, %v", len(certs), signer)
	}
	k := ClientKeyFacts(signer, keyFile)
	if k.Type != "ECDSA" || k.Source.File != keyFile || k.SPKIPin == "" || k.SPKIPin == spkiPin(leaf.X509.PublicKey) {
		t.Errorf("key facts: %+v", k)
	}
}
