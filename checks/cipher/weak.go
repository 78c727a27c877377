package cipher

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// Weak is cipher.weak: the server accepts a suite that gives no real
// protection.
var Weak = &checks.Check{
	ID:       "cipher.weak",
	Title:    "a weak cipher suite is accepted (NULL, anonymous, EXPORT, DES, RC4, 3DES or MD5 MAC)",
	Severity: checks.Error,
	Refs: []string{"RFC 7465 (prohibiting RC4)", "RFC 7525 / RFC 9325 section 4.1", "SWEET32 (CVE-2016-2183)", "FREAK (CVE-2015-0204)",
		"nginx ssl_ciphers", "mosquitto.conf ciphers", "NATS tls cipher_suites"},
	Doc: "Some suites protect nothing: NULL encrypts nothing, anonymous suites authenticate " +
		"nobody (anyone in the middle can answer), EXPORT suites use 40- and 56-bit keys broken " +
		"in minutes (FREAK, Logjam), DES has a 56-bit key, RC4 leaks plaintext (RFC 7465: MUST " +
		"NOT be offered), 3DES has 64-bit blocks (SWEET32) and MD5 MACs are broken. RFC 9325 " +
		"forbids them all. A client that offers one of them (old embedded stacks do) will get " +
		"it; a man in the middle can often force it. One finding per version lists the weak " +
		"suites the server accepts with their IANA and OpenSSL names.",
	Fix:     "Set a cipher list without them, e.g. nginx `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`, mosquitto `ciphers ECDHE+AESGCM:ECDHE+CHACHA20`, NATS `cipher_suites` with Go names of ECDHE AES-GCM suites.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     weak,
}

func init() { checks.Register(Weak) }

func weak(p *checks.Pass) {
	f := p.Facts
	versionSuites(p, func(v facts.TLSVersion, accepted []facts.AcceptedSuite) {
		bad, desc := filter(accepted, func(s suites.Suite) bool { w, _ := s.Weak(); return w })
		if len(bad) == 0 {
			return
		}
		kinds := map[string]bool{}
		var lines []string
		for i, s := range desc {
			_, why := s.Weak()
			for _, k := range strings.Split(why, ", ") {
				kinds[k] = true
			}
			lines = append(lines, scanrule.Label(bad[i])+" ["+why+"]")
		}
		var names []string
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		ev := map[string]string{"version": v.String(), "weak_suites": strings.Join(lines, ", "), "weaknesses": strings.Join(names, ", ")}
		p.Report(checks.Finding{
			Subject: scanrule.Subject(f) + " " + v.String(),
			Message: fmt.Sprintf("on %s the server accepts %d weak suite(s): %s; expected none (no NULL, anonymous, EXPORT, DES, RC4, 3DES or MD5-MAC suite)",
				v, len(bad), strings.Join(lines, ", ")),
			Evidence: ev,
			Fix:      scanrule.CiphersFix(scanrule.Of(f), scanrule.Keep(f.Scan, nil)),
		})
	})
}
