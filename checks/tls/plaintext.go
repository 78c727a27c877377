package tls

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Plaintext is tls.plaintext: the port answered in a plaintext protocol.
var Plaintext = &checks.Check{
	ID:       "tls.plaintext",
	Title:    "the port answered in plaintext instead of TLS",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 4.1.3 (ServerHello)", "RFC 3207 (SMTP STARTTLS)", "NATS server TLS configuration (docs.nats.io, tls block)", "MQTT 5.0 section 4.2 (ports 1883 and 8883)"},
	Doc: "A TLS client sends a ClientHello and expects a ServerHello back. Some ports answer in " +
		"plaintext instead: an HTTP server on the HTTP port, a mail server's banner on a STARTTLS " +
		"port (TLS starts only after the STARTTLS command), a NATS server's INFO line (NATS speaks " +
		"plaintext first and upgrades to TLS, and without a tls block never does), or a plain MQTT " +
		"listener on 1883. The finding names the protocol seen and the mode that would work: the " +
		"TLS port, --starttls PROTO, the nats:// scheme, or the server setting that enables TLS.",
	Fix:     "Probe the server's TLS port or use the matching STARTTLS mode; or enable TLS on this listener.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     plaintext,
}

func init() { checks.Register(Plaintext) }

func plaintext(p *checks.Pass) {
	c := p.Facts.Connection
	pt := c.Plaintext
	if pt == nil || !pt.Kind.Recognised() {
		p.NotApplicable("no plaintext protocol reply")
		return
	}
	ev := evidence(c)
	ev["protocol"] = pt.Kind.String()
	if pt.First != "" {
		ev["first_line"] = pt.First
	}
	hp := hostPort(c)
	var seen, fix string
	switch pt.Kind {
	case facts.PlaintextHTTP:
		seen = "a plaintext HTTP reply"
		fix = fmt.Sprintf("this is the plain HTTP port: probe HTTPS on its own port (`tlscheck probe https://%s`, port 443), or enable TLS on this one (nginx: `listen %d ssl;` with ssl_certificate and ssl_certificate_key)",
			c.Host, c.Port)
	case facts.PlaintextSMTP, facts.PlaintextIMAP, facts.PlaintextPOP3, facts.PlaintextFTP:
		seen = "a plaintext " + strings.ToUpper(pt.Kind.String()) + " greeting"
		fix = fmt.Sprintf("this port starts in plaintext and upgrades with STARTTLS: `tlscheck probe --starttls %s %s`", pt.Kind, hp)
	case facts.PlaintextNATSInfo:
		seen = "a NATS INFO line"
		if c.NATS.OffersTLS() {
			fix = fmt.Sprintf("NATS sends INFO in plaintext, then upgrades to TLS: `tlscheck probe nats://%s`", hp)
		} else {
			seen += " without TLS (no tls_required or tls_available)"
			fix = "enable TLS in the nats-server config: `tls { cert_file: \"/etc/nats/server.pem\", key_file: \"/etc/nats/server.key\" }`, then restart it"
		}
	case facts.PlaintextMQTT:
		seen = "a plaintext MQTT reply"
		fix = fmt.Sprintf("this is a plain MQTT listener (1883): probe the TLS listener (`tlscheck probe mqtts://%s:8883`), or add one to mosquitto.conf: `listener 8883` with `certfile` and `keyfile`",
			c.Host)
	case facts.PlaintextSSH:
		seen = "an SSH banner"
		fix = fmt.Sprintf("port %d is SSH, not TLS: probe the service's TLS port instead", c.Port)
	default:
		seen = "a plaintext " + pt.Kind.String() + " reply"
		fix = fmt.Sprintf("probe the service's TLS port, or its STARTTLS mode (`tlscheck probe --starttls %s %s`)", pt.Kind, hp)
	}
	msg := fmt.Sprintf("%s answered with %s instead of a TLS ServerHello", hp, seen)
	if pt.First != "" {
		msg += fmt.Sprintf(": %q", pt.First)
	}
	p.Report(checks.Finding{Subject: hp, Message: msg, Evidence: ev, Fix: fix})
}
