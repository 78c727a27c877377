package baseline

import (
	"errors"
	"strings"
	"testing"
)

const previous = `{
  "schema_version": 1,
  "tool": {"name": "tlscheck", "version": "test"},
  "targets": [
    {"target": {"target": "a.example:443", "host": "a.example"},
     "findings": [
       {"id": "cert.expires-soon", "subject": "CN=a", "evidence": {"sha256": "AA"}},
       {"id": "tls.ocsp-stapling-missing", "subject": "", "evidence": {}}]},
    {"target": {"files": [{"path": "x.pem"}, {"path": "x.key", "role": "key"}]},
     "findings": [{"id": "key.permissions", "subject": "x.key", "evidence": {"file": "x.key"}}]},
    {"target": {"target": "gone.example:443"}, "findings": [{"id": "cert.expired", "subject": "CN=gone"}]}
  ],
  "summary": {"targets": 3}
}`

func TestBaseline(t *testing.T) {
	b, err := Decode(strings.NewReader(previous))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		k    Key
		want string
	}{
		{Key{"a.example:443", "cert.expires-soon", "CN=a", "AA"}, "unchanged"},
		{Key{"a.example:443", "cert.expires-soon", "CN=a", "BB"}, "new"}, // re-issued, same problem
		{Key{"x.pem,x.key", "key.permissions", "x.key", ""}, "unchanged"},
		{Key{"b.example:443", "cert.expired", "CN=b", ""}, "new"},
	} {
		if got := b.Mark(tc.k); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.k, got, tc.want)
		}
	}
	res := b.Resolved()
	if len(res) != 1 || res[0].ID != "tls.ocsp-stapling-missing" || res[0].Target != "a.example:443" {
		t.Errorf("resolved %+v, want only a.example's tls.ocsp-stapling-missing (gone.example was not audited)", res)
	}
	if _, err := Decode(strings.NewReader(`{"schema_version": 1, "findings": []}`)); !errors.Is(err, ErrNotAudit) {
		t.Errorf("a probe report as baseline: %v", err)
	}
	if _, err := Decode(strings.NewReader(`{"targets": [{"target": 1}]}`)); err == nil {
		t.Error("a malformed baseline was read")
	}
}
