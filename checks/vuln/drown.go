package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// DROWN is vuln.drown.
var DROWN = register(test{
	id:       facts.VulnDROWN,
	title:    "DROWN: the server accepts SSL 2.0",
	severity: checks.Error,
	refs:     []string{"CVE-2016-0800", "drownattack.com", "RFC 6176"},
	doc:      "A server that accepts SSL 2.0 is an oracle that decrypts TLS sessions made with the same RSA key, on this server or any other that shares the key or certificate (DROWN, 2016). proto.sslv2 reports the version; SSL 2.0 must be off on every server that uses this key.",
	fix:      "Disable SSL 2.0 on every server that uses this RSA key (upgrade OpenSSL to 1.1.0 or later, which has none).",
	observed: "the server accepts SSL 2.0, so its RSA key decrypts TLS sessions for an attacker (DROWN)",
	expected: "SSL 2.0 refused here and on every server sharing this key",
	fixFor: func(f *facts.Facts, sw scanrule.Software) string {
		return scanrule.ProtocolsFix(sw) + "; do the same on every other server that uses this certificate's key, or give this one a key of its own"
	},
})
