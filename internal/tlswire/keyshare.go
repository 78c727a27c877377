package tlswire

import (
	"crypto/ecdh"
	"crypto/mlkem"
	"crypto/rand"
	"errors"
	"sync"
)

// Named groups a key share can be made for.
const (
	GroupSecp256r1          uint16 = 23
	GroupSecp384r1          uint16 = 24
	GroupSecp521r1          uint16 = 25
	GroupX25519             uint16 = 29
	GroupX448               uint16 = 30
	GroupFFDHE2048          uint16 = 256
	GroupFFDHE3072          uint16 = 257
	GroupFFDHE4096          uint16 = 258
	GroupFFDHE6144          uint16 = 259
	GroupFFDHE8192          uint16 = 260
	GroupSecP256r1MLKEM768  uint16 = 0x11eb
	GroupX25519MLKEM768     uint16 = 0x11ec
	GroupSecP384r1MLKEM1024 uint16 = 0x11ed
)

var (
	sharesMu sync.Mutex
	shares   = map[uint16][]byte{}
	// secrets keeps the private halves of the shares that can finish a
	// key exchange (ECDH and X25519MLKEM768), for the TLS 1.3 reader.
	ecdhKeys  = map[uint16]*ecdh.PrivateKey{}
	mlkemKeys = map[uint16]*mlkem.DecapsulationKey768{}
)

// KeyShare returns a well-formed client key share for group g, made once
// per process. ok is false for a group we cannot make one for.
func KeyShare(g uint16) (share []byte, ok bool) {
	sharesMu.Lock()
	defer sharesMu.Unlock()
	if s, ok := shares[g]; ok {
		return s, true
	}
	s := makeShare(g)
	if s == nil {
		return nil, false
	}
	shares[g] = s
	return s, true
}

// ecdhShare makes a share and, when g is not 0, keeps its private key
// under g. Callers hold sharesMu.
func ecdhShare(g uint16, c ecdh.Curve) []byte {
	k, err := c.GenerateKey(rand.Reader)
	if err != nil {
		return nil
	}
	if g != 0 {
		ecdhKeys[g] = k
	}
	return k.PublicKey().Bytes()
}

func makeShare(g uint16) []byte {
	switch g {
	case GroupX25519:
		return ecdhShare(g, ecdh.X25519())
	case GroupSecp256r1:
		return ecdhShare(g, ecdh.P256())
	case GroupSecp384r1:
		return ecdhShare(g, ecdh.P384())
	case GroupSecp521r1:
		return ecdhShare(g, ecdh.P521())
	case GroupX448:
		// Any 56 bytes are an X448 public value (RFC 7748 5).
		b := make([]byte, 56)
		rand.Read(b)
		return b
	case GroupFFDHE2048, GroupFFDHE3072, GroupFFDHE4096, GroupFFDHE6144, GroupFFDHE8192:
		// The public value 2, padded to the prime's length (RFC 8446
		// 4.2.8.1): in range, and never used for a key.
		n := map[uint16]int{256: 256, 257: 384, 258: 512, 259: 768, 260: 1024}[g]
		b := make([]byte, n)
		b[n-1] = 2
		return b
	case GroupX25519MLKEM768:
		k, err := mlkem.GenerateKey768()
		if err != nil {
			return nil
		}
		mlkemKeys[g] = k
		x, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			return nil
		}
		ecdhKeys[g] = x
		return append(k.EncapsulationKey().Bytes(), x.PublicKey().Bytes()...)
	case GroupSecP256r1MLKEM768:
		k, err := mlkem.GenerateKey768()
		if err != nil {
			return nil
		}
		return append(ecdhShare(0, ecdh.P256()), k.EncapsulationKey().Bytes()...)
	case GroupSecP384r1MLKEM1024:
		k, err := mlkem.GenerateKey1024()
		if err != nil {
			return nil
		}
		return append(ecdhShare(0, ecdh.P384()), k.EncapsulationKey().Bytes()...)
	}
	return nil
}

// CanShare reports whether KeyShare can make a share for g.
func CanShare(g uint16) bool {
	switch g {
	case GroupX25519, GroupSecp256r1, GroupSecp384r1, GroupSecp521r1, GroupX448,
		GroupFFDHE2048, GroupFFDHE3072, GroupFFDHE4096, GroupFFDHE6144, GroupFFDHE8192,
		GroupX25519MLKEM768, GroupSecP256r1MLKEM768, GroupSecP384r1MLKEM1024:
		return true
	}
	return false
}

// sharedSecret finishes the key exchange of our share for group g with the
// server's share, for the groups whose private half is kept.
func sharedSecret(g uint16, server []byte) ([]byte, error) {
	if _, ok := KeyShare(g); !ok {
		return nil, errors.New("tlswire: no key share for the server's group")
	}
	sharesMu.Lock()
	ek, mk := ecdhKeys[g], mlkemKeys[g]
	sharesMu.Unlock()
	switch {
	case mk != nil && ek != nil: // X25519MLKEM768: ML-KEM ciphertext, then X25519
		if len(server) != mlkem.CiphertextSize768+32 {
			return nil, errors.New("tlswire: bad X25519MLKEM768 share")
		}
		ss1, err := mk.Decapsulate(server[:mlkem.CiphertextSize768])
		if err != nil {
			return nil, err
		}
		pub, err := ecdh.X25519().NewPublicKey(server[mlkem.CiphertextSize768:])
		if err != nil {
			return nil, err
		}
		ss2, err := ek.ECDH(pub)
		if err != nil {
			return nil, err
		}
		return append(ss1, ss2...), nil
	case ek != nil:
		pub, err := ek.Curve().NewPublicKey(server)
		if err != nil {
			return nil, err
		}
		return ek.ECDH(pub)
	}
	return nil, errors.New("tlswire: cannot finish a key exchange in this group")
}

// CanFinish reports whether ReadTLS13 can finish a key exchange in group g.
func CanFinish(g uint16) bool {
	switch g {
	case GroupX25519, GroupSecp256r1, GroupSecp384r1, GroupSecp521r1, GroupX25519MLKEM768:
		return true
	}
	return false
}
