package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// FREAK is vuln.freak.
var FREAK = register(test{
	id:       facts.VulnFREAK,
	title:    "FREAK: the server accepts RSA EXPORT suites",
	severity: checks.Error,
	refs:     []string{"CVE-2015-0204", "freakattack.com"},
	doc:      "RSA EXPORT suites use a 512-bit RSA key for the key exchange; clients with the FREAK bug accept it even when they did not ask for EXPORT, and a 512-bit key is factored in hours (FREAK, 2015). A server that accepts these suites lets a man in the middle downgrade such clients.",
	fix:      "Remove EXPORT suites (OpenSSL string !EXPORT).",
	observed: "the server accepts RSA EXPORT suites with 512-bit keys (FREAK)",
	expected: "no EXPORT suite",
	fixFor:   ciphersWithout(nil),
})
