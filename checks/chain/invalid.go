package chain

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// Invalid is chain.invalid: a path exists but does not validate.
var Invalid = &checks.Check{
	ID:       "chain.invalid",
	Title:    "the certificate path fails validation",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 6.1", "RFC 5280 4.2.1.9", "RFC 5280 4.2.1.10", "RFC 5280 4.2.1.3", "RFC 5280 4.2.1.11", "RFC 5280 7.1", "CA/B Forum BR 7.1.2.2"},
	Doc: "Finding an issuer for every link is not enough: RFC 5280 path validation also requires every " +
		"issuer to be a CA (basicConstraints CA:TRUE; an X.509 v1 certificate may only be a root), to be " +
		"allowed to sign certificates (keyUsage keyCertSign when keyUsage is present), to be within its " +
		"validity period, to respect the pathLenConstraint of the CAs above it and their name " +
		"constraints, and to have no critical extension the client does not understand; clients also " +
		"require each issuer's extendedKeyUsage, when present, to allow the leaf's purpose (Go and " +
		"OpenSSL check the root's too; not with --purpose any, which requires no usage), and " +
		"OpenSSL and GnuTLS accept an issuer only when the certificate's authority key identifier " +
		"describes it (key id, serial, issuer name). Name constraints (DNS, IP, e-mail, URI and " +
		"directory names) are checked on exactly the built path, self-issued intermediates exempt " +
		"(RFC 5280 6.1.3). An issuer whose subject matches the issuer name only after RFC 5280 7.1 " +
		"canonicalisation (case, white space, string type) is found, as OpenSSL finds it, and the link " +
		"is reported because Go compares names byte for byte. Certificate policies are processed as RFC 5280 6.1 says and Go does since 1.22 " +
		"(requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy, policy mappings): a path left " +
		"without a valid policy where one is required is named with the rule that emptied it. One finding " +
		"names each failing link and the reason. When path building gives up after its work budget (a " +
		"pool of certificates that cross-sign each other), that is reported here too.",
	Fix:     "Replace the certificate named in the finding with one that satisfies the constraint.",
	Applies: []*checks.Scope{pathScope},
	Run:     invalid,
}

func init() { checks.Register(Invalid) }

func invalid(p *checks.Pass) {
	chains := chainsOf(p.Facts)
	// A problem is reported once per certificate, however many paths it
	// is on: the same kind and evidence on the same certificate.
	type seen struct {
		der  string
		prob facts.ChainProblem // Index cleared: the link differs per path
	}
	done := map[seen]bool{}
	for _, ch := range chains {
		if ch.Status == facts.ChainBudgetExhausted && ch.DepthLimited {
			ev := checks.CertEvidence(ch.Leaf)
			ev["max_depth"] = fmt.Sprint(paths.MaxPathDepth)
			p.Report(checks.Finding{
				Subject: checks.Name(ch.Leaf),
				Message: fmt.Sprintf("the path from '%s' is longer than %d certificates without reaching a root; expected a handful (clients stop at OpenSSL's default verify depth of 100, often sooner)",
					checks.Name(ch.Leaf), paths.MaxPathDepth),
				Evidence: ev,
				Fix:      fmt.Sprintf("serve '%s' with only the intermediates between it and a root, and issue from a CA hierarchy a few levels deep", checks.Name(ch.Leaf)),
			})
		} else if ch.Status == facts.ChainBudgetExhausted {
			ev := checks.CertEvidence(ch.Leaf)
			ev["budget"] = fmt.Sprint(paths.PathBudget)
			p.Report(checks.Finding{
				Subject: checks.Name(ch.Leaf),
				Message: fmt.Sprintf("path building for '%s' stopped after %d candidate issuers without reaching a root; the inputs hold too many certificates with the same subject (%s) that cross-sign each other",
					checks.Name(ch.Leaf), paths.PathBudget, checks.DN(ch.Leaf.X509.Issuer)),
				Evidence: ev,
				Fix:      fmt.Sprintf("give only the intermediates that issued '%s' (in order, after it) and remove the other certificates named '%s' from the inputs", checks.Name(ch.Leaf), checks.DN(ch.Leaf.X509.Issuer)),
			})
		}
		for _, prob := range ch.Problems {
			if prob.Index < 0 || prob.Index >= len(ch.Path) {
				continue
			}
			c := ch.Path[prob.Index]
			same := prob
			same.Index = 0
			key := seen{string(c.Raw), same}
			if done[key] {
				continue
			}
			done[key] = true
			ev := checks.CertEvidence(c)
			ev["leaf"] = checks.Name(ch.Leaf)
			ev["path"] = nameList(ch.Path)
			ev["link"] = fmt.Sprint(prob.Index + 1)
			p.Report(checks.Finding{
				Subject: checks.Name(c),
				Message: fmt.Sprintf("'%s' (link %d of the path from '%s', %s): %s",
					checks.Name(c), prob.Index+1, checks.Name(ch.Leaf), checks.Where(c.Source), prob.Reason),
				Evidence: ev,
				Fix:      invalidFix(p.Facts, ch, prob, c),
			})
		}
	}
}

