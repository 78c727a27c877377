package paths

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

const (
	policyA = "1.3.6.1.4.1.55555.1.1"
	policyB = "1.3.6.1.4.1.55555.1.2"
)

// TestPolicies runs RFC 5280 6.1 certificate policy processing (issue 9
// item 5) and checks each verdict against Go's crypto/x509, which
// implements it since 1.22.
func TestPolicies(t *testing.T) {
	any := certgen.AnyPolicy
	cases := []struct {
		name       string
		inters     [][]certgen.Option // top (below the root) first
		leaf       []certgen.Option
		rule       facts.PolicyRule // PolicyRuleUnknown: valid
		at         int              // path position of the problem
		constraint int              // its Constraint link
	}{
		{name: "explicit policy met",
			inters: [][]certgen.Option{{certgen.Policies(policyA), certgen.PolicyConstraints(0, -1)}},
			leaf:   []certgen.Option{certgen.Policies(policyA)}},
		{name: "no policies, none required",
			inters: [][]certgen.Option{{certgen.Policies(policyA)}}},
		{name: "leaf without policies",
			inters: [][]certgen.Option{{certgen.Policies(policyA), certgen.PolicyConstraints(0, -1)}},
			rule:   facts.PolicyNone, at: 0, constraint: 2},
		{name: "requireExplicitPolicy 1 lets one certificate pass, not two",
			inters: [][]certgen.Option{{certgen.PolicyConstraints(1, -1)}, {}},
			rule:   facts.PolicyNone, at: 2, constraint: 3}, // Inter A itself has none
		{name: "no common policy",
			inters: [][]certgen.Option{{certgen.Policies(policyA), certgen.PolicyConstraints(0, -1)}},
			leaf:   []certgen.Option{certgen.Policies(policyB)},
			rule:   facts.PolicyNoCommon, at: 0, constraint: 2},
		{name: "anyPolicy inhibited",
			inters: [][]certgen.Option{{certgen.Policies(any), certgen.PolicyConstraints(0, -1), certgen.InhibitAnyPolicy(0)}},
			leaf:   []certgen.Option{certgen.Policies(any)},
			rule:   facts.PolicyAnyInhibited, at: 0, constraint: 2},
		{name: "anyPolicy allowed",
			inters: [][]certgen.Option{{certgen.Policies(any), certgen.PolicyConstraints(0, -1), certgen.InhibitAnyPolicy(1)}},
			leaf:   []certgen.Option{certgen.Policies(any)}},
		{name: "mapping allowed",
			inters: [][]certgen.Option{
				{certgen.Policies(policyA), certgen.PolicyConstraints(0, -1)},
				{certgen.Policies(policyA), certgen.PolicyMappings(policyA, policyB)}},
			leaf: []certgen.Option{certgen.Policies(policyB)}},
		{name: "mapping inhibited",
			inters: [][]certgen.Option{
				{certgen.Policies(policyA), certgen.PolicyConstraints(0, 0)},
				{certgen.Policies(policyA), certgen.PolicyMappings(policyA, policyB)}},
			leaf: []certgen.Option{certgen.Policies(policyB)},
			rule: facts.PolicyMappingInhibited, at: 1, constraint: 3},
		{name: "maps anyPolicy",
			inters: [][]certgen.Option{
				{certgen.Policies(policyA)},
				{certgen.Policies(policyA), certgen.PolicyMappings(any, policyB)}},
			leaf: []certgen.Option{certgen.Policies(policyB)},
			rule: facts.PolicyMapsAnyPolicy, at: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := certgen.Root("Root")
			issuer := root
			var inters []*certgen.Cert
			for i, opts := range tc.inters {
				issuer = certgen.Intermediate("Inter "+string(rune('A'+i)), issuer, opts...)
				inters = append([]*certgen.Cert{issuer}, inters...)
			}
			leaf := certgen.Leaf("leaf.test", issuer, tc.leaf...)
			f := newFacts()
			in(f, "server.pem", facts.RoleAuto, append([]*certgen.Cert{leaf}, inters...)...)
			trust(f, root)
			ch := onlyChain(t, f)
			if ch.Status != facts.ChainTrusted {
				t.Fatalf("status %s", ch.Status)
			}
			var got *facts.ChainProblem
			for i, p := range ch.Problems {
				if p.Kind == facts.ProblemPolicy {
					got = &ch.Problems[i]
				} else {
					t.Errorf("unexpected problem %+v", p)
				}
			}
			switch {
			case tc.rule == facts.PolicyRuleUnknown && got != nil:
				t.Errorf("valid path, got %+v", *got)
			case tc.rule != facts.PolicyRuleUnknown && got == nil:
				t.Errorf("want %s, got no policy problem", tc.rule)
			case got != nil && (got.Policy != tc.rule || got.Index != tc.at || got.Constraint != tc.constraint):
				t.Errorf("got %s at %d (constraint link %d), want %s at %d (constraint link %d): %s",
					got.Policy, got.Index, got.Constraint, tc.rule, tc.at, tc.constraint, got.Reason)
			}

			// Go agrees.
			roots, pool := x509.NewCertPool(), x509.NewCertPool()
			roots.AddCert(root.X509)
			for _, c := range inters {
				pool.AddCert(c.X509)
			}
			_, err := leaf.X509.Verify(x509.VerifyOptions{Roots: roots, Intermediates: pool, CurrentTime: f.Now,
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
			if (err != nil) != (tc.rule != facts.PolicyRuleUnknown) {
				t.Errorf("Go's Verify: %v; tlscheck: %v", err, got)
			}
		})
	}
}
