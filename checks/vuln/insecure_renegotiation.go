package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// InsecureRenegotiation is vuln.insecure-renegotiation.
var InsecureRenegotiation = register(test{
	id:       facts.VulnRenegotiation,
	title:    "insecure renegotiation: the server lacks RFC 5746 secure renegotiation",
	severity: checks.Warning,
	refs:     []string{"RFC 5746", "CVE-2009-3555"},
	doc:      "Without the renegotiation_info extension of RFC 5746 a server cannot tell a renegotiation from a new handshake, and a man in the middle can prefix its own request to a client's authenticated session (CVE-2009-3555). Every TLS stack since 2010 supports RFC 5746; the attack needs renegotiation to be possible, hence a warning (tls.no-secure-renegotiation reports the same from a probe).",
	fix:      "Upgrade the TLS library to one with RFC 5746 (OpenSSL 0.9.8m or later) and restart the server.",
	observed: "the server does not support RFC 5746 secure renegotiation (no renegotiation_info in its ServerHello)",
	expected: "renegotiation_info in the ServerHello (RFC 5746)",
	fixFor:   upgrade("0.9.8m or later, which has RFC 5746 secure renegotiation"),
})
