package policy

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Scanned: the facts come from `tlscheck scan`, which knows everything a
// server accepts; one handshake cannot tell whether a server complies.
var Scanned = &checks.Scope{Name: "a scan", Reason: "no scan (only `tlscheck scan` enumerates what a server accepts)",
	Has: func(f *facts.Facts) bool { return f.Scan != nil }}

// chosen is the scope of one policy: --policy names it.
func chosen(p *Profile) *checks.Scope {
	return &checks.Scope{Name: "--policy " + p.Name, Reason: "--policy " + p.Name + " not chosen",
		Has: func(f *facts.Facts) bool { return f.Options.Policy == p.Name }}
}

// newCheck builds the check of profile p. Deviating from a named
// configuration is a warning: the server works and may be secure, but
// breaks what its operator chose to follow (the rubric's "breaks a
// SHOULD"); what is insecure in itself the proto, cipher, dh and vuln
// checks report with their own severities.
func newCheck(p *Profile, doc string) *checks.Check {
	return &checks.Check{
		ID:       ID(p.Name),
		Title:    "the server deviates from the " + p.Title + " configuration (--policy " + p.Name + ")",
		Severity: checks.Warning,
		Refs: []string{"Mozilla Server Side TLS guidelines " + p.Version + " (https://ssl-config.mozilla.org/guidelines/" + p.Version + ".json)",
			"https://wiki.mozilla.org/Security/Server_Side_TLS"},
		Doc: doc + " Each kind of deviation is one finding (extra or missing protocol versions, extra or " +
			"missing cipher suites, suite order, groups, DH parameter size, certificate key and signature, " +
			"certificate lifetime, HSTS for https:// targets, OCSP stapling when the certificate names a " +
			"responder), naming what the server does and what the policy expects. Missing suites count only " +
			"those the server's certificate key types can use. The severity is warning: a deviation breaks " +
			"the configuration the operator chose to follow, a SHOULD; what is insecure in itself the proto, " +
			"cipher, dh and vuln checks report with their own severities. Applies to `tlscheck scan --policy " + p.Name + "`; " +
			"docs/grade.md lists the profiles.",
		Fix:     "Use the configuration Mozilla's generator (https://ssl-config.mozilla.org/) gives for the " + p.Title + " level; each finding names the lines.",
		Applies: []*checks.Scope{Scanned, chosen(p)},
		Run:     run(p),
	}
}
