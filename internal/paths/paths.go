// Package paths builds and validates certification paths from the
// certificates in a facts.Facts (RFC 5280 6.1, with the checks OpenSSL, GnuTLS
// and browsers add), and reports what is wrong with a path as typed
// facts.ChainProblem values.
package paths

import "github.com/tlscheck/tlscheck/internal/facts"

// Memo keys for facts.Facts.Derived.
type (
	chainsKey struct{}
	onPathKey struct{}
)

// Chains returns one chain per leaf (see facts.Facts.Leaves), built once per
// Facts and shared by every check.
func Chains(f *facts.Facts) []*facts.Chain {
	return f.Derived(chainsKey{}, func() any { return buildChains(f) }).([]*facts.Chain)
}

// PathTo builds the path from leaf to one of anchors (instead of f.Roots),
// using the input certificates as intermediates: the client.* checks use it
// with the --client-ca certificates as the only anchors. It is not memoised.
func PathTo(f *facts.Facts, leaf *facts.Cert, anchors []*facts.Cert) *facts.Chain {
	return newBuilder(f, anchors).build(leaf)
}

// Checked reports whether checks of single certificates should look at c:
// every input except a --untrusted pool certificate that is on no path, and
// a --ca anchor only when it is on a path or no path was built at all (a CA
// file checked on its own). OS-store roots are never checked.
func Checked(f *facts.Facts, c *facts.Cert) bool {
	switch c.Source.Role {
	case facts.RoleSystem, facts.RoleBundled:
		return false
	case facts.RolePool:
	case facts.RoleCA:
		if len(Chains(f)) == 0 {
			return true
		}
	default:
		return true
	}
	onPath := f.Derived(onPathKey{}, func() any {
		m := map[string]bool{}
		for _, ch := range Chains(f) {
			for _, p := range ch.Path {
				m[string(p.Raw)] = true
			}
		}
		return m
	}).(map[string]bool)
	return onPath[string(c.Raw)]
}