func invalidFix(f *facts.Facts, ch *facts.Chain, prob facts.ChainProblem, c *facts.Cert) string {
	name, where := checks.Name(c), checks.Where(c.Source)
	leaf := checks.Name(ch.Leaf)
	switch prob.Kind {
	case facts.ProblemExpired, facts.ProblemNotYetValid:
		if c.Anchor() {
			return fmt.Sprintf("replace the trust anchor '%s' with its current version and have '%s' re-issued under a valid CA", name, leaf)
		}
		return fmt.Sprintf("replace '%s' (%s) with the current intermediate from your CA (same subject, valid now); download it from the CA's repository and put it in place of the old one", name, where)
	case facts.ProblemNotCA:
		bc := ch.Leaf
		if prob.Index > 0 {
			bc = ch.Path[prob.Index-1]
		}
		below := checks.Name(bc)
		step, csr := checks.NewCSR(f, bc.SPKIPin(), checks.ReqCommand(bc.X509, checks.KeyFile(f, bc)))
		return fmt.Sprintf("'%s' is not a CA and cannot issue '%s': have '%s' issued by a CA certificate (one made with basicConstraints=critical,CA:TRUE; your own: ca.pem and ca.key): %s, then %s, and serve cert.pem in place of '%s'",
			name, below, below, step, checks.SignCSR(csr, "cert.pem"), below)
	case facts.ProblemNoCertSign:
		return fmt.Sprintf("re-issue '%s' with keyUsage=critical,keyCertSign,cRLSign (openssl extension section of the CA)", name)
	case facts.ProblemPathLen:
		return fmt.Sprintf("re-issue '%s' with basicConstraints=critical,CA:TRUE,pathlen:%d (or without pathlen), or issue '%s' from a CA closer to '%s'", name, prob.Index-1, leaf, name)
	case facts.ProblemMaxDepth:
		// The limit is the verifier's, not a certificate's: shorten the
		// path, or raise the limit where it is set.
		return fmt.Sprintf("shorten the path from '%s' to at most %d intermediate(s): serve it with fewer intermediates, or trust '%s' directly (--ca, the client's CA file) so that the path ends there; if the limit is what is wrong, raise it to %d (--max-chain-depth %d; on the client, e.g. nginx ssl_verify_depth %d or openssl verify -verify_depth %d)",
			leaf, prob.Limit, name, prob.Found, prob.Found, prob.Found, prob.Found)
	case facts.ProblemNameConstraints, facts.ProblemNameConstraintsMalformed:
		return fmt.Sprintf("issue '%s' only for names that the name constraints of '%s' permit (%s), or re-issue '%s' with constraints that include them", leaf, name, permitted(c), name)
	case facts.ProblemEKU:
		if c.Anchor() || prob.Index == len(ch.Path)-1 {
			return fmt.Sprintf("trust a root whose extendedKeyUsage allows the leaf's purpose: re-make '%s' without extendedKeyUsage (a root needs none) or with serverAuth,clientAuth, and give clients the new root; '%s' must then be re-issued under it", name, leaf)
		}
		return fmt.Sprintf("issue '%s' from an intermediate whose extendedKeyUsage includes the leaf's purpose (e.g. extendedKeyUsage=serverAuth,clientAuth on '%s')", leaf, name)
	case facts.ProblemAKI:
		issuer := "its issuer"
		if prob.Index+1 < len(ch.Path) {
			issuer = "'" + checks.Name(ch.Path[prob.Index+1]) + "'"
		}
		return fmt.Sprintf("re-issue '%s' from %s with an extension file that sets `authorityKeyIdentifier=keyid` (OpenSSL then copies %s's subject key identifier), or, if %s was re-made with a different subject key identifier, give clients the CA certificate '%s' was issued under", name, issuer, issuer, issuer, name)
	case facts.ProblemIssuerName:
		issuer := "its issuer"
		if prob.Index+1 < len(ch.Path) {
			issuer = "'" + checks.Name(ch.Path[prob.Index+1]) + "'"
		}
		return fmt.Sprintf("re-issue '%s' from %s with the issuer name copied byte for byte from %s's subject (openssl x509 -req -CA with that CA certificate does so), so that Go clients find the issuer too; until then only OpenSSL-based clients accept the path", name, issuer, issuer)
	case facts.ProblemPolicy:
		return policyFix(ch, prob, name)
	case facts.ProblemCritical:
		return fmt.Sprintf("re-issue '%s' without the unsupported critical extension, or mark it non-critical", name)
	}
	return fmt.Sprintf("replace '%s' (%s) with a certificate that validates, e.g. test the path with `openssl verify -CAfile root.pem -untrusted intermediates.pem leaf.pem`", name, where)
}

