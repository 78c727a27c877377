package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestServerFromNATSInfo: a server that announced itself with a NATS INFO
// line gets nats-server fixes whatever the scheme and port it was probed
// on (the check once read a "nats_version" preamble label that the probe
// never wrote).
func TestServerFromNATSInfo(t *testing.T) {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake,
		Alert: alert(facts.AlertUnknownCA, "unknown_ca"), AfterCertificateRequest: true})
	c.Target, c.Scheme, c.Host, c.Port, c.Address, c.SNI = "tls://10.0.0.5:7422", "tls", "10.0.0.5", 7422, "10.0.0.5:7422", ""
	c.ClientCert, c.ClientCertReq = "CN=client", true
	if got := server(c); got != nginx {
		t.Fatalf("without INFO: server %q, want nginx", got)
	}
	want(t, newFacts(c), "tls.client-cert-rejected", "ssl_client_certificate")

	c.NATS = &facts.NATSInfo{ServerID: "NDJWE4", Version: "2.10.0", TLSRequired: true}
	if got := server(c); got != natsServer {
		t.Errorf("with a NATS INFO: server %q, want nats", got)
	}
	want(t, newFacts(c), "tls.client-cert-rejected", "`ca_file` in the server's `tls { }` block")
}
