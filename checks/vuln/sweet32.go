package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// SWEET32 is vuln.sweet32.
var SWEET32 = register(test{
	id:       facts.VulnSWEET32,
	title:    "SWEET32: the server accepts 64-bit block ciphers (3DES, DES, IDEA)",
	severity: checks.Warning,
	refs:     []string{"CVE-2016-2183", "sweet32.info", "RFC 9325 section 4.1"},
	doc:      "With a 64-bit block cipher, blocks start to repeat after about 32 GiB on one connection, and an attacker who can make a client send that much recovers secrets such as cookies (SWEET32, 2016). The attack needs long-lived, high-volume connections, hence a warning here; cipher.weak reports 3DES and DES suites as errors in their own right.",
	fix:      "Remove 3DES, DES and IDEA suites from the cipher list.",
	observed: "the server accepts suites with a 64-bit block cipher (SWEET32)",
	expected: "only 128-bit block ciphers and stream ciphers such as ChaCha20",
	fixFor:   ciphersWithout(func(s suites.Suite) bool { return s.BlockBits == 64 }),
})
