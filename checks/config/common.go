package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// The scopes of the config.* checks.
var (
	// Configured: the facts come from `tlscheck config`.
	Configured = &checks.Scope{Name: "a server configuration", Reason: "no server configuration (only `tlscheck config` reads one)",
		Has: func(f *facts.Facts) bool { return f.Config != nil }}
	// Listener: the facts are one listener's (not the configuration as a whole).
	Listener = &checks.Scope{Name: "a listener of a server configuration", Reason: "not a listener (only `tlscheck config` reads one)",
		Has: func(f *facts.Facts) bool { return f.Config != nil && f.Config.Listener != "" }}
	// Probed: `tlscheck config --probe` connected to the listener.
	Probed = &checks.Scope{Name: "a probe of the configured listener", Reason: "the listener was not probed (--probe)",
		Has: func(f *facts.Facts) bool { return f.Config != nil && f.Config.Served != nil }}
)

// ref is the reference every config check carries besides its own.
const ref = "tlscheck docs/config.md"

// at is "directive at file:line".
func at(s *facts.ConfigSetting) string {
	if s == nil {
		return ""
	}
	if s.Where == "" {
		return s.Directive
	}
	return s.Directive + " at " + s.Where
}

// evidence labels a setting.
func evidence(s *facts.ConfigSetting, extra ...string) map[string]string {
	ev := map[string]string{}
	if s != nil {
		ev["directive"] = s.Directive
		ev["value"] = s.Value
		file, line := splitWhere(s.Where)
		if file != "" {
			ev[checks.EvidenceFile] = file
		}
		if line != "" {
			ev[checks.EvidencePosition] = line
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		ev[extra[i]] = extra[i+1]
	}
	return ev
}

// splitWhere splits "file:line" (a path may hold colons).
func splitWhere(where string) (file, line string) {
	i := strings.LastIndexByte(where, ':')
	if i < 0 {
		return where, ""
	}
	for _, r := range where[i+1:] {
		if r < '0' || r > '9' {
			return where, ""
		}
	}
	return where[:i], where[i+1:]
}

// listenerWhere is where a listener is, for a fix that adds a directive.
func listenerWhere(c *facts.ServerConfig) string {
	return fmt.Sprintf("the %s block at %s", c.Kind, c.Where)
}

// isNATS etc. name the server types.
func isNATS(c *facts.ServerConfig) bool { return c.Type == facts.ServerNATS }

// caDirective is the directive that names the CA clients are verified with.
func caDirective(typ facts.ServerType) string {
	switch typ {
	case facts.ServerNginx:
		return "ssl_client_certificate"
	case facts.ServerMosquitto:
		return "cafile"
	case facts.ServerNATS:
		return "ca_file"
	case facts.ServerCrossbar:
		return "ca_certificates"
	case facts.ServerEMQX:
		return "ssl_options.cacertfile"
	}
	return "the CA file directive"
}

// files returns the listener's files of a role.
func files(c *facts.ServerConfig, role string) []facts.ConfigFile {
	var out []facts.ConfigFile
	for _, f := range c.Files {
		if f.Role == role {
			out = append(out, f)
		}
	}
	return out
}
