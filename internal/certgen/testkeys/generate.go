//go:build ignore

// generate writes the RSA keys of certgen's key pool (8 of each size that
// the tests use), so test processes do not spend their time generating
// them. These keys are test fixtures: public, never used outside tests.
//
//	go run ./internal/certgen/testkeys/generate.go
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"log"
	"os"
	"path/filepath"
	"strconv"
)

func main() {
	dir := filepath.Join("internal", "certgen", "testkeys")
	for _, bits := range []int{1024, 2048, 4096} {
		var out []byte
		for range 8 {
			k, err := rsa.GenerateKey(rand.Reader, bits)
			if err != nil {
				log.Fatal(err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(k)
			if err != nil {
				log.Fatal(err)
			}
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})...)
		}
		name := filepath.Join(dir, "rsa"+strconv.Itoa(bits)+".pem")
		if err := os.WriteFile(name, out, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
