package proto

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoTLS12 is proto.no-tls12: the server speaks neither TLS 1.2 nor 1.3.
var NoTLS12 = &checks.Check{
	ID:       "proto.no-tls12",
	Title:    "neither TLS 1.2 nor TLS 1.3 is accepted",
	Severity: checks.Error,
	Refs:     []string{"RFC 8996 (deprecating TLS 1.0 and 1.1)", "RFC 7568 (deprecating SSL 3.0)", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "TLS 1.0 and 1.1 were deprecated by RFC 8996 in 2021 and SSL 3.0 by RFC 7568; current " +
		"OpenSSL, Go, Java, browsers and MQTT/NATS client libraries refuse them by default. A " +
		"server that negotiates an older version although the client offered TLS 1.3, or that " +
		"a broader retry finds accepting only legacy versions, is unreachable for modern clients " +
		"and exposed to the attacks these versions are deprecated for (BEAST, POODLE). Under " +
		"`tlscheck scan` the check judges the enumerated versions alone (once, whatever the full " +
		"handshake negotiated); a version the scan could not test is reported as not checked.",
	Fix:     "Enable TLS 1.2 and 1.3 on the server (nginx: ssl_protocols TLSv1.2 TLSv1.3;).",
	Applies: []*checks.Scope{connectionOrScan},
	Run:     noTLS12,
}

func init() { checks.Register(NoTLS12) }

// connectionOrScan: a probe's connection, or a scan's enumeration.
var connectionOrScan = &checks.Scope{Name: "a live connection or a scan", Reason: "no live connection (only `tlscheck probe` and `tlscheck scan` make one)",
	Has: func(f *facts.Facts) bool { return f.Connection != nil || f.Scan != nil }}

func noTLS12(p *checks.Pass) {
	// A scan knows every version; its full handshake (Facts.Connection)
	// would only say the same again.
	if p.Facts.Scan != nil {
		noTLS12Scan(p)
		return
	}
	c := p.Facts.Connection
	ev := map[string]string{"address": c.Address}
	if c.Address == "" {
		ev["address"] = hostPort(c)
	}
	var msg string
	switch {
	case c.Failure == nil && c.Version != 0:
		// A version without a name (a draft) is not judged.
		if modern(c.Version) || !c.Version.Known() {
			return
		}
		offered := c.OfferedMax
		if offered == 0 {
			offered = facts.VersionTLS13
		}
		if !modern(offered) {
			p.NotApplicable("we offered only " + offered.String())
			return
		}
		ev["version"] = c.Version.String()
		ev["offered_max"] = offered.String()
		if c.CipherSuite != "" {
			ev["cipher_suite"] = c.CipherSuite
		}
		msg = fmt.Sprintf("the server negotiated %s although we offered up to %s; expected TLS 1.2 or 1.3", c.Version, offered)
		if c.CipherSuite != "" {
			msg += " (suite " + c.CipherSuite + ")"
		}
	case c.Accepted != nil && len(c.Accepted.Versions) > 0:
		for _, v := range c.Accepted.Versions {
			if modern(v) {
				return
			}
		}
		accepted := strings.Join(c.Accepted.VersionNames(), ", ")
		ev["accepted_versions"] = accepted
		if len(c.Accepted.Suites) > 0 {
			ev["accepted_suites"] = strings.Join(c.Accepted.Suites, ", ")
		}
		msg = fmt.Sprintf("the server refused TLS 1.2 and 1.3 and accepts only %s", accepted)
		if len(c.Accepted.Suites) > 0 {
			msg += " (with " + strings.Join(c.Accepted.Suites, ", ") + ")"
		}
		msg += "; expected TLS 1.2 or 1.3"
	default:
		p.NotApplicable("no negotiated version and no retry result to judge")
		return
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: msg, Evidence: ev, Fix: fix(c)})
}

func fix(c *facts.Connection) string {
	switch {
	case c.Scheme == facts.SchemeMQTTS || c.Port == 8883:
		return "mosquitto.conf, under the TLS listener: `tls_version tlsv1.2` (mosquitto 2.0 then also accepts TLS 1.3), and restart the broker"
	case c.Scheme == facts.SchemeNATS || c.Port == 4222:
		return "nats-server negotiates TLS 1.2+ by itself: remove the TLS-terminating proxy in front of it, or its legacy `cipher_suites` list"
	}
	return "nginx: `ssl_protocols TLSv1.2 TLSv1.3;` in the server block (and `ssl_ciphers HIGH:!aNULL:!MD5;`), then `nginx -s reload`"
}

func hostPort(c *facts.Connection) string {
	if c.Host == "" {
		return c.Target
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// modern: TLS 1.2 or 1.3.
func modern(v facts.TLSVersion) bool { return v.Known() && v >= facts.VersionTLS12 }

// noTLS12Scan judges the scan's versions. When the server accepts neither
// TLS 1.2 nor 1.3 but one of them went untested, the gap is reported
// instead: a version not tested is never called refused.
func noTLS12Scan(p *checks.Pass) {
	s := p.Facts.Scan
	var untested []string
	for _, v := range []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13} {
		r, ok := scanrule.Version(s, v)
		switch {
		case ok && r.Tested && r.Offered:
			return
		case !ok || !r.Tested:
			untested = append(untested, v.String())
		}
	}
	if len(untested) > 0 {
		for _, v := range untested {
			p.NotChecked(v, scanrule.UntestedReason(s, "the scan could not tell whether the server accepts "+v, v, "enumeration"))
		}
		return
	}
	accepted := acceptedVersions(s)
	if accepted == "none" {
		p.NotApplicable("the server accepted no version at all (see tls.handshake-failed)")
		return
	}
	ev := map[string]string{"accepted_versions": accepted}
	msg := "the server refused TLS 1.2 and 1.3 and accepts only " + accepted + "; expected TLS 1.2 or 1.3"
	p.Report(checks.Finding{Subject: scanrule.Subject(p.Facts), Message: msg, Evidence: ev,
		Fix: scanrule.ProtocolsFix(scanrule.Of(p.Facts))})
}
