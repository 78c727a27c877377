package certgen

import (
	"crypto/rsa"
	"testing"
)

// TestStoredKeys: each RSA size the tests use has 8 stored keys of that
// size, and the pool hands out 8 distinct keys before it wraps.
func TestStoredKeys(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		bits int
	}{{"rsa1024", 1024}, {"rsa2048", 2048}, {"rsa", 2048}, {"rsa4096", 4096}} {
		seen := map[string]bool{}
		for i := range 8 {
			k, ok := storedKey(tc.typ, i).(*rsa.PrivateKey)
			if !ok {
				t.Fatalf("%s: stored key %d missing", tc.typ, i)
			}
			if k.N.BitLen() != tc.bits {
				t.Errorf("%s: key %d has %d bits", tc.typ, i, k.N.BitLen())
			}
			if err := k.Validate(); err != nil {
				t.Errorf("%s: key %d: %v", tc.typ, i, err)
			}
			seen[k.N.String()] = true
		}
		if len(seen) != 8 {
			t.Errorf("%s: %d distinct keys of 8", tc.typ, len(seen))
		}
		if storedKey(tc.typ, 8) != nil {
			t.Errorf("%s: a 9th stored key", tc.typ)
		}
	}
	if storedKey("p256", 0) != nil {
		t.Error("p256: EC keys are generated, none is stored")
	}
	a, b := NewKey("rsa2048").(*rsa.PrivateKey), NewKey("rsa2048").(*rsa.PrivateKey)
	if a.N.Cmp(b.N) == 0 {
		t.Error("NewKey returned the same key twice in a row")
	}
}
