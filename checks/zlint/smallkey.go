package zlint

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"fmt"
	"math/big"
	"sync"

	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// smallKeyLint is zlint's e_ecdsa_small_private_key, which tlscheck runs
// with a table lookup of its own instead of zlint's search. The lint
// reports an ECDSA key whose private scalar d, or its negation modulo the
// group order, is at most 2^smallKeyBits. zlint finds such a d with a
// baby-step giant-step walk in big.Int arithmetic: about 18 µs per
// certificate, 14% of all zlint time on x509-limbo. Here every point
// j·G for 1 <= j <= 2^smallKeyBits is computed once per curve and
// remembered by its X coordinate; since d·G and (n-d)·G share their X, one
// map lookup of the public key's X answers the same question exactly.
// TestSmallKeyMatchesZlint checks that the two agree.
const smallKeyLint = "e_ecdsa_small_private_key"

// smallKeyTable maps the X coordinate (fixed-width big-endian) of j·G to j.
type smallKeyTable struct {
	once sync.Once
	byX  map[string]int
}

var smallKeyTables sync.Map // curve name -> *smallKeyTable

func smallKeyTableFor(curve elliptic.Curve) *smallKeyTable {
	name := curve.Params().Name
	v, _ := smallKeyTables.LoadOrStore(name, &smallKeyTable{})
	t := v.(*smallKeyTable)
	t.once.Do(func() {
		m := 1 << smallKeyBits
		t.byX = make(map[string]int, m)
		size := (curve.Params().BitSize + 7) / 8
		gx, gy := curve.Params().Gx, curve.Params().Gy
		x, y := new(big.Int).Set(gx), new(big.Int).Set(gy)
		for j := 1; j <= m; j++ {
			t.byX[string(x.FillBytes(make([]byte, size)))] = j
			x, y = curve.Add(x, y, gx, gy)
		}
	})
	return t
}

// smallKeyResult is the lint's result for c: Error with zlint's wording
// when the key is trivially small, Pass otherwise, NA without an ECDSA key.
func smallKeyResult(c *zx509.Certificate) *lint.LintResult {
	key := ecdsaKeyOf(c)
	if key == nil || key.Curve == nil || key.X == nil || key.Y == nil || !key.Curve.IsOnCurve(key.X, key.Y) {
		return resultNA
	}
	switch key.Curve.Params().Name {
	case "P-224", "P-256", "P-384", "P-521":
	default:
		return resultNA
	}
	size := (key.Curve.Params().BitSize + 7) / 8
	if key.X.Sign() < 0 || key.X.BitLen() > size*8 {
		return resultNA
	}
	j, ok := smallKeyTableFor(key.Curve).byX[string(key.X.FillBytes(make([]byte, size)))]
	if !ok {
		return resultPass
	}
	return &lint.LintResult{
		Status:  lint.Error,
		Details: fmt.Sprintf("the ECDSA private key is %d, or its negation modulo the group order, and so can be trivially recovered by anyone", j),
	}
}

var resultPass = &lint.LintResult{Status: lint.Pass}

func ecdsaKeyOf(c *zx509.Certificate) *ecdsa.PublicKey {
	if c.PublicKeyAlgorithm != zx509.ECDSA {
		return nil
	}
	switch k := c.PublicKey.(type) {
	case *zx509.AugmentedECDSA:
		return k.Pub
	case *ecdsa.PublicKey:
		return k
	}
	return nil
}
