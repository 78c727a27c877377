package probe

import (
	"crypto"
	"crypto/rsa"
	"io"
	"math/big"

	zrsa "github.com/zmap/zcrypto/rsa"
)

// clientSigner adapts a client key to zcrypto, which recognises RSA keys by
// its own rsa.PublicKey type and asks for PSS with its own PSSOptions. The
// key stays with the caller's signer; only the public half is converted.
func clientSigner(k crypto.Signer) crypto.Signer {
	if pub, ok := k.Public().(*rsa.PublicKey); ok {
		return &rsaSigner{key: k, pub: &zrsa.PublicKey{N: pub.N, E: big.NewInt(int64(pub.E))}}
	}
	return k
}

type rsaSigner struct {
	key crypto.Signer
	pub *zrsa.PublicKey
}

func (s *rsaSigner) Public() crypto.PublicKey { return s.pub }

func (s *rsaSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if pss, ok := opts.(*zrsa.PSSOptions); ok {
		opts = &rsa.PSSOptions{SaltLength: pss.SaltLength, Hash: pss.Hash}
	}
	return s.key.Sign(r, digest, opts)
}
