package load

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestPEMBundleWithTextCRLFAndBOM(t *testing.T) {
	root := certgen.Root("Test Root")
	inter := certgen.Intermediate("Test Inter", root)
	leaf := certgen.Leaf("www.example.test", inter)
	var b bytes.Buffer
	b.Write(utf8BOM)
	b.WriteString("Certificate:\n    Data: subject=www.example.test\n")
	b.Write(leaf.PEM())
	b.WriteString("\nsubject=CN=Test Inter\nissuer=CN=Test Root\n")
	b.Write(inter.PEM())
	crlf := bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte("\r\n"))
	dir := t.TempDir()
	path := write(t, dir, "bundle.crt", crlf)

	f := mustLoad(t, Config{Paths: []string{path}})
	noProblems(t, f)
	if len(f.Certs) != 2 {
		t.Fatalf("got %d certs, want 2", len(f.Certs))
	}
	for i, want := range []*certgen.Cert{leaf, inter} {
		c := f.Certs[i]
		if !bytes.Equal(c.Raw, want.DER) || c.Source.Index != i || c.Source.File != path || c.X509 == nil {
			t.Errorf("cert %d: source %+v, subject %v", i, c.Source, c.X509.Subject)
		}
	}
	file := fileByPath(t, f, path)
	if file.Encoding != facts.EncodingPEM || len(file.Kinds) != 1 || file.Kinds[0] != facts.KindCertificate {
		t.Errorf("file: encoding %q kinds %v", file.Encoding, file.Kinds)
	}
	if !file.HasMode || file.Mode != 0o600 || file.Size != int64(len(crlf)) {
		t.Errorf("file: mode %o has %v size %d", file.Mode, file.HasMode, file.Size)
	}
}

func TestBlockTypes(t *testing.T) {
	root := certgen.Root("Types Root")
	leaf := certgen.Leaf("types.example.test", root, certgen.KeyType("p256"))
	trusted := append(append([]byte{}, leaf.DER...), 0x30, 0x00) // cert + empty trust settings
	csrDER, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{DNSNames: []string{"csr.example.test"}}, leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	crlDER, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: certgen.Epoch, NextUpdate: certgen.Epoch.AddDate(0, 0, 7)}, root.X509, root.Key)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(leaf.Key.Public())
	dh := rfc3526Group14(t)
	enc := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	var all []byte
	for _, part := range [][]byte{
		enc("TRUSTED CERTIFICATE", trusted),
		enc("X509 CERTIFICATE", root.DER),
		enc("NEW CERTIFICATE REQUEST", csrDER),
		enc("X509 CRL", crlDER),
		enc("PUBLIC KEY", pubDER),
		enc("DH PARAMETERS", dh),
		enc("EC PARAMETERS", []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}),
	} {
		all = append(all, part...)
	}
	path := write(t, t.TempDir(), "everything.pem", all)
	f := mustLoad(t, Config{Paths: []string{path}})
	noProblems(t, f)
	if len(f.Certs) != 2 || !bytes.Equal(f.Certs[0].Raw, leaf.DER) || f.Certs[1].Source.Index != 1 {
		t.Errorf("certs: %d", len(f.Certs))
	}
	if len(f.CSRs) != 1 || f.CSRs[0].SignatureError != "" || f.CSRs[0].X509.DNSNames[0] != "csr.example.test" {
		t.Errorf("CSRs: %+v", f.CSRs)
	}
	if len(f.CRLs) != 1 || f.CRLs[0].X509 == nil {
		t.Errorf("CRLs: %+v", f.CRLs)
	}
	if len(f.DHParams) != 1 || f.DHParams[0].Bits != 2048 || f.DHParams[0].G.Int64() != 2 {
		t.Errorf("DH: %+v", f.DHParams)
	}
	want := []string{facts.KindCertificate, facts.KindCSR, facts.KindCRL, facts.KindPublicKey, facts.KindDHParams}
	if got := fileByPath(t, f, path).Kinds; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("kinds %v, want %v", got, want)
	}
}

