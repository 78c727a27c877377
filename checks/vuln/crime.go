package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// CRIME is vuln.crime.
var CRIME = register(test{
	id:       facts.VulnCRIME,
	title:    "CRIME: the server compresses TLS records",
	severity: checks.Error,
	refs:     []string{"CVE-2012-4929", "RFC 7457 section 2.6", "RFC 9325 section 3.3"},
	doc:      "With TLS compression, the length of each encrypted record depends on how well secrets (cookies, tokens) compress together with data an attacker can inject, which reveals them byte by byte (CRIME, 2012). RFC 9325 says implementations SHOULD disable compression; OpenSSL 1.1.0 and later have it off. tls.compression reports the same from a probe.",
	fix:      "Disable TLS compression: upgrade to OpenSSL 1.1.0 or later, or set Options = -Compression in openssl.cnf.",
	observed: "the server chose DEFLATE compression when offered it (CRIME)",
	expected: "compression method null",
	fixFor: func(f *facts.Facts, sw scanrule.Software) string {
		return upgrade("1.1.0 or later, which has compression off")(f, sw) + "; or add `Options = -Compression` to the system_default section of openssl.cnf"
	},
})
