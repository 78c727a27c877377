package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// AppAuthRefused is tls.app-auth-refused: the application answered over
// TLS, but refused the credentials we presented (or their absence).
var AppAuthRefused = &checks.Check{
	ID:       "tls.app-auth-refused",
	Title:    "the application refused our credentials",
	Severity: checks.Error,
	Refs:     []string{"MQTT 3.1.1 3.2.2.3 (CONNACK 0x04, 0x05)", "NATS client protocol (-ERR 'Authorization Violation')", "RFC 9110 15.5.2, 15.5.4 (401, 403)"},
	Doc: "With --app-check the application answered over the finished handshake, so TLS and " +
		"the application work, but it refused the identity tlscheck presented: an MQTT CONNACK " +
		"0x04 (bad user name or password) or 0x05 (not authorized), a NATS -ERR 'Authorization " +
		"Violation', an HTTP 401 or 403. tlscheck sends no user name or password; its only " +
		"identity is the client certificate given with --cert. A client with the same identity " +
		"is refused the same way.",
	Fix:     "Grant the identity access on the server (the client certificate's subject, or anonymous access), or expect this refusal and drop --app-check.",
	Applies: []*checks.Scope{checks.Connection, completedHandshake, appCheckRan},
	Run:     appAuthRefused,
}

func init() { checks.Register(AppAuthRefused) }

func appAuthRefused(p *checks.Pass) {
	c := p.Facts.Connection
	a := c.App
	if a.Kind() != facts.AppAuthRefused {
		return
	}
	ev := appEvidence(c)
	who := "an anonymous client (tlscheck sends no user name or password)"
	if c.ClientCert != "" {
		who = fmt.Sprintf("the client certificate '%s'", c.ClientCert)
		ev["client_cert"] = c.ClientCert
	}
	var fix string
	switch {
	case a.Protocol == facts.AppMQTT && c.ClientCert != "":
		fix = fmt.Sprintf("mosquitto: `use_identity_as_username true` on the listener and an ACL entry `user %s` in the acl_file", c.ClientCert)
	case a.Protocol == facts.AppMQTT:
		fix = "the broker requires a user name and password that tlscheck does not send; to let certificates authenticate: mosquitto `require_certificate true` with `use_identity_as_username true`, then probe with `--cert client.pem --key client.key`; or `allow_anonymous true` if anonymous clients are meant"
	case a.Protocol == facts.AppNATS && c.ClientCert != "":
		fix = fmt.Sprintf("nats-server: `tls { verify_and_map: true }` and a user named after the certificate (`authorization { users = [ { user: \"%s\" } ] }`)", c.ClientCert)
	case a.Protocol == facts.AppNATS:
		fix = "the server requires credentials that tlscheck does not send (user/password, token or nkey); to authenticate by certificate: nats-server `tls { verify_and_map: true }`, then probe with `--cert client.pem --key client.key`"
	default:
		fix = fmt.Sprintf("the server refused %s for %s: allow it in the server's access rules for this path, or expect this refusal and drop --app-check", who, checks.ShellQuote(c.Target))
	}
	p.Report(checks.Finding{
		Subject:  hostPort(c),
		Message:  fmt.Sprintf("the TLS handshake completed and the %s application answered, but it refused %s: %s", a.Protocol, who, a.Detail),
		Evidence: ev,
		Fix:      fix,
	})
}
