package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Heartbleed is vuln.heartbleed.
var Heartbleed = register(test{
	id:       facts.VulnHeartbleed,
	title:    "Heartbleed: the server returns its memory in heartbeat responses",
	severity: checks.Error,
	refs:     []string{"CVE-2014-0160", "heartbleed.com", "RFC 6520"},
	doc:      "OpenSSL 1.0.1 to 1.0.1f answers a TLS heartbeat with as many bytes as the request claims, not as many as it sent: up to 64 KiB of server memory per request, including private keys, session keys and other users' data (2014). The test sends a heartbeat that claims more than it carries, before the handshake ends, as the public testers do; a server that answers with more bytes than sent leaks memory.",
	fix:      "Upgrade OpenSSL (1.0.1g or later), restart the server, then replace the private key and certificate and revoke the old one: the memory may have leaked them.",
	observed: "the server answered a heartbeat request with more bytes than it was sent: it leaks its memory (Heartbleed, CVE-2014-0160)",
	expected: "no heartbeat response, or one echoing only the bytes sent",
	fixFor: func(f *facts.Facts, sw scanrule.Software) string {
		return upgrade("1.0.1g or later")(f, sw) + "; then make a new key and certificate and revoke the old one, since the leaked memory may hold the key"
	},
})
