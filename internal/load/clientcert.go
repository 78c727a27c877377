package load

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"software.sslmate.com/src/go-pkcs12"
)

// ClientCredentials reads the --cert/--key pair for mutual TLS: a PEM
// certificate (leaf first, intermediates after) with a PEM or DER key, or a
// PKCS#12 bundle given as --cert alone. The private key stays in memory for
// the handshake only; it never reaches Facts.
// Unlike Load it returns the signer, which the probe needs for the
// handshake; Facts never holds it. Each file is read as Load reads one:
// within DefaultMaxFileSize, and, for a FIFO or device, within stall
// (0: DefaultStallTimeout) and ctx.
func ClientCredentials(ctx context.Context, certPath, keyPath, password string, stall time.Duration) ([]*x509.Certificate, crypto.Signer, error) {
	if stall <= 0 {
		stall = DefaultStallTimeout
	}
	data, err := readCredential(ctx, certPath, stall)
	if err != nil {
		return nil, nil, err
	}
	if keyPath == "" {
		if block, _ := pem.Decode(data); block != nil {
			return nil, nil, fmt.Errorf("%s holds no private key: give it with --key", certPath)
		}
		priv, leaf, cas, err := pkcs12.DecodeChain(data, password)
		if err != nil {
			if errors.Is(err, pkcs12.ErrIncorrectPassword) {
				return nil, nil, fmt.Errorf("%s: wrong or missing PKCS#12 password (set TLSCHECK_PASSWORD or --password)", certPath)
			}
			return nil, nil, fmt.Errorf("%s: not a PKCS#12 bundle and no --key given", certPath)
		}
		signer, ok := priv.(crypto.Signer)
		if !ok {
			return nil, nil, fmt.Errorf("%s: unsupported private key type %T", certPath, priv)
		}
		return append([]*x509.Certificate{leaf}, cas...), signer, nil
	}
	var certs []*x509.Certificate
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", certPath, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		c, err := x509.ParseCertificate(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s holds no certificate", certPath)
		}
		certs = append(certs, c)
	}
	keyData, err := readCredential(ctx, keyPath, stall)
	if err != nil {
		return nil, nil, err
	}
	signer, err := parseSigner(keyData, password)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", keyPath, err)
	}
	if !samePublic(certs[0].PublicKey, signer.Public()) {
		return certs, signer, &KeyMismatchError{CertFile: certPath, KeyFile: keyPath}
	}
	return certs, signer, nil
}

// readCredential reads one --cert or --key file. A device the runtime
// poller does not handle has no read deadline, so the read is also left
// behind (and its file closed) when ctx ends.
func readCredential(ctx context.Context, path string, stall time.Duration) ([]byte, error) {
	type read struct {
		data []byte
		err  error
	}
	done := make(chan read, 1)
	go func() {
		data, err := readPath(ctx, path, DefaultMaxFileSize, stall)
		done <- read{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// parseSigner reads the key; an encrypted one (PKCS#8 PBES2 or legacy PEM)
// is opened with the password, as `files` opens it (--password,
// TLSCHECK_PASSWORD).
func parseSigner(data []byte, password string) (crypto.Signer, error) {
	der := data
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] == "4,ENCRYPTED" {
			if password == "" {
				return nil, errors.New("the private key is encrypted: give its passphrase with TLSCHECK_PASSWORD (or --password)")
			}
			plain, err := decryptKeyBlock(block, password)
			if err != nil {
				return nil, fmt.Errorf("the private key is encrypted and the passphrase given does not open it (%v)", err)
			}
			der = plain
			break
		}
		if block.Type == "PRIVATE KEY" || block.Type == "RSA PRIVATE KEY" || block.Type == "EC PRIVATE KEY" {
			der = block.Bytes
			break
		}
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, errors.New("no usable private key (PEM or DER: PKCS#8, PKCS#1 or SEC 1)")
}

func samePublic(a, b crypto.PublicKey) bool {
	switch k := a.(type) {
	case *rsa.PublicKey:
		return k.Equal(b)
	case *ecdsa.PublicKey:
		return k.Equal(b)
	case ed25519.PublicKey:
		return k.Equal(b)
	}
	return false
}

// decryptKeyBlock opens an encrypted PEM key block: PKCS#8 PBES2 with PBKDF2
// (what `openssl genpkey -aes-256-cbc` writes) or OpenSSL's legacy
// "Proc-Type: 4,ENCRYPTED".
func decryptKeyBlock(block *pem.Block, password string) ([]byte, error) {
	if block.Type != "ENCRYPTED PRIVATE KEY" {
		//lint:ignore SA1019 legacy PEM encryption is what these files use.
		return x509.DecryptPEMBlock(block, []byte(password)) //nolint:staticcheck
	}
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(block.Bytes, &info); err != nil || len(rest) > 0 {
		return nil, errors.New("not a valid EncryptedPrivateKeyInfo")
	}
	if !info.Algo.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("unsupported encryption %s: re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`", info.Algo.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil {
		return nil, errors.New("bad PBES2 parameters")
	}
	return decryptPBES2(&params, info.EncryptedData, password)
}

// KeyMismatchError says that the --key does not belong to the first
// certificate of --cert. ClientCredentials returns it together with the
// certificates and the key, so that a probe can record the mismatch
// (ClientKeyFacts) and report it as a finding rather than stop.
type KeyMismatchError struct {
	CertFile, KeyFile string
}

func (e *KeyMismatchError) Error() string {
	return fmt.Sprintf("%s does not belong to the certificate in %s", e.KeyFile, e.CertFile)
}

// ClientKeyFacts describes the client key read by ClientCredentials from
// file (its public half and SPKI pin only: the private key goes no further).
func ClientKeyFacts(signer crypto.Signer, file string) *facts.Key {
	k, err := keyFacts(signer)
	if err != nil {
		k = &facts.Key{Type: facts.KeyUnknown, Public: signer.Public(), SPKIPin: spkiPin(signer.Public())}
	}
	k.Source = facts.Source{File: file}
	return k
}
