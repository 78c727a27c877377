package grade

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// Rule is one cap of the rating guide: when Test holds, the grade is at
// most Cap (F, C, B, A-), or becomes T or M. Test returns the evidence for
// Grade.Reasons.
type Rule struct {
	ID     string // stable name, e.g. "tls10-tls11"
	Cap    string // the highest grade the server can get when the rule applies
	Source string // the rating guide revision or SSL Labs announcement
	Test   func(*input) (detail string, applies bool)
}

// Rules are SSL Labs' caps in the order Reasons lists them: trust, then
// vulnerabilities, protocols, key exchange, ciphers, the rest. Each
// reads the scan facts, or findings by check ID for trust and names.
var Rules = []Rule{
	// Certificates. Trust comes from the chain checks' findings.
	{"not-trusted", T, "rating guide: certificate not trusted", func(in *input) (string, bool) {
		id, ok := in.has(untrustedIDs)
		return "the certificate is not trusted (" + id + ")", ok
	}},
	{"name-mismatch", M, "rating guide: certificate name mismatch", func(in *input) (string, bool) {
		id, ok := in.has(mismatchIDs)
		return "the certificate does not cover the name asked for (" + id + ")", ok
	}},
	{"cert-key-under-1024", F, "rating guide: insecure certificate key", func(in *input) (string, bool) {
		return keysUnder(in, 1024)
	}},
	{"cert-key-under-2048", B, "rating guide 2009e (2014): keys under 2048 bits", func(in *input) (string, bool) {
		return keysUnder(in, 2048)
	}},

	// Vulnerabilities: each F.
	{"heartbleed", F, "rating guide 2009f (2014): Heartbleed", vuln(facts.VulnHeartbleed, "vulnerable to Heartbleed (CVE-2014-0160)")},
	{"ccs-injection", F, "rating guide 2009f (2014): OpenSSL CCS injection", vuln(facts.VulnCCSInjection, "vulnerable to CCS injection (CVE-2014-0224)")},
	{"robot", F, "SSL Labs grading update, March 2018: ROBOT", vuln(facts.VulnROBOT, "vulnerable to ROBOT (a Bleichenbacher oracle on RSA key exchange)")},
	{"drown", F, "SSL Labs, March 2016: DROWN", vuln(facts.VulnDROWN, "vulnerable to DROWN (SSL 2.0)")},
	{"insecure-renegotiation", F, "rating guide: insecure renegotiation (CVE-2009-3555)", vuln(facts.VulnRenegotiation, "insecure renegotiation is possible (CVE-2009-3555)")},

	// Protocols.
	{"ssl2", F, "rating guide: SSL 2.0", func(in *input) (string, bool) {
		return "SSL 2.0 accepted", in.accepts(facts.VersionSSL20)
	}},
	{"ssl3", C, "rating guide 2009g (October 2014, POODLE): SSL 3.0", func(in *input) (string, bool) {
		return "SSL 3.0 accepted (POODLE)", in.accepts(facts.VersionSSL30)
	}},
	{"no-tls12", C, "SSL Labs 1.17.10, May 2015: no TLS 1.2", func(in *input) (string, bool) {
		return "neither TLS 1.2 nor TLS 1.3 accepted", !in.accepts(facts.VersionTLS12) && !in.accepts(facts.VersionTLS13)
	}},
	{"tls10-tls11", B, "SSL Labs, January 2020: TLS 1.0 and 1.1", func(in *input) (string, bool) {
		var vs []string
		for _, v := range []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11} {
			if in.accepts(v) {
				vs = append(vs, v.String())
			}
		}
		return strings.Join(vs, " and ") + " accepted", len(vs) > 0
	}},
	{"no-tls13", AMinus, "rating guide 2009r (May 2025): no TLS 1.3", func(in *input) (string, bool) {
		return "TLS 1.3 not accepted", !in.accepts(facts.VersionTLS13)
	}},

	// Key exchange.
	{"anonymous", F, "rating guide: anonymous key exchange", suitesWhere("anonymous suites accepted", func(a acceptedSuite) bool { return a.suite.Anonymous })},
	{"export", F, "SSL Labs, March 2015: export suites (FREAK, Logjam)", suitesWhere("export suites accepted", func(a acceptedSuite) bool { return a.suite.Export })},
	{"dh-under-1024", F, "rating guide 2009h (December 2014) and Logjam (May 2015): DH under 1024 bits", func(in *input) (string, bool) {
		return dhRange(in, 1, 1024)
	}},
	{"dh-1024", B, "SSL Labs, May 2015 (Logjam): 1024-bit DH", func(in *input) (string, bool) {
		return dhRange(in, 1024, 2048)
	}},
	{"no-forward-secrecy", B, "SSL Labs grading update, March 2018: forward secrecy", func(in *input) (string, bool) {
		return missingOrUnused(in, "forward secrecy", func(s suites.Suite) bool { return s.ForwardSecrecy })
	}},

	// Ciphers.
	{"weak-cipher", F, "rating guide: ciphers under 112 bits (DES, RC2, export, NULL)", suitesWhere("suites under 112 bits accepted", func(a acceptedSuite) bool {
		return a.bits < 112 && !a.suite.Export // export suites have their own rule
	})},
	{"rc4-modern", C, "SSL Labs 1.17.10, May 2015: RC4 with TLS 1.1 or newer", suitesWhere("RC4 accepted with TLS 1.1 or newer", func(a acceptedSuite) bool {
		return a.suite.RC4 && a.version >= facts.VersionTLS11 && a.version != facts.VersionSSL20
	})},
	{"rc4", B, "rating guide 2009f (2014): RC4", suitesWhere("RC4 accepted with TLS 1.0 or older", func(a acceptedSuite) bool {
		return a.suite.RC4 && (a.version < facts.VersionTLS11 || a.version == facts.VersionSSL20)
	})},
	{"sweet32", C, "SSL Labs, 2016 (SWEET32): 3DES and other 64-bit block ciphers with TLS 1.1 or newer", suitesWhere("64-bit block ciphers accepted with TLS 1.1 or newer", func(a acceptedSuite) bool {
		return a.weak64 && a.version >= facts.VersionTLS11 && a.version != facts.VersionSSL20
	})},
	{"no-aead", B, "SSL Labs grading update, March 2018: AEAD suites", func(in *input) (string, bool) {
		return missingOrUnused(in, "AEAD", func(s suites.Suite) bool { return s.AEAD })
	}},

	// The rest.
	{"compression", C, "rating guide: TLS compression (CRIME)", func(in *input) (string, bool) {
		c := in.scan.Features.Compression
		if c != nil && *c != 0 {
			return fmt.Sprintf("TLS compression accepted (method %d, CRIME)", *c), true
		}
		return vuln(facts.VulnCRIME, "vulnerable to CRIME")(in)
	}},
	{"no-secure-renegotiation", C, "rating guide: no secure renegotiation (RFC 5746)", func(in *input) (string, bool) {
		sr := in.scan.Features.SecureRenegotiation
		renegotiable := false // TLS 1.3 has no renegotiation
		for _, v := range in.versions {
			renegotiable = renegotiable || v != facts.VersionTLS13
		}
		return "RFC 5746 secure renegotiation not supported", renegotiable && sr != nil && !*sr
	}},
	{"no-hsts", AMinus, "rating guide 2009r (May 2025): HSTS missing or invalid", func(in *input) (string, bool) {
		h := in.scan.Features.HSTS
		if h == nil { // not an https:// target, or not fetched
			return "", false
		}
		if *h == "" {
			return "no Strict-Transport-Security header", true
		}
		if age, ok := maxAge(*h); !ok || age == 0 {
			return fmt.Sprintf("Strict-Transport-Security %q has no valid max-age", *h), true
		}
		return "", false
	}},
}

