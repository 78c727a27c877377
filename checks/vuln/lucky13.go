package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// LUCKY13 is vuln.lucky13.
var LUCKY13 = register(test{
	id:       facts.VulnLUCKY13,
	title:    "LUCKY13: the server accepts CBC suites",
	severity: checks.Info,
	refs:     []string{"CVE-2013-0169", "isg.rhul.ac.uk/tls/Lucky13.html"},
	doc:      "CBC suites check the MAC after decrypting, so the time a server takes to reject a record can reveal plaintext (Lucky Thirteen, 2013). Current TLS libraries process CBC records in constant time, so this is info: AEAD suites (AES-GCM, ChaCha20-Poly1305) avoid the construction altogether.",
	fix:      "Prefer, or keep only, AEAD suites.",
	observed: "the server accepts CBC suites, whose MAC-then-encrypt construction is the root of LUCKY13",
	expected: "AEAD suites only (AES-GCM, ChaCha20-Poly1305)",
	fixFor:   ciphersWithout(func(s suites.Suite) bool { return !s.AEAD }),
})
