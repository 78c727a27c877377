package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func appConn(a *facts.AppCheck) *facts.Connection {
	c := okConn()
	c.Stage = facts.StageApp
	c.App = a
	return c
}

func TestAppCheckFailed(t *testing.T) {
	id := "tls.app-check-failed"
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "mqtt", Outcome: facts.AppNoAnswer, Detail: "timed out waiting for the mqtt reply"})),
		id, "did not answer", "CONNACK 0x00 accepted", "app_outcome=no-answer", "protocol mqtt")
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "wss", Outcome: facts.AppFailed, Detail: "HTTP/1.1 101 Switching Protocols (wrong Sec-WebSocket-Accept)"})),
		id, "answered wrongly", "Sec-WebSocket-Accept", "proxy_set_header Upgrade")
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "https", Outcome: facts.AppNoAnswer, Detail: "timed out"})), id, "an HTTP status line")
	// Facts saved before Outcome existed: derived from OK.
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "nats", Detail: "no PONG"})), id, "PONG")
	none(t, newFacts(appConn(&facts.AppCheck{Protocol: "nats", OK: true, Outcome: facts.AppOK, Detail: "PONG"})), id)
	none(t, newFacts(appConn(&facts.AppCheck{Protocol: "mqtt", Outcome: facts.AppAuthRefused, Detail: "CONNACK 0x05 not authorized"})), id)
	notApplicable(t, newFacts(okConn()), id)
	notApplicable(t, newFacts(appConn(&facts.AppCheck{Protocol: "none", Outcome: facts.AppNotApplicable, Detail: "no application check for this target"})), id)
	notApplicable(t, newFacts(appConn(&facts.AppCheck{Protocol: "none", Detail: "no application check for this target"})), id)
}
