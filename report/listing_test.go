package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Certificates is the JSON report's certificates[]: same certificates, same
// order, same roles, so that report/html agrees with it.
func TestCertificatesMatchJSON(t *testing.T) {
	r := loadFixture(t).report()
	var doc struct {
		Certificates []struct {
			SHA256 string `json:"sha256"`
			Role   string `json:"role"`
		} `json:"certificates"`
		Chains []struct {
			Status string `json:"status"`
		} `json:"chains"`
	}
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer) error { return JSON(b, r) }), &doc); err != nil {
		t.Fatal(err)
	}
	listed := r.Certificates()
	if len(listed) != len(doc.Certificates) || len(listed) == 0 {
		t.Fatalf("%d certificates listed, JSON has %d", len(listed), len(doc.Certificates))
	}
	for i, lc := range listed {
		if got, want := lc.Cert.Fingerprint()+" "+lc.Role, doc.Certificates[i].SHA256+" "+doc.Certificates[i].Role; got != want {
			t.Errorf("certificate %d: %s, JSON has %s", i, got, want)
		}
		if lc.Where == "" {
			t.Errorf("certificate %d: no Where", i)
		}
	}
	chains := r.ShownChains()
	if len(chains) != len(doc.Chains) {
		t.Fatalf("%d chains shown, JSON has %d", len(chains), len(doc.Chains))
	}
	for i, ch := range chains {
		if string(ch.Status) != doc.Chains[i].Status || ChainStatusText(ch) == "" {
			t.Errorf("chain %d: status %s (%q), JSON has %s", i, ch.Status, ChainStatusText(ch), doc.Chains[i].Status)
		}
	}
}
