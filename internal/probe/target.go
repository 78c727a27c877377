package probe

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Target is a parsed probe target.
type Target struct {
	Raw      string       // as written
	Scheme   facts.Scheme // "" for a bare host[:port]
	Host     string       // name or IP literal, no brackets
	Port     int
	StartTLS facts.StartTLSProtocol // "" (TLS from the first byte), or an entry of starttlsProtocols
	Path     string                 // URL path for the https/wss application check ("/" when empty)
}

// Address is host:port with IPv6 brackets.
func (t Target) Address() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// IsIP reports whether the host is an IP literal (no SNI is sent then, RFC 6066 3).
func (t Target) IsIP() bool { return net.ParseIP(t.Host) != nil }

// tlsSchemes are the URL schemes of TLS from the first byte, with their
// default port (0: the port is required). The schemes of the STARTTLS
// protocols are in starttlsProtocols.
var tlsSchemes = map[facts.Scheme]int{
	facts.SchemeHTTPS: 443,
	facts.SchemeWSS:   443,
	facts.SchemeMQTTS: 8883,
	facts.SchemeTLS:   0,
	facts.SchemeSMTPS: 465,
	facts.SchemeIMAPS: 993,
	facts.SchemePOP3S: 995,
	facts.SchemeFTPS:  990,
	facts.SchemeLDAPS: 636,
}

// plainSchemes map a plaintext scheme to the one the user probably meant.
var plainSchemes = map[string]string{
	"http": "https", "ws": "wss", "mqtt": "mqtts", "tcp": "tls", "ssl": "tls",
}

// schemeDefaults: the default port and the STARTTLS protocol a URL scheme
// implies.
func schemeDefaults(scheme facts.Scheme) (port int, startTLS facts.StartTLSProtocol, ok bool) {
	if port, ok := tlsSchemes[scheme]; ok {
		return port, "", true
	}
	if p, port, ok := starttlsByScheme(scheme); ok {
		return port, p.name, true
	}
	return 0, "", false
}

// ParseTarget parses host, host:port, [v6]:port, a bare IPv6 address, or a
// URL with a known scheme (its default port applies when none is given).
// startTLS, when not empty, forces a STARTTLS protocol whatever the scheme.
func ParseTarget(target, startTLS string) (Target, error) {
	// Errors and Raw never repeat a password given in the URL.
	target = RedactTarget(target)
	t := Target{Raw: target, Path: "/"}
	startTLS = strings.ToLower(strings.TrimSpace(startTLS))
	var forced facts.StartTLSProtocol
	if startTLS != "" && startTLS != "none" {
		p, ok := starttlsByName(startTLS)
		if !ok {
			return t, fmt.Errorf("unknown STARTTLS protocol %q (hint: one of %s)", startTLS, strings.Join(StartTLSProtocols, ", "))
		}
		forced = p.name
	}
	target = strings.TrimSpace(target)
	if target == "" {
		return t, fmt.Errorf("empty target (hint: host:port or a URL such as https://example.com)")
	}
	if i := strings.Index(target, "://"); i >= 0 {
		scheme := facts.Scheme(strings.ToLower(target[:i]))
		defaultPort, schemeStartTLS, ok := schemeDefaults(scheme)
		if !ok {
			if better, ok := plainSchemes[string(scheme)]; ok {
				return t, fmt.Errorf("scheme %q is not TLS (hint: use %s://)", scheme, better)
			}
			return t, fmt.Errorf("unknown scheme %q (hint: one of %s, or host:port with --starttls)", scheme, strings.Join(schemeNames(), ", "))
		}
		u, err := url.Parse(target)
		if err != nil {
			return t, fmt.Errorf("cannot parse %q as a URL: %v", target, err)
		}
		t.Scheme = scheme
		t.Host = u.Hostname()
		t.StartTLS = schemeStartTLS
		if u.Path != "" {
			t.Path = u.Path
			if u.RawQuery != "" {
				t.Path += "?" + u.RawQuery
			}
		}
		if p := u.Port(); p != "" {
			n, err := parsePort(p)
			if err != nil {
				return t, err
			}
			t.Port = n
		} else if defaultPort == 0 {
			return t, fmt.Errorf("%s:// needs a port (hint: %s://%s:8443)", scheme, scheme, hostForHint(t.Host))
		} else {
			t.Port = defaultPort
		}
	} else {
		host, port, err := splitHostPort(target)
		if err != nil {
			return t, err
		}
		t.Host, t.Port = host, port
	}
	if t.Host == "" {
		return t, fmt.Errorf("no host in %q", target)
	}
	if strings.ContainsAny(t.Host, " /\\@[]") {
		return t, fmt.Errorf("invalid host %q", t.Host)
	}
	switch {
	case forced != "":
		t.StartTLS = forced
	case startTLS == "none":
		t.StartTLS = ""
	}
	return t, nil
}

// RedactTarget hides the userinfo of a target ("https://user:secret@host/"
// reads "https://redacted@host/"): tlscheck sends no credentials from the
// URL, and a report or an error message must not repeat them. It works on
// the string, so that a target that does not parse is redacted too.
func RedactTarget(target string) string {
	rest, prefix := target, ""
	if i := strings.Index(target, "://"); i >= 0 {
		prefix, rest = target[:i+3], target[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return target
	}
	return prefix + "redacted" + rest[at:]
}

func hostForHint(h string) string {
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	if h == "" {
		return "host"
	}
	return h
}

// splitHostPort accepts host, host:port, [v6], [v6]:port and a bare IPv6
// address; the port defaults to 443.
func splitHostPort(s string) (string, int, error) {
	if ip := net.ParseIP(s); ip != nil {
		return s, 443, nil // bare IPv4 or IPv6
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		h := s[1 : len(s)-1]
		if net.ParseIP(h) == nil {
			return "", 0, fmt.Errorf("%q is not an IPv6 address", h)
		}
		return h, 443, nil
	}
	if !strings.Contains(s, ":") {
		return s, 443, nil
	}
	host, p, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, fmt.Errorf("cannot parse %q as host:port (hint: IPv6 addresses with a port go in brackets: [::1]:443)", s)
	}
	port, err := parsePort(p)
	if err != nil {
		return "", 0, err
	}
	return host, port, nil
}

func parsePort(p string) (int, error) {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("invalid port %q (want 1-65535)", p)
	}
	return n, nil
}

func schemeNames() []string {
	var out []string
	for s := range tlsSchemes {
		out = append(out, string(s)+"://")
	}
	for _, p := range starttlsProtocols {
		for s := range p.schemes {
			out = append(out, string(s)+"://")
		}
	}
	sort.Strings(out)
	return out
}
