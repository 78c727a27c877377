package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// OldProtocol is config.old-protocol.
var OldProtocol = &checks.Check{
	ID:       "config.old-protocol",
	Title:    "the protocol setting enables SSL 3.0, TLS 1.0 or TLS 1.1",
	Severity: checks.Warning,
	Refs:     []string{"RFC 8996", "RFC 7568", ref},
	Doc: "The version setting (nginx ssl_protocols, mosquitto tls_version, EMQX versions, NATS " +
		"min_version) enables TLS 1.0 or 1.1, deprecated by RFC 8996 (warning, as proto.tls10 and " +
		"proto.tls11 for a scan), or SSL 3.0, prohibited by RFC 7568 (error, as proto.sslv3).",
	Fix:     "Allow TLS 1.2 and 1.3 only.",
	Applies: []*checks.Scope{Listener},
	Run:     oldProtocol,
}

func init() { checks.Register(OldProtocol) }

// protocolName normalises a version as servers write it: SSLv3, TLSv1,
// tlsv1.1, 'tlsv1.2', 1.0.
func protocolName(v string) string {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'[],`))
	v = strings.TrimPrefix(v, "tlsv")
	v = strings.TrimPrefix(v, "tls")
	switch v {
	case "sslv3", "ssl3", "sslv3.0":
		return "SSLv3"
	case "1", "1.0", "10":
		return "TLSv1"
	case "1.1", "11", "1_1":
		return "TLSv1.1"
	}
	return ""
}

func oldProtocol(p *checks.Pass) {
	c := p.Facts.Config
	s := c.Protocols
	if s == nil {
		return
	}
	args := s.Args
	if len(args) == 0 {
		args = strings.Fields(s.Value)
	}
	var old []string
	sev := checks.Warning
	for _, a := range args {
		for _, part := range strings.Split(a, ",") {
			if n := protocolName(part); n != "" {
				old = append(old, n)
				if n == "SSLv3" {
					sev = checks.Error
				}
			}
		}
	}
	if len(old) == 0 {
		return
	}
	fix := map[facts.ServerType]string{
		facts.ServerNginx:     "ssl_protocols TLSv1.2 TLSv1.3;",
		facts.ServerMosquitto: "tls_version tlsv1.2",
		facts.ServerNATS:      "min_version: \"1.2\"",
		facts.ServerEMQX:      "versions = [\"tlsv1.3\", \"tlsv1.2\"]",
	}[c.Type]
	if fix == "" {
		fix = "TLS 1.2 and 1.3 only"
	}
	kind := "enables"
	if c.Type == facts.ServerMosquitto || c.Type == facts.ServerNATS {
		kind = "sets the minimum to"
	}
	p.Report(checks.Finding{Severity: sev, Subject: c.Listener,
		Message:  fmt.Sprintf("%s %s %s (deprecated: RFC 8996, RFC 7568)", at(s), kind, strings.Join(old, ", ")),
		Evidence: evidence(s, "old_versions", strings.Join(old, ", ")),
		Fix:      fmt.Sprintf("replace the line at %s with `%s`", s.Where, fix)})
}
