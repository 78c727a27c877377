package config

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// PinnedCerts is config.pinned-certs.
var PinnedCerts = &checks.Check{
	ID:       "config.pinned-certs",
	Title:    "a NATS pinned_certs entry is not a SHA-256 hex digest",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS pinned_certs (hex-encoded SHA-256 of the SubjectPublicKeyInfo)", ref},
	Doc: "pinned_certs lists the SHA-256 of each accepted certificate's SubjectPublicKeyInfo, hex-encoded " +
		"(64 hex digits). An entry of another length, with colons or non-hex characters, never matches any " +
		"certificate (or is rejected when NATS reads the configuration).",
	Fix:     "Compute the pin with `openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex`.",
	Applies: []*checks.Scope{Listener},
	Run:     pinnedCerts,
}

func init() { checks.Register(PinnedCerts) }

// validPin reports whether s is 64 hex digits.
func validPin(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func pinnedCerts(p *checks.Pass) {
	for _, s := range p.Facts.Config.PinnedCerts {
		if validPin(strings.ToLower(s.Value)) {
			continue
		}
		s := s
		p.Report(checks.Finding{Subject: s.Value,
			Message:  fmt.Sprintf("pinned_certs entry %q (%s) is not a SHA-256 hex digest (64 hex digits, %d given)", s.Value, s.Where, len(s.Value)),
			Evidence: evidence(&s),
			Fix:      fmt.Sprintf("replace %q at %s with the output of `openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | cut -d' ' -f2`", s.Value, s.Where)})
	}
}
