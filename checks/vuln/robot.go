package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ROBOT is vuln.robot.
var ROBOT = register(test{
	id:       facts.VulnROBOT,
	title:    "ROBOT: the server is a Bleichenbacher oracle for RSA key exchange",
	severity: checks.Error,
	refs:     []string{"ROBOT (robotattack.org, 2017)", "CVE-2017-13099", "RFC 5246 7.4.7.1"},
	doc:      "A server that answers malformed RSA-encrypted premaster secrets differently from well-formed ones (another alert, a timeout, a reset) is a Bleichenbacher padding oracle: an attacker can decrypt recorded TLS sessions that used RSA key exchange and sign messages with the server's key (ROBOT, 2017, after Bleichenbacher 1998). The test sends the five malformed ciphertexts of the published robot-detect rules and compares the answers. Removing RSA key exchange (TLS_RSA_WITH_* suites) closes it whatever the implementation.",
	fix:      "Disable RSA key exchange: accept only ECDHE (and DHE) suites; update the TLS stack or appliance firmware that has the oracle.",
	observed: "the server answers malformed RSA key-exchange messages differently from well-formed ones: it is a Bleichenbacher oracle (ROBOT)",
	expected: "the same answer to every RSA ciphertext, or no RSA key exchange at all",
	fixFor:   ciphersWithout(nil),
})
