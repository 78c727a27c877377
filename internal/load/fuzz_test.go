package load

import (
	"context"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// FuzzParse: no input makes the loader panic or return an error (content
// problems are findings). `go test -fuzz FuzzParse ./internal/load` explores.
func FuzzParse(f *testing.F) {
	leaf := certgen.Leaf("fuzz.example.test", nil, certgen.KeyType("p256"))
	f.Add(leaf.PEM())
	f.Add(leaf.DER)
	f.Add(leaf.KeyPEM())
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMII=\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{0x30, 0x82, 0xff, 0xff})
	f.Add([]byte{0x30, 0x80, 0x06, 0x09})
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := LoadInputs(context.Background(), []Input{{Name: "fuzz", Data: data}}, Config{NoSystemRoots: true, Password: "x"}); err != nil {
			t.Fatal(err)
		}
	})
}
