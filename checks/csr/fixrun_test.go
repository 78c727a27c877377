package csr

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// The csr checks' fixes, run with openssl: the request they make again in
// place, from the key given beside it, is no longer reported.
func TestCSRFixesRun(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	for id, edit := range map[string]func(*facts.CSR) *facts.CSR{
		"csr.no-san":  func(r *facts.CSR) *facts.CSR { return r },
		"csr.cn-port": func(*facts.CSR) *facts.CSR { return nil }, // made below, with a port in the CN
		"csr.signature-invalid": func(r *facts.CSR) *facts.CSR {
			der := append([]byte(nil), r.Raw...)
			der[len(der)-1] ^= 0xff
			return parseCSR(t, der, r.Source.File)
		},
	} {
		t.Run(id, func(t *testing.T) {
			k := certgen.NewKey("p256")
			r := edit(makeCSR(t, k, "req/server.csr", nil))
			if r == nil {
				r = makeCSR(t, k, "req/server.csr", func(c *x509.CertificateRequest) {
					c.Subject.CommonName, c.DNSNames = "broker.example:8883", []string{"broker.example"}
				})
			}
			write := checktest.TempWriter(t)
			dir := filepath.Dir(write("server.key", certgen.KeyPEM(k)))
			if err := os.Mkdir(filepath.Join(dir, "req"), 0o700); err != nil {
				t.Fatal(err)
			}
			write("req/server.csr", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: r.Raw}))
			f := newFacts(r)
			f.Keys = []*facts.Key{checktest.KeyFact(k, "server.key", facts.RoleAuto)}
			got := wantN(t, f, id, 1)
			checktest.RunFix(t, dir, got[0].Fix, nil)
			data, err := os.ReadFile(filepath.Join(dir, "req/server.csr"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := pem.Decode(data)
			if b == nil {
				t.Fatal("req/server.csr holds no PEM block after the fix")
			}
			again := newFacts(parseCSR(t, b.Bytes, "req/server.csr"))
			again.Keys = f.Keys
			wantN(t, again, id, 0)
			if !again.CSRs[0].X509.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(k.Public()) {
				t.Error("the request made again is not for the key given")
			}
		})
	}
}
