package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// CCSInjection is vuln.ccs-injection.
var CCSInjection = register(test{
	id:       facts.VulnCCSInjection,
	title:    "CCS injection: the server accepts ChangeCipherSpec before the key exchange",
	severity: checks.Error,
	refs:     []string{"CVE-2014-0224", "ccsinjection.lepidum.co.jp"},
	doc:      "OpenSSL before 0.9.8za, 1.0.0m and 1.0.1h accepts a ChangeCipherSpec message early in the handshake, before the keys are established, and then encrypts with keys derived from an empty master secret: a man in the middle can decrypt and change the traffic (2014). The test sends an early ChangeCipherSpec, by the rule nmap's ssl-ccs-injection uses; a server that does not reject it with an alert is vulnerable.",
	fix:      "Upgrade OpenSSL (0.9.8za, 1.0.0m, 1.0.1h or later) and restart the server.",
	observed: "the server accepted a ChangeCipherSpec message before the key exchange (CCS injection, CVE-2014-0224)",
	expected: "an unexpected_message alert, or the connection closed",
	fixFor:   upgrade("0.9.8za, 1.0.0m, 1.0.1h or later"),
})