// vuln applies when the scan tested id and found the server vulnerable.
func vuln(id facts.VulnID, detail string) func(*input) (string, bool) {
	return func(in *input) (string, bool) {
		r := in.scan.Vuln(id)
		return detail, r != nil && r.Tested && r.Vulnerable
	}
}

// suitesWhere applies when an accepted suite matches; the detail names them.
func suitesWhere(detail string, match func(acceptedSuite) bool) func(*input) (string, bool) {
	return func(in *input) (string, bool) {
		var names []string
		seen := map[string]bool{}
		for _, a := range in.suites {
			n := a.suite.OpenSSL
			if n == "" {
				n = a.suite.Name
			}
			if match(a) && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return "", false
		}
		return detail + ": " + strings.Join(names, ", "), true
	}
}

func keysUnder(in *input, bits int) (string, bool) {
	var weak []string
	for _, k := range in.keys {
		if !k.elliptic && k.bits < bits {
			weak = append(weak, fmt.Sprintf("%s %d", k.kind, k.bits))
		}
	}
	return "certificate key " + strings.Join(weak, ", ") + fmt.Sprintf(" (under %d bits)", bits), len(weak) > 0
}

// dhRange applies when a DHE suite or an FFDHE group has lo <= bits < hi.
func dhRange(in *input, lo, hi int) (string, bool) {
	sizes := map[int]bool{}
	for _, a := range in.suites {
		if a.dhBits >= lo && a.dhBits < hi {
			sizes[a.dhBits] = true
		}
	}
	for _, g := range in.groups {
		if g.ffdhe && g.bits >= lo && g.bits < hi {
			sizes[g.bits] = true
		}
	}
	if len(sizes) == 0 {
		return "", false
	}
	var list []int
	for b := range sizes {
		list = append(list, b)
	}
	sort.Ints(list)
	var s []string
	for _, b := range list {
		s = append(s, fmt.Sprintf("%d", b))
	}
	return "DH groups of " + strings.Join(s, ", ") + " bits", true
}

// missingOrUnused applies when no accepted suite has the property, or a
// current simulated client (not one past its vendor's support) connects
// with a suite that lacks it: SSL Labs does not penalise such suites as
// long as clients that can do better never get them.
func missingOrUnused(in *input, what string, has func(suites.Suite) bool) (string, bool) {
	any := false
	for _, a := range in.suites {
		any = any || has(a.suite)
	}
	if !any {
		return "no suite with " + what + " accepted", true
	}
	var clients []string
	for _, c := range in.scan.Clients {
		if !c.Connects || c.Old {
			continue
		}
		if s, ok := suites.ByID(c.Suite); ok && !has(s) {
			clients = append(clients, c.Name+" ("+s.Name+")")
		}
	}
	if len(clients) > 0 {
		return "current clients negotiate suites without " + what + ": " + strings.Join(clients, ", "), true
	}
	return "", false
}
