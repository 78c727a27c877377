package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// AppCheckFailed is tls.app-check-failed: the handshake completed, but the
// application behind it did not answer as its protocol requires.
var AppCheckFailed = &checks.Check{
	ID:       "tls.app-check-failed",
	Title:    "the application check over TLS failed",
	Severity: checks.Error,
	Refs:     []string{"MQTT 3.1.1 3.2 (CONNACK)", "RFC 6455 4.2.2 (Sec-WebSocket-Accept)", "RFC 9110 9.3.2 (HEAD)", "NATS client protocol (PING/PONG)"},
	Doc: "With --app-check tlscheck speaks the application protocol over the finished handshake: " +
		"an MQTT CONNECT awaiting CONNACK, a WebSocket upgrade awaiting 101 with the right " +
		"Sec-WebSocket-Accept, an HTTP HEAD awaiting a status line, a NATS CONNECT and PING " +
		"awaiting PONG. A handshake that completes while the application never answers, or " +
		"answers wrongly, is what clients see as a hang or a protocol error: TLS ends at a proxy " +
		"that forwards to nothing, or to the wrong listener. A refusal of our credentials is " +
		"tls.app-auth-refused.",
	Fix:     "Make the TLS listener forward to the application it announces (the proxy's upstream, the broker's listener protocol).",
	Applies: []*checks.Scope{checks.Connection, completedHandshake, appCheckRan},
	Run:     appCheckFailed,
}

func init() { checks.Register(AppCheckFailed) }

// appCheckRan is the scope of the checks that judge an --app-check: one ran
// and a check fitted the target.
var appCheckRan = &checks.Scope{Name: "an application check (--app-check)",
	Reason: "no application check ran (none asked for with --app-check, or none fits the target)",
	Has: func(f *facts.Facts) bool {
		return f.Connection != nil && f.Connection.App != nil && f.Connection.App.Kind() != facts.AppNotApplicable
	}}

func appCheckFailed(p *checks.Pass) {
	c := p.Facts.Connection
	a := c.App
	var observed string
	switch a.Kind() {
	case facts.AppNoAnswer:
		observed = "application did not answer"
	case facts.AppFailed:
		observed = "application answered wrongly"
	default:
		return
	}
	ev := appEvidence(c)
	p.Report(checks.Finding{
		Subject:  hostPort(c),
		Message:  fmt.Sprintf("the TLS handshake completed, but the %s %s: %s; expected %s", a.Protocol, observed, a.Detail, appExpected(a.Protocol)),
		Evidence: ev,
		Fix:      appFix(c, a),
	})
}

// appEvidence is a connection's evidence with the application check's.
func appEvidence(c *facts.Connection) map[string]string {
	ev := evidence(c)
	ev["app_protocol"] = string(c.App.Protocol)
	ev["app_outcome"] = c.App.Kind().String()
	if c.App.Detail != "" {
		ev["app_reply"] = c.App.Detail
	}
	return ev
}

// appExpected is the reply each application check waits for.
func appExpected(protocol facts.AppProtocol) string {
	switch protocol {
	case facts.AppMQTT:
		return "CONNACK 0x00 accepted"
	case facts.AppWSS:
		return "HTTP/1.1 101 Switching Protocols with the Sec-WebSocket-Accept of our key"
	case facts.AppHTTPS:
		return "an HTTP status line"
	case facts.AppNATS:
		return "PONG"
	}
	return "the protocol's reply"
}

// appFix says where to look, for each protocol and server.
func appFix(c *facts.Connection, a *facts.AppCheck) string {
	switch a.Protocol {
	case facts.AppMQTT:
		if a.Kind() == facts.AppFailed {
			return "the broker refused the session for another reason than credentials (see the CONNACK code): check the broker's log; mosquitto: `log_type all` and the listener's `protocol mqtt`"
		}
		return "make the TLS port an MQTT listener: mosquitto `listener " + fmt.Sprint(c.Port) + "` with `protocol mqtt` (not websockets), or the proxy's upstream pointing at the broker's MQTT port"
	case facts.AppWSS:
		if a.Kind() == facts.AppFailed {
			return "pass the WebSocket upgrade through unchanged: nginx `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";` in the location for " + checks.ShellQuote(c.Target)
		}
		return "make the location answer WebSocket upgrades: nginx `proxy_pass` to the WebSocket backend with `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";`"
	case facts.AppHTTPS:
		return "make the TLS server answer HTTP: nginx `proxy_pass` to a running backend (and `proxy_read_timeout`), or the server's own HTTP handler on this port"
	case facts.AppNATS:
		return "check that the port is a NATS client port (nats-server `port`, not `cluster` or `leafnodes`) and the server's log for the refused CONNECT"
	}
	return "check the application behind the TLS port"
}
