package facts

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"strings"
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

// TestFileProblemKindNames: every file problem kind has its own name, read
// back as the kind, and a File's problems round-trip through JSON.
func TestFileProblemKindNames(t *testing.T) {
	seen := map[string]FileProblemKind{}
	for k := FileOther; k <= FileUnknownBlock; k++ {
		name := k.String()
		if other, dup := seen[name]; dup || name == "" || strings.HasPrefix(name, "FileProblemKind(") {
			t.Errorf("%d and %d are both named %q", other, k, name)
		}
		seen[name] = k
		b, _ := k.MarshalText()
		var back FileProblemKind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%q reads back as %v (%v)", b, back, err)
		}
	}
	if len(seen) != len(fileProblemNames) {
		t.Errorf("%d kinds named, %d names", len(seen), len(fileProblemNames))
	}
	in := File{Path: "a.b64", Problems: []FileProblem{
		{Kind: FileDenied, Detail: "permission denied"},
		{Kind: FileBareBase64, Detail: "base64 text without PEM header lines: ...", PEMType: "EC PRIVATE KEY"},
	}}
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"problems":[{"kind":"permission-denied","detail":"permission denied"},{"kind":"bare-base64","detail":"base64 text without PEM header lines: ...","pem_type":"EC PRIVATE KEY"}]`; !strings.Contains(string(js), want) {
		t.Errorf("JSON %s, want it to contain %s", js, want)
	}
	var out File
	if err := json.Unmarshal(js, &out); err != nil || !reflect.DeepEqual(in, out) {
		t.Errorf("round trip: %+v (%v), want %+v", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"path":"x","problems":[{"kind":"nonsense"}]}`), &out); err == nil {
		t.Error("unknown kind read without error")
	}
	if s := (FileProblem{Kind: FileDanglingLink, Detail: "dangling symbolic link to \"x\": no such file or directory"}).String(); s != `unreadable: dangling symbolic link to "x": no such file or directory` {
		t.Errorf("String: %q", s)
	}
}

// The first certificate of a bundle given without a role that holds a
// served chain is the leaf even with CA:TRUE (issue 9 item 2); a bundle of
// CAs, a misordered chain and a lone CA stay CAs.
func TestLeavesBundleHead(t *testing.T) {
	root := certgen.Root("R")
	inter := certgen.Intermediate("I", root)
	caLeaf := certgen.Leaf("srv.example.test", inter, certgen.IsCA())
	in := func(f *Facts, file string, cs ...*certgen.Cert) {
		for i, c := range cs {
			f.Certs = append(f.Certs, &Cert{Raw: c.DER, X509: c.X509, Source: Source{File: file, Index: i}})
		}
	}
	subjects := func(f *Facts) []string {
		var out []string
		for _, c := range f.Leaves() {
			out = append(out, c.X509.Subject.CommonName)
		}
		return out
	}
	f := &Facts{}
	in(f, "fullchain.pem", caLeaf, inter)
	if got := subjects(f); !reflect.DeepEqual(got, []string{"srv.example.test"}) {
		t.Errorf("fullchain with a CA leaf: leaves %v", got)
	}
	f = &Facts{}
	in(f, "chain.pem", inter, root)
	if got := subjects(f); len(got) != 0 {
		t.Errorf("bundle of CAs: leaves %v", got)
	}
	f = &Facts{}
	in(f, "misordered.pem", inter, caLeaf)
	if got := subjects(f); len(got) != 0 {
		t.Errorf("misordered bundle: leaves %v (the intermediate issued the CA leaf)", got)
	}
	f = &Facts{}
	in(f, "single.pem", caLeaf)
	if got := subjects(f); len(got) != 0 {
		t.Errorf("single CA certificate: leaves %v", got)
	}
}
