package dh

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// group is a stand-in prime-sized modulus of the given length: the check
// looks only at the size.
func group(bits int) *big.Int {
	p := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	return p.Add(p, big.NewInt(1))
}

func findings(t *testing.T, f *facts.Facts) ([]checks.Finding, string) {
	t.Helper()
	sel, _ := checks.ParseSelector("dh.weak")
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == "dh.weak" {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatal("dh.weak not registered")
	return nil, ""
}

func TestWeak(t *testing.T) {
	f := &facts.Facts{Now: certgen.Epoch}
	if _, na := findings(t, f); na == "" {
		t.Error("want not applicable without DH parameters")
	}
	f.DHParams = []*facts.DHParams{
		{Source: facts.Source{File: "/etc/nginx/dhparam.pem"}, Bits: 1024, P: group(1024), G: big.NewInt(2)},
		{Source: facts.Source{File: "good.pem"}, Bits: 2048, P: group(2048), G: big.NewInt(2)},
		{Source: facts.Source{File: "big.pem"}, Bits: 4096, P: group(4096), G: big.NewInt(2)},
		{Source: facts.Source{File: "saved.pem"}, P: group(512), G: big.NewInt(2)}, // Bits not filled in
	}
	got, _ := findings(t, f)
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	var all string
	for _, fd := range got {
		all += fd.Message + "\n" + fd.Fix + "\n"
	}
	for _, want := range []string{"/etc/nginx/dhparam.pem #1 is 1024 bits", "saved.pem #1 is 512 bits", "openssl dhparam -out /etc/nginx/dhparam.pem 2048", "ffdhe2048"} {
		if !strings.Contains(all, want) {
			t.Errorf("findings lack %q:\n%s", want, all)
		}
	}
}

func TestWeakServerGroup(t *testing.T) {
	conn := &facts.Connection{Target: "127.0.0.1:4433", Host: "127.0.0.1", Port: 4433, Address: "127.0.0.1:4433",
		Stage: facts.StageDone, Version: facts.VersionTLS12, CipherSuite: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Group: "DH", DHBits: 1024}
	f := &facts.Facts{Now: certgen.Epoch, Connection: conn}
	got, na := findings(t, f)
	if na != "" || len(got) != 1 {
		t.Fatalf("want one finding for a 1024-bit DHE group, got %+v (n/a %q)", got, na)
	}
	if !strings.Contains(got[0].Message, "the server used a 1024-bit DHE group") || !strings.Contains(got[0].Fix, "ssl_dhparam") {
		t.Errorf("finding: %s / %s", got[0].Message, got[0].Fix)
	}
	if got[0].Evidence["address"] != "127.0.0.1:4433" || got[0].Evidence["bits"] != "1024" {
		t.Errorf("evidence: %v", got[0].Evidence)
	}
	conn.DHBits = 2048
	if got, na := findings(t, f); len(got) != 0 || na != "" {
		t.Errorf("a 2048-bit group: %+v (n/a %q)", got, na)
	}
	conn.DHBits, conn.Group = 0, "X25519"
	if _, na := findings(t, f); na == "" {
		t.Error("ECDHE and no DH files: want not applicable")
	}
}
