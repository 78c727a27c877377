package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// POODLE is vuln.poodle.
var POODLE = register(test{
	id:       facts.VulnPOODLE,
	title:    "POODLE: the server accepts SSL 3.0 with CBC suites",
	severity: checks.Error,
	refs:     []string{"CVE-2014-3566", "RFC 7568"},
	doc:      "SSL 3.0 does not check CBC padding, so a man in the middle who can make a browser send many requests decrypts a cookie a byte per 256 requests (POODLE, 2014). RFC 7568 prohibits SSL 3.0; the only remedy is to disable it (proto.sslv3 reports the version itself).",
	fix:      "Disable SSL 3.0: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, mosquitto `tls_version tlsv1.2`.",
	observed: "the server accepts SSL 3.0 with CBC suites (POODLE)",
	expected: "SSL 3.0 refused",
	fixFor:   protocols,
})
