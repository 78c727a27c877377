package cipher

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// NoForwardSecrecy is cipher.no-forward-secrecy: the server accepts a
// suite with a static key exchange.
var NoForwardSecrecy = &checks.Check{
	ID:       "cipher.no-forward-secrecy",
	Title:    "a suite without forward secrecy (static RSA or DH key exchange) is accepted",
	Severity: checks.Warning,
	Refs:     []string{"RFC 9325 section 4.1 (SHOULD prefer forward secrecy)", "ROBOT (robotattack.org)", "nginx ssl_ciphers", "mosquitto.conf ciphers"},
	Doc: "With a static RSA (TLS_RSA_WITH_...) or static DH/ECDH key exchange, the session keys " +
		"are derived from the server's long-term key: whoever obtains that key later (a stolen " +
		"backup, a compelled disclosure) decrypts every recorded session, and RSA key exchange " +
		"is what Bleichenbacher oracles such as ROBOT attack. ECDHE and DHE suites, and every " +
		"TLS 1.3 suite, use a fresh key per connection. RFC 9325 says such suites SHOULD be " +
		"preferred; they still work, hence a warning.",
	Fix:     "Accept only ECDHE (or DHE) suites, e.g. nginx `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`, mosquitto `ciphers ECDHE+AESGCM:ECDHE+CHACHA20`.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     noForwardSecrecy,
}

func init() { checks.Register(NoForwardSecrecy) }

// static: a suite whose key exchange reuses the server's long-term key.
// NULL key exchange (TLS_NULL_WITH_NULL_NULL) is cipher.weak's.
func static(s suites.Suite) bool {
	return !s.TLS13 && !s.ForwardSecrecy && !s.Signalling && !s.Null && s.Kx != "NULL" && s.Kx != ""
}

func noForwardSecrecy(p *checks.Pass) {
	f := p.Facts
	versionSuites(p, func(v facts.TLSVersion, accepted []facts.AcceptedSuite) {
		bad, _ := filter(accepted, static)
		if len(bad) == 0 {
			return
		}
		list := scanrule.Labels(bad)
		p.Report(checks.Finding{
			Subject: scanrule.Subject(f) + " " + v.String(),
			Message: fmt.Sprintf("on %s the server accepts %d suite(s) with a static key exchange: %s; expected only ECDHE or DHE suites (forward secrecy)",
				v, len(bad), list),
			Evidence: map[string]string{"version": v.String(), "static_kx_suites": list},
			Fix:      scanrule.CiphersFix(scanrule.Of(f), scanrule.Keep(f.Scan, nil)),
		})
	})
}