// rfc3526Group14 is the 2048-bit MODP group as PKCS#3 DHParameter DER.
func rfc3526Group14(t *testing.T) []byte {
	p, _ := new(big.Int).SetString("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)
	der, err := asn1.Marshal(struct{ P, G *big.Int }{p, big.NewInt(2)})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestPrivateKeyForms(t *testing.T) {
	rsaKey := certgen.NewKey("rsa2048").(*rsa.PrivateKey)
	ecKey := certgen.NewKey("p384").(*ecdsa.PrivateKey)
	edKey := certgen.NewKey("ed25519")
	xKey, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sec1, _ := x509.MarshalECPrivateKey(ecKey)
	xDER, _ := x509.MarshalPKCS8PrivateKey(xKey)
	cases := []struct {
		name, typ, curve string
		bits             int
		data             []byte
		pub              any
	}{
		{"pkcs8-rsa.pem", "RSA", "", 2048, certgen.KeyPEM(rsaKey), rsaKey.Public()},
		{"pkcs1.pem", "RSA", "", 2048, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), rsaKey.Public()},
		{"sec1.pem", "ECDSA", "P-384", 384, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}), ecKey.Public()},
		{"ed25519.pem", "Ed25519", "", 0, certgen.KeyPEM(edKey), edKey.Public()},
		{"x25519.pem", "X25519", "", 0, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: xDER}), xKey.PublicKey()},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, dir, tc.name, tc.data)
			f := mustLoad(t, Config{Paths: []string{path}})
			noProblems(t, f)
			if len(f.Keys) != 1 {
				t.Fatalf("%d keys", len(f.Keys))
			}
			k := f.Keys[0]
			if string(k.Type) != tc.typ || k.Curve != tc.curve || k.Bits != tc.bits || k.Encrypted {
				t.Errorf("key %+v", k)
			}
			if k.SPKIPin != spkiPin(tc.pub) || k.SPKIPin == "" {
				t.Errorf("SPKIPin %q", k.SPKIPin)
			}
			if k.Source.File != path || k.Source.Index != 0 {
				t.Errorf("source %+v", k.Source)
			}
			// The private key must not survive into Facts in any form.
			js, _ := json.Marshal(f)
			der, _ := pem.Decode(tc.data)
			if bytes.Contains(js, []byte(base64.StdEncoding.EncodeToString(der.Bytes))) {
				t.Error("private key DER found in the JSON facts")
			}
			switch k.Public.(type) {
			case *rsa.PrivateKey, *ecdsa.PrivateKey, *ecdh.PrivateKey:
				t.Errorf("Public holds a private key: %T", k.Public)
			}
		})
	}
}

// A key's SPKIPin is the one of its certificate: key.mismatch relies on it.
func TestKeyPinMatchesCertPin(t *testing.T) {
	leaf := certgen.Leaf("pin.example.test", nil, certgen.KeyType("p256"))
	path := write(t, t.TempDir(), "combined.pem", append(leaf.PEM(), leaf.KeyPEM()...))
	f := mustLoad(t, Config{Paths: []string{path}})
	if len(f.Keys) != 1 || len(f.Certs) != 1 || f.Keys[0].SPKIPin != f.Certs[0].SPKIPin() {
		t.Fatalf("keys %d certs %d", len(f.Keys), len(f.Certs))
	}
	if kinds := fileByPath(t, f, path).Kinds; len(kinds) != 2 {
		t.Errorf("kinds %v", kinds)
	}
}

func TestDERByContent(t *testing.T) {
	leaf := certgen.Leaf("der.example.test", nil)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(leaf.Key)
	dir := t.TempDir()
	certPath := write(t, dir, "server.pem", leaf.DER) // the extension lies: content decides
	keyPath := write(t, dir, "key.bin", keyDER)
	f := mustLoad(t, Config{Paths: []string{certPath, keyPath}})
	noProblems(t, f)
	for _, p := range []string{certPath, keyPath} {
		if enc := fileByPath(t, f, p).Encoding; enc != facts.EncodingDER {
			t.Errorf("%s: encoding %q", p, enc)
		}
	}
	if len(f.Certs) != 1 || len(f.Keys) != 1 || f.Keys[0].SPKIPin != f.Certs[0].SPKIPin() {
		t.Errorf("certs %d keys %d", len(f.Certs), len(f.Keys))
	}
}

func TestLoadInputsRoles(t *testing.T) {
	root := certgen.Root("Inputs Root")
	clientRoot := certgen.Root("Client Root")
	leaf := certgen.Leaf("inputs.example.test", root)
	f, err := LoadInputs(context.Background(), []Input{
		{Name: "leaf.pem", Data: leaf.PEM()},
		{Name: "ca.pem", Role: facts.RoleCA, Data: root.PEM()},
		{Name: "clients.pem", Role: facts.RoleClientCA, Data: clientRoot.PEM()},
	}, Config{Now: certgen.Epoch, Options: facts.Options{WarnDays: 30}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Certs) != 1 || len(f.Roots) != 1 || len(f.ClientCAs) != 1 {
		t.Fatalf("certs %d roots %d client CAs %d", len(f.Certs), len(f.Roots), len(f.ClientCAs))
	}
	if f.Roots[0].Source.Role != facts.RoleCA || !f.Roots[0].Anchor() || f.ClientCAs[0].Source.Role != facts.RoleClientCA {
		t.Errorf("roles: %+v %+v", f.Roots[0].Source, f.ClientCAs[0].Source)
	}
	if !f.Now.Equal(certgen.Epoch) || f.Options.WarnDays != 30 {
		t.Errorf("now %v options %+v", f.Now, f.Options)
	}
}

// TestClockSecondGranularity: certificate times have one-second
// granularity, so the clock is compared at that granularity: 5 ms after a
// notAfter of 00:00:00 the certificate is still inside its inclusive
// validity period (x509-limbo rfc5280::validity::notafter-fractional).
func TestClockSecondGranularity(t *testing.T) {
	at := time.Date(2024, 4, 1, 0, 0, 0, 5_000_000, time.UTC)
	f, err := LoadInputs(context.Background(), nil, Config{NoSystemRoots: true, Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC); !f.Now.Equal(want) {
		t.Errorf("Facts.Now = %s, want %s", f.Now.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
}
