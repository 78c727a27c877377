package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// BEAST is vuln.beast.
var BEAST = register(test{
	id:       facts.VulnBEAST,
	title:    "BEAST: the server accepts CBC suites on TLS 1.0",
	severity: checks.Info,
	refs:     []string{"CVE-2011-3389", "RFC 8996"},
	doc:      "TLS 1.0 uses the last ciphertext block of a record as the next record's IV, which a script in the victim's browser can exploit to decrypt cookies (BEAST, 2011). Browsers have split records (1/n-1) since 2012, so the attack is mitigated on the client side: info only. proto.tls10 reports TLS 1.0 itself.",
	fix:      "Disable TLS 1.0 (nginx `ssl_protocols TLSv1.2 TLSv1.3;`).",
	observed: "the server accepts CBC suites on TLS 1.0 (BEAST)",
	expected: "TLS 1.0 refused, or no CBC suite on it",
	fixFor:   protocols,
})
