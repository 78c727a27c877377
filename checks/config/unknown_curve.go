package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// UnknownCurve is config.unknown-curve.
var UnknownCurve = &checks.Check{
	ID:       "config.unknown-curve",
	Title:    "the curve list names curves the server does not know",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS curve_preferences (Go crypto/tls CurveID names)", "nginx ssl_ecdh_curve", ref},
	Doc: "A name in NATS curve_preferences or nginx ssl_ecdh_curve is not a group the server's TLS " +
		"library knows. NATS refuses to start (error); nginx passes the list to OpenSSL, which refuses " +
		"the whole list at start-up in recent versions and skips unknown names in others (warning).",
	Fix:     "Use the library's names: NATS X25519, CurveP256, CurveP384, CurveP521; OpenSSL X25519, prime256v1, secp384r1.",
	Applies: []*checks.Scope{Listener},
	Run:     unknownCurve,
}

func init() { checks.Register(UnknownCurve) }

// knownCurve reports whether the server's library knows the curve name.
func knownCurve(name string, nats bool) bool {
	if !nats && (strings.EqualFold(name, "auto") || name == "P-256" || name == "P-384" || name == "P-521") {
		return true
	}
	for _, g := range suites.Groups() {
		if nats && g.GoName != "" && g.GoName == name {
			return true
		}
		if !nats && (strings.EqualFold(g.OpenSSL, name) || strings.EqualFold(g.Name, name)) {
			return true
		}
	}
	return false
}

func unknownCurve(p *checks.Pass) {
	c := p.Facts.Config
	s := c.Curves
	if s == nil {
		return
	}
	names := s.Args
	if len(names) <= 1 {
		names = strings.FieldsFunc(s.Value, func(r rune) bool { return r == ':' || r == ',' || r == ' ' })
	}
	var unknown []string
	for _, n := range names {
		n = strings.Trim(strings.TrimSpace(n), `"'`)
		if n != "" && !knownCurve(n, isNATS(c)) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) == 0 {
		return
	}
	sev, effect, valid := checks.Warning, "OpenSSL does not know it", "X25519:prime256v1:secp384r1"
	if isNATS(c) {
		sev, effect, valid = checks.Error, "nats-server refuses to start", "[X25519, CurveP256, CurveP384]"
	}
	p.Report(checks.Finding{Severity: sev, Subject: c.Listener,
		Message:  fmt.Sprintf("%s names %s: %s", at(s), strings.Join(unknown, ", "), effect),
		Evidence: evidence(s, "unknown", strings.Join(unknown, ", ")),
		Fix:      fmt.Sprintf("replace the value at %s with known names, e.g. %s", s.Where, valid)})
}
