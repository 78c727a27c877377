package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// RC4 is vuln.rc4.
var RC4 = register(test{
	id:       facts.VulnRC4,
	title:    "the server accepts RC4 suites",
	severity: checks.Error,
	refs:     []string{"RFC 7465", "CVE-2013-2566", "CVE-2015-2808"},
	doc:      "RC4's keystream is biased, which lets an attacker recover plaintext sent many times, such as cookies and passwords (2013, 2015). RFC 7465 says TLS servers MUST NOT negotiate RC4 suites: an error. cipher.weak lists them among the weak suites too.",
	fix:      "Remove RC4 suites (OpenSSL string !RC4).",
	observed: "the server accepts RC4 suites",
	expected: "no RC4 suite (RFC 7465)",
	fixFor:   ciphersWithout(nil),
})
