package paths

import (
	"bytes"
	"crypto/x509"
	"fmt"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// anyPolicy is the anyPolicy OID (RFC 5280 4.2.1.4).
const anyPolicy = "2.5.29.32.0"

// policyState is one depth of the RFC 5280 6.1 valid_policy_tree: each
// valid policy with its expected_policy_set. With the initial policy set
// anyPolicy (what TLS clients use: Go's VerifyOptions.CertificatePolicies
// empty, OpenSSL's default) only whether the tree is empty decides the
// outcome (6.1.5 (g)(ii)), so the deepest level is all that is kept; nodes
// with the same valid policy and expected set are one (RFC 9618's graph).
// nil is the NULL tree.
type policyState map[string]map[string]bool

// policyNull records where and why the tree became NULL.
type policyNull struct {
	index int // path position of the certificate at which it happened
	rule  facts.PolicyRule
	by    int // path position of the certificate whose constraint caused it, -1 if none
}

// checkPolicies runs certificate policy processing (RFC 5280 6.1.2 (a),
// (d)-(f); 6.1.3 (d)-(f); 6.1.4 (a), (b), (h)-(j); 6.1.5 (a), (b), (g))
// over path, which ends at its anchor (not processed, as in Go and
// OpenSSL), with the initial inputs every TLS client uses: any policy,
// no initial explicit policy, mapping or anyPolicy inhibition. It reports
// the path failing requireExplicitPolicy, naming the rule that emptied the
// policy tree.
func checkPolicies(path []*facts.Cert) *facts.ChainProblem {
	n := len(path) - 1 // certificates below the anchor
	if n < 1 {
		return nil
	}
	explicit, mapping, inhibitAny := n+1, n+1, n+1
	explicitBy, mappingBy, anyBy := -1, -1, -1
	tree := policyState{anyPolicy: {anyPolicy: true}}
	var null policyNull
	for i := 1; i <= n; i++ {
		idx := n - i // RFC 5280 counts from the anchor, Path from the leaf
		x := path[idx].X509
		selfIssued := bytes.Equal(x.RawSubject, x.RawIssuer)
		policies := certPolicies(x)
		switch {
		case tree == nil:
		case len(policies) == 0: // 6.1.3 (e)
			tree, null = nil, policyNull{idx, facts.PolicyNone, -1}
		default: // 6.1.3 (d)
			next := policyState{}
			hasAny := false
			for _, p := range policies {
				if p == anyPolicy {
					hasAny = true
					continue
				}
				matched := false
				for _, expected := range tree {
					if expected[p] {
						matched = true
						break
					}
				}
				if _, ok := tree[anyPolicy]; ok || matched {
					next[p] = map[string]bool{p: true}
				}
			}
			anyBlocked := false
			if hasAny {
				if inhibitAny > 0 || (i < n && selfIssued) {
					for _, expected := range tree {
						for e := range expected {
							if next[e] == nil {
								next[e] = map[string]bool{e: true}
							}
						}
					}
				} else {
					anyBlocked = true
				}
			}
			if len(next) == 0 {
				null = policyNull{idx, facts.PolicyNoCommon, -1}
				if anyBlocked {
					null = policyNull{idx, facts.PolicyAnyInhibited, anyBy}
				}
				next = nil
			}
			tree = next
		}
		if explicit == 0 && tree == nil { // 6.1.3 (f)
			return policyProblem(path, null, explicitBy)
		}
		if i == n {
			break
		}
		// 6.1.4: preparation for the next certificate.
		if len(x.PolicyMappings) > 0 {
			mapped := map[string]map[string]bool{}
			var order []string
			for _, m := range x.PolicyMappings {
				from, to := m.IssuerDomainPolicy.String(), m.SubjectDomainPolicy.String()
				if from == anyPolicy || to == anyPolicy { // 6.1.4 (a)
					return policyProblem(path, policyNull{idx, facts.PolicyMapsAnyPolicy, -1}, -1)
				}
				if mapped[from] == nil {
					mapped[from] = map[string]bool{}
					order = append(order, from)
				}
				mapped[from][to] = true
			}
			if tree != nil {
				for _, from := range order {
					switch _, hasAnyNode := tree[anyPolicy]; {
					case mapping == 0: // 6.1.4 (b)(2)
						delete(tree, from)
					case tree[from] != nil || hasAnyNode: // 6.1.4 (b)(1)
						tree[from] = mapped[from]
					}
				}
				if len(tree) == 0 {
					tree, null = nil, policyNull{idx, facts.PolicyMappingInhibited, mappingBy}
				}
			}
		}
		if !selfIssued { // 6.1.4 (h)
			explicit, mapping, inhibitAny = max(explicit-1, 0), max(mapping-1, 0), max(inhibitAny-1, 0)
		}
		if v, ok := constraint(x.RequireExplicitPolicy, x.RequireExplicitPolicyZero); ok && v < explicit { // 6.1.4 (i)
			explicit, explicitBy = v, idx
		}
		if v, ok := constraint(x.InhibitPolicyMapping, x.InhibitPolicyMappingZero); ok && v < mapping {
			mapping, mappingBy = v, idx
		}
		if v, ok := constraint(x.InhibitAnyPolicy, x.InhibitAnyPolicyZero); ok && v < inhibitAny { // 6.1.4 (j)
			inhibitAny, anyBy = v, idx
		}
	}
	// 6.1.5 (a), (b): wrap-up at the leaf.
	explicit = max(explicit-1, 0)
	if v, ok := constraint(path[0].X509.RequireExplicitPolicy, path[0].X509.RequireExplicitPolicyZero); ok && v == 0 {
		explicit, explicitBy = 0, 0
	}
	if explicit == 0 && tree == nil {
		return policyProblem(path, null, explicitBy)
	}
	return nil
}

// constraint reads one of crypto/x509's SkipCerts fields: a positive value,
// or zero when the Zero flag says it was present.
func constraint(v int, zero bool) (int, bool) {
	if v > 0 || zero {
		return v, true
	}
	return 0, false
}

func certPolicies(x *x509.Certificate) []string {
	var out []string
	for _, p := range x.Policies {
		out = append(out, p.String())
	}
	if len(out) == 0 {
		for _, p := range x.PolicyIdentifiers {
			out = append(out, p.String())
		}
	}
	return out
}

func policyProblem(path []*facts.Cert, null policyNull, explicitBy int) *facts.ChainProblem {
	p := &facts.ChainProblem{Index: null.index, Kind: facts.ProblemPolicy, Policy: null.rule}
	name := func(i int) string { return path[i].X509.Subject.String() }
	var why string
	switch null.rule {
	case facts.PolicyNone:
		why = "has no certificatePolicies extension, which leaves the path without a valid policy (RFC 5280 6.1.3 (e))"
	case facts.PolicyNoCommon:
		why = fmt.Sprintf("asserts only policies (%s) that the CAs above it do not allow (RFC 5280 6.1.3 (d))", policyList(path[null.index].X509))
	case facts.PolicyAnyInhibited:
		why = "asserts only anyPolicy, which inhibitAnyPolicy"
		if null.by >= 0 {
			why += fmt.Sprintf(" in %q", name(null.by))
		}
		why += " no longer lets match any policy here (RFC 5280 6.1.3 (d)(2), 6.1.4 (j))"
	case facts.PolicyMappingInhibited:
		why = "maps policies where inhibitPolicyMapping"
		if null.by >= 0 {
			why += fmt.Sprintf(" in %q", name(null.by))
		}
		why += " forbids mapping, which removes the mapped policies and leaves none (RFC 5280 6.1.4 (b)(2))"
	case facts.PolicyMapsAnyPolicy:
		p.Reason = "its policyMappings maps to or from anyPolicy, which RFC 5280 4.2.1.5 and 6.1.4 (a) forbid: Go refuses the path (\"invalid policies\")"
		return p
	}
	if null.by >= 0 {
		p.Constraint = null.by + 1
	}
	if explicitBy >= 0 {
		p.Constraint = explicitBy + 1
		why += fmt.Sprintf(", while requireExplicitPolicy in %q requires one", name(explicitBy))
	}
	p.Reason = why + ": Go (since 1.22) refuses the path (\"all candidate chains have invalid policies\"), and so does OpenSSL when policy checking is on (openssl verify -policy_check: \"no explicit policy\"); OpenSSL-based clients (nginx, curl, mosquitto) do not check policies by default and accept it"
	return p
}

func policyList(x *x509.Certificate) string {
	s := ""
	for i, p := range certPolicies(x) {
		if i > 0 {
			s += ", "
		}
		s += p
	}
	return s
}
