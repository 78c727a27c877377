package tlswire

import (
	"crypto/ecdh"
	"crypto/mlkem"
	"crypto/rand"
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

func ecdhShare(c ecdh.Curve) []byte {
	k, err := c.GenerateKey(rand.Reader)
	if err != nil {
		return nil
	}
	return k.PublicKey().Bytes()
}

func makeShare(g uint16) []byte {
	switch g {
	case GroupX25519:
		return ecdhShare(ecdh.X25519())
	case GroupSecp256r1:
		return ecdhShare(ecdh.P256())
	case GroupSecp384r1:
		return ecdhShare(ecdh.P384())
	case GroupSecp521r1:
		return ecdhShare(ecdh.P521())
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
		return append(k.EncapsulationKey().Bytes(), ecdhShare(ecdh.X25519())...)
	case GroupSecP256r1MLKEM768:
		k, err := mlkem.GenerateKey768()
		if err != nil {
			return nil
		}
		return append(ecdhShare(ecdh.P256()), k.EncapsulationKey().Bytes()...)
	case GroupSecP384r1MLKEM1024:
		k, err := mlkem.GenerateKey1024()
		if err != nil {
			return nil
		}
		return append(ecdhShare(ecdh.P384()), k.EncapsulationKey().Bytes()...)
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
