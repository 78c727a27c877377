package cipher

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// versionSuites calls fn with each accepted version's suites, oldest
// version first, and records a gap for each version whose suites the scan
// did not (or not fully) enumerate: what was not looked at is never a pass.
func versionSuites(p *checks.Pass, fn func(v facts.TLSVersion, accepted []facts.AcceptedSuite)) {
	s := p.Facts.Scan
	if len(s.Versions) == 0 {
		p.NotChecked("suites", scanrule.UntestedReason(s, "the scan enumerated no version", "enumeration"))
		return
	}
	for _, r := range s.Versions {
		what := r.Version.String() + " suites"
		switch {
		case !r.Tested:
			p.NotChecked(what, scanrule.UntestedReason(s, "the scan could not tell whether the server accepts "+r.Version.String(), r.Version.String(), "enumeration"))
			continue
		case !r.Offered:
			continue
		}
		if reason := scanrule.UntestedReason(s, "", what); reason != "" {
			p.NotChecked(what, reason)
		}
		if ss := s.SuitesFor(r.Version); len(ss) > 0 {
			fn(r.Version, ss)
		}
	}
}

// filter returns the accepted suites whose description keep selects;
// suites the table does not know are left out.
func filter(accepted []facts.AcceptedSuite, keep func(suites.Suite) bool) (out []facts.AcceptedSuite, desc []suites.Suite) {
	for _, a := range accepted {
		if s, ok := scanrule.Lookup(a); ok && keep(s) {
			out = append(out, a)
			desc = append(desc, s)
		}
	}
	return out, desc
}
