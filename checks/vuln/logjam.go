package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Logjam is vuln.logjam.
var Logjam = register(test{
	id:       facts.VulnLogjam,
	title:    "Logjam: the server uses DHE groups of 1024 bits or less, or DHE EXPORT suites",
	severity: checks.Error,
	refs:     []string{"CVE-2015-4000", "weakdh.org", "RFC 7919"},
	doc:      "DHE with groups of 1024 bits and less, and in particular the widely shared standard 1024-bit groups, can be broken after a one-time precomputation per group; DHE EXPORT suites (512-bit groups) can be forced on clients by a man in the middle (Logjam, 2015). dh.weak reports every group under 2048 bits; this test reports the exploitable ones.",
	fix:      "Use a DH group of 2048 bits or more (RFC 7919 ffdhe2048), drop DHE EXPORT suites, or use ECDHE only.",
	observed: "the server uses a DHE group of 1024 bits or less, or accepts DHE EXPORT suites (Logjam)",
	expected: "DHE groups of at least 2048 bits and no EXPORT suite",
	fixFor:   func(f *facts.Facts, sw scanrule.Software) string { return scanrule.DHFix(sw) },
})
