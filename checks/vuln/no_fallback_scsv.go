package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoFallbackSCSV is vuln.no-fallback-scsv.
var NoFallbackSCSV = register(test{
	id:       facts.VulnFallbackSCSV,
	title:    "the server ignores TLS_FALLBACK_SCSV (downgrade protection)",
	severity: checks.Warning,
	refs:     []string{"RFC 7507", "POODLE (CVE-2014-3566)"},
	doc:      "Clients that retried a failed handshake with a lower version mark the retry with TLS_FALLBACK_SCSV; RFC 7507 says a server that supports a higher version MUST then refuse with inappropriate_fallback, so that a man in the middle cannot force the downgrade (as POODLE did). Current browsers no longer fall back, which makes this a warning rather than an error; it matters only when the server accepts several versions. Accepting TLS 1.2 and 1.3 only leaves little to downgrade to.",
	fix:      "Upgrade OpenSSL (1.0.1j or later has TLS_FALLBACK_SCSV), or accept TLS 1.2 and 1.3 only.",
	observed: "the server accepted a lower version offered with TLS_FALLBACK_SCSV although it supports a higher one",
	expected: "an inappropriate_fallback alert (RFC 7507)",
	fixFor: func(f *facts.Facts, sw scanrule.Software) string {
		return scanrule.ProtocolsFix(sw) + "; or upgrade to OpenSSL 1.0.1j or later, which honours TLS_FALLBACK_SCSV"
	},
})
