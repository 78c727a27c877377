package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestAppAuthRefused(t *testing.T) {
	id := "tls.app-auth-refused"
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "mqtt", Outcome: facts.AppAuthRefused, Detail: "CONNACK 0x05 not authorized"})),
		id, "refused an anonymous client", "CONNACK 0x05", "allow_anonymous")
	c := appConn(&facts.AppCheck{Protocol: "mqtt", Outcome: facts.AppAuthRefused, Detail: "CONNACK 0x04 bad user name or password"})
	c.ClientCert = "CN=sensor-1"
	want(t, newFacts(c), id, "the client certificate 'CN=sensor-1'", "use_identity_as_username", "client_cert=CN=sensor-1")
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "nats", Outcome: facts.AppAuthRefused, Detail: "-ERR 'Authorization Violation'"})), id, "verify_and_map")
	want(t, newFacts(appConn(&facts.AppCheck{Protocol: "https", Outcome: facts.AppAuthRefused, Detail: "HTTP/1.1 401 Unauthorized"})), id, "401")
	none(t, newFacts(appConn(&facts.AppCheck{Protocol: "mqtt", Outcome: facts.AppNoAnswer, Detail: "timed out"})), id)
	notApplicable(t, newFacts(okConn()), id)
}
