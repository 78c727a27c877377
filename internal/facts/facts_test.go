package facts

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func verdictKey(i int) [sha256.Size]byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	return sha256.Sum256(b[:])
}

// TestVerdictCacheBounded: a process that sees ever new certificates (an
// exporter running for weeks) keeps at most the bound, and a verdict asked
// for all along survives the turnover.
func TestVerdictCacheBounded(t *testing.T) {
	vc := newVerdictCache(100)
	hot := verdictKey(-1)
	vc.put(hot, true)
	for i := range 1000 {
		vc.put(verdictKey(i), i%2 == 0)
		if n := vc.len(); n > 100 {
			t.Fatalf("after %d insertions the cache holds %d verdicts, more than 100", i+2, n)
		}
		if v, ok := vc.get(hot); !ok || !v {
			t.Fatalf("after %d insertions the verdict asked for every time is gone", i+2)
		}
	}
	if v, ok := vc.get(verdictKey(999)); !ok || v {
		t.Errorf("latest verdict: %v %v, want false true", v, ok)
	}
	if _, ok := vc.get(verdictKey(0)); ok {
		t.Errorf("the oldest verdict is still held")
	}
}

// TestSelfSigCacheBounded: the process-wide cache stays within
// selfSigCacheMax, and SelfSigned still answers right through it.
func TestSelfSigCacheBounded(t *testing.T) {
	for i := range selfSigCacheMax + 500 {
		selfSigCache.put(verdictKey(i), false)
	}
	if n := selfSigCache.len(); n > selfSigCacheMax {
		t.Fatalf("selfSigCache holds %d verdicts, more than %d", n, selfSigCacheMax)
	}
	root := certgen.Root("Cache Root")
	leaf := certgen.Leaf("cache.test", root)
	for range 2 { // computed, then cached
		if !(&Cert{Raw: root.DER, X509: root.X509}).SelfSigned() {
			t.Error("root not self-signed")
		}
		if (&Cert{Raw: leaf.DER, X509: leaf.X509}).SelfSigned() {
			t.Error("leaf self-signed")
		}
	}
}

// TestProblemKindNames: every kind has its own name, and names read back
// as the kind (saved chains stay readable).
func TestProblemKindNames(t *testing.T) {
	seen := map[string]ProblemKind{}
	for k := ProblemUnknown; k <= ProblemAKI; k++ {
		name := k.String()
		if other, dup := seen[name]; dup || name == "" {
			t.Errorf("%d and %d are both named %q", other, k, name)
		}
		seen[name] = k
		b, _ := k.MarshalText()
		var back ProblemKind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%q reads back as %v (%v)", b, back, err)
		}
	}
	if s := ProblemKind(99).String(); s != "ProblemKind(99)" {
		t.Errorf("out of range kind: %q", s)
	}
}
