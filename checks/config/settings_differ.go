package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// SettingsDiffer is config.settings-differ.
var SettingsDiffer = &checks.Check{
	ID:       "config.settings-differ",
	Title:    "the running server negotiates what its configuration does not allow",
	Severity: checks.Warning,
	Refs:     []string{ref},
	Doc: "With --probe, the handshake with the listener negotiated a protocol version or (TLS 1.2 and " +
		"below) a cipher suite that the configured version setting or cipher string does not allow: the " +
		"configuration was changed without a reload, or another configuration is in effect. One handshake " +
		"shows one version and suite, not all the server accepts; `tlscheck scan` enumerates them.",
	Fix:     "Reload the server, then probe again.",
	Applies: []*checks.Scope{Listener, Probed},
	Run:     settingsDiffer,
}

func init() { checks.Register(SettingsDiffer) }

// allowedVersions are the versions the configuration enables, nil when it
// does not say. Minimum settings (mosquitto tls_version, NATS min_version)
// allow every version from there up.
func allowedVersions(c *facts.ServerConfig) map[facts.TLSVersion]bool {
	s := c.Protocols
	if s == nil {
		return nil
	}
	args := s.Args
	if len(args) == 0 {
		args = strings.Fields(s.Value)
	}
	byName := map[string]facts.TLSVersion{"SSLv3": facts.VersionSSL30, "TLSv1": facts.VersionTLS10, "TLSv1.1": facts.VersionTLS11}
	all := []facts.TLSVersion{facts.VersionSSL30, facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}
	out := map[facts.TLSVersion]bool{}
	for _, a := range args {
		for _, part := range strings.Split(a, ",") {
			v, ok := byName[protocolName(part)]
			if !ok {
				switch strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(strings.Trim(strings.TrimSpace(part), `"'[],`)), "tlsv"), "tls")) {
				case "1.2", "12":
					v, ok = facts.VersionTLS12, true
				case "1.3", "13":
					v, ok = facts.VersionTLS13, true
				}
			}
			if !ok {
				continue
			}
			if c.Type == facts.ServerMosquitto || c.Type == facts.ServerNATS { // a minimum
				for _, w := range all {
					if w >= v {
						out[w] = true
					}
				}
			} else {
				out[v] = true
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func settingsDiffer(p *checks.Pass) {
	c := p.Facts.Config
	s := c.Served
	if s.Version == 0 {
		return
	}
	if allowed := allowedVersions(c); allowed != nil && !allowed[s.Version] {
		p.Report(checks.Finding{Subject: s.Address,
			Message:  fmt.Sprintf("%s negotiated %s, which %s does not allow: the running server does not use this configuration", s.Address, s.Version, at(c.Protocols)),
			Evidence: evidence(c.Protocols, "address", s.Address, "negotiated_version", s.Version.String()),
			Fix:      reloadCommand(c.Type)})
	}
	rc := c.ResolvedCiphers
	if s.Version >= facts.VersionTLS13 || s.CipherSuite == "" || rc == nil || rc.NotChecked != "" || len(rc.Suites) == 0 {
		return
	}
	for _, id := range rc.Suites {
		if st, ok := suites.ByID(id); ok && st.Name == s.CipherSuite {
			return
		}
	}
	p.Report(checks.Finding{Subject: s.Address,
		Message:  fmt.Sprintf("%s negotiated %s, which %s does not enable: the running server does not use this cipher string", s.Address, s.CipherSuite, cipherSetting(p)),
		Evidence: evidence(c.Ciphers, "address", s.Address, "negotiated_suite", s.CipherSuite),
		Fix:      reloadCommand(c.Type)})
}