func permitted(c *facts.Cert) string {
	x := c.X509
	var s []string
	for _, d := range x.PermittedDNSDomains {
		s = append(s, "DNS:"+d)
	}
	for _, d := range x.ExcludedDNSDomains {
		s = append(s, "excluded DNS:"+d)
	}
	for _, r := range x.PermittedIPRanges {
		s = append(s, "IP:"+r.String())
	}
	for _, r := range x.ExcludedIPRanges {
		s = append(s, "excluded IP:"+r.String())
	}
	if len(s) == 0 {
		return "see its nameConstraints extension"
	}
	return strings.Join(s, ", ")
}

// policyFix says what to re-issue for a ProblemPolicy, by its rule.
func policyFix(ch *facts.Chain, prob facts.ChainProblem, name string) string {
	by := ""
	if prob.Constraint > 0 && prob.Constraint <= len(ch.Path) {
		by = checks.Name(ch.Path[prob.Constraint-1])
	}
	switch prob.Policy {
	case facts.PolicyMapsAnyPolicy:
		return fmt.Sprintf("re-issue '%s' without anyPolicy in its policyMappings (map concrete policy OIDs only)", name)
	case facts.PolicyAnyInhibited:
		return fmt.Sprintf("re-issue '%s' with the explicit policy OIDs of its issuers in certificatePolicies instead of anyPolicy (inhibitAnyPolicy in '%s' forbids anyPolicy here), or re-issue '%s' with a larger inhibitAnyPolicy", name, by, by)
	case facts.PolicyMappingInhibited:
		return fmt.Sprintf("re-issue '%s' without policyMappings, asserting the issuers' policy OIDs directly (inhibitPolicyMapping in '%s' forbids mapping here), or re-issue '%s' without inhibitPolicyMapping", name, by, by)
	}
	if by == "" {
		by = "the CA that sets requireExplicitPolicy"
	} else {
		by = "'" + by + "'"
	}
	return fmt.Sprintf("re-issue '%s' with a certificatePolicies extension that asserts a policy its issuers allow (openssl extension section: certificatePolicies = <the CA's policy OID>), or re-issue %s without requireExplicitPolicy in policyConstraints; test with `openssl verify -policy_check -CAfile root.pem -untrusted intermediates.pem leaf.pem` (OpenSSL does not check policies without -policy_check)", name, by)
}
