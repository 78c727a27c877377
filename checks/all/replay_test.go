package all

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// TestFactsReplay: every check is a pure function of Facts, and Facts
// round-trip through JSON, so a saved facts file replays to the same
// findings (and the same "not applicable" verdicts).
func TestFactsReplay(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	fixtures := filepath.Join("..", "..", "report", "testdata", "fixtures")
	example := filepath.Join("..", "..", "testdata", "example")
	cases := map[string]func() (*facts.Facts, error){
		"example deployment": func() (*facts.Facts, error) {
			return load.Load(context.Background(), load.Config{Paths: []string{filepath.Join(example, "mosquitto")}, CA: []string{filepath.Join(example, "ca.pem")}, Now: now,
				Options: facts.Options{Purpose: facts.PurposeServer, Profile: facts.ProfileAuto, Hosts: []string{"mqtt.example.com"}}})
		},
		"report fixtures": func() (*facts.Facts, error) {
			return load.Load(context.Background(), load.Config{Paths: []string{fixtures}, ClientCA: []string{filepath.Join(fixtures, "clientca.pem")}, NoSystemRoots: true, Now: now,
				Options: facts.Options{Purpose: facts.PurposeBoth, Profile: facts.ProfileAuto}})
		},
		"broken paths and keys": func() (*facts.Facts, error) {
			epoch := certgen.Epoch
			root := certgen.Root("Replay Root")
			expired := certgen.Intermediate("Replay Expired CA", root, certgen.Validity(epoch.AddDate(-3, 0, 0), epoch.AddDate(0, -1, 0)))
			constrained := certgen.Intermediate("Replay Constrained CA", root, certgen.PermittedDNS("example.com"))
			a := certgen.Leaf("a.example.com", expired)
			b := certgen.Leaf("evil.test", constrained, certgen.KeyType("rsa1024"))
			other := certgen.Leaf("other.example.com", constrained)
			return load.LoadInputs(context.Background(), []load.Input{
				{Name: "a.pem", Data: append(a.PEM(), expired.PEM()...)},
				{Name: "a.key", Data: other.KeyPEM()}, // not a's key: key.mismatch
				{Name: "b.pem", Data: append(constrained.PEM(), b.PEM()...)},
				{Name: "b.key", Data: b.KeyPEM()},
				{Name: "pss.key", Data: pssKeyPEM(t)},
				{Name: "ca.pem", Role: facts.RoleCA, Data: root.PEM()},
			}, load.Config{NoSystemRoots: true, Now: epoch.AddDate(0, 0, 10),
				Options: facts.Options{Purpose: facts.PurposeServer, Profile: facts.ProfileAuto, MaxChainDepth: 0, HasMaxChainDepth: true}})
		},
	}
	sel, err := checks.ParseSelector("all")
	if err != nil {
		t.Fatal(err)
	}
	for name, loadFacts := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := loadFacts()
			if err != nil {
				t.Fatal(err)
			}
			want := outcome(t, checks.Run(context.Background(), f, sel))
			saved, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			var replayed facts.Facts
			if err := json.Unmarshal(saved, &replayed); err != nil {
				t.Fatal(err)
			}
			got := outcome(t, checks.Run(context.Background(), &replayed, sel))
			if !bytes.Equal(got, want) {
				t.Errorf("replayed facts give other results:\n got %s\nwant %s", got, want)
			}
			if !bytes.Contains(want, []byte(`"findings"`)) || bytes.Count(want, []byte(`"id"`)) < 3 {
				t.Errorf("the case says little: %s", want)
			}
		})
	}
}

// outcome is the results as JSON: each check's findings and its "not
// applicable" reason.
func outcome(t *testing.T, results []checks.Result) []byte {
	t.Helper()
	type result struct {
		ID            string           `json:"id"`
		Findings      []checks.Finding `json:"findings,omitempty"`
		NotApplicable string           `json:"not_applicable,omitempty"`
	}
	var out []result
	for _, r := range results {
		out = append(out, result{r.Check.ID, r.Findings, r.NotApplicable})
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pssKeyPEM is an RSASSA-PSS private key (openssl genpkey -algorithm
// RSA-PSS): it has no SPKI pin, so only its saved public half pairs it
// with a certificate.
func pssKeyPEM(t *testing.T) []byte {
	t.Helper()
	c := certgen.Root("PSS holder", certgen.KeyType("rsa2048"))
	rk, ok := c.Key.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("certgen rsa2048 key is a %T", c.Key)
	}
	der, err := asn1.Marshal(struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}{0, pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}}, x509.MarshalPKCS1PrivateKey(rk)})
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
