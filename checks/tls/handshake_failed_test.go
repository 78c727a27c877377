package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestHandshakeFailedClientCertRequired(t *testing.T) {
	cas := []string{"CN=Broker Client CA,O=Example"}
	// TLS 1.2: handshake_failure after a CertificateRequest.
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertHandshakeFailure, "handshake_failure"), AfterCertificateRequest: true})
	c.ClientCertReq, c.AcceptableCAs = true, cas
	f := newFacts(c)
	fd := want(t, f, "tls.handshake-failed", "requires a client certificate", "CN=Broker Client CA", "--cert client.pem --key client.key")
	if fd.Evidence["cause"] != string(causeClientCertRequired) || fd.Evidence["alert"] != "handshake_failure (40)" || fd.Evidence["acceptable_cas"] == "" {
		t.Errorf("evidence: %v", fd.Evidence)
	}
	want(t, f, "tls.client-cert-required", "CN=Broker Client CA", "--cert client.pem")
	notApplicable(t, f, "tls.client-cert-rejected")

	// TLS 1.3: certificate_required (no CertificateRequest flag needed).
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertCertificateRequired, "")})
	f = newFacts(c)
	want(t, f, "tls.handshake-failed", "certificate_required (116)", "requires a client certificate")
	want(t, f, "tls.client-cert-required")

	// TLS 1.3: closed right after Finished after asking for a certificate.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailEOF, Stage: facts.StageHandshake, ClosedAfterFinished: true})
	c.ClientCertReq = true
	want(t, newFacts(c), "tls.handshake-failed", "closing the connection right after our Finished")
}

func TestHandshakeFailedClientCertRejected(t *testing.T) {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertUnknownCA, "unknown_ca"), AfterCertificateRequest: true})
	c.ClientCertReq, c.AcceptableCAs, c.ClientCert = true, []string{"CN=Broker Client CA"}, "CN=device-17"
	c.Scheme, c.Port = "mqtts", 8883
	f := newFacts(c)
	// One cause, one finding: tls.client-cert-rejected's.
	notApplicable(t, f, "tls.handshake-failed")
	want(t, f, "tls.client-cert-rejected", "rejected our client certificate 'CN=device-17'", "unknown_ca (48)", "does not trust", "CN=Broker Client CA", "cafile")
}

func TestHandshakeFailedSNI(t *testing.T) {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertUnrecognizedName, "unrecognized_name")})
	fd := want(t, newFacts(c), "tls.handshake-failed", "SNI www.example.com", "--servername", "server_name www.example.com;")
	if fd.Evidence["cause"] != string(causeSNI) {
		t.Errorf("cause %q", fd.Evidence["cause"])
	}
}

func TestHandshakeFailedNoSharedVersion(t *testing.T) {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertProtocolVersion, "protocol_version")})
	c.Accepted = &facts.Accepted{Versions: []facts.TLSVersion{facts.VersionTLS10}, Suites: []string{"TLS_RSA_WITH_3DES_EDE_CBC_SHA"}}
	f := newFacts(c)
	want(t, f, "tls.handshake-failed", "server accepts only TLS 1.0 with TLS_RSA_WITH_3DES_EDE_CBC_SHA", "ssl_protocols TLSv1.2 TLSv1.3;")
	// The same for an MQTT broker names mosquitto's setting.
	c.Scheme, c.Port = "mqtts", 8883
	want(t, f, "tls.handshake-failed", "tls_version tlsv1.2")
	// handshake_failure without a CertificateRequest is no shared suite.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertHandshakeFailure, "handshake_failure")})
	fd := want(t, newFacts(c), "tls.handshake-failed", "share no protocol version or cipher suite")
	if fd.Evidence["cause"] != string(causeNoShared) {
		t.Errorf("cause %q", fd.Evidence["cause"])
	}
	notApplicable(t, newFacts(c), "tls.client-cert-required")
}

func TestHandshakeFailedResetTimeoutGarbage(t *testing.T) {
	reset := failedConn(&facts.ProbeFailure{Kind: facts.FailReset, Stage: facts.StageHandshake, Message: "connection reset by peer"})
	want(t, newFacts(reset), "tls.handshake-failed", "reset the connection", "error log")

	silent := failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: facts.StageHandshake})
	silent.Timings.Handshake = 5003
	want(t, newFacts(silent), "tls.handshake-failed", "accepted the TCP connection but sent nothing within 5s", "nats://www.example.com:443", "--starttls smtp")

	garbage := failedConn(&facts.ProbeFailure{Kind: facts.FailProtocol, Stage: facts.StageHandshake, Message: "record header is not TLS"})
	want(t, newFacts(garbage), "tls.handshake-failed", "not TLS")

	oversized := failedConn(&facts.ProbeFailure{Kind: facts.FailOversized, Stage: facts.StageHandshake, Message: "the server sent 79998 bytes of handshake after its ServerHello and one message (the Certificate message, which carries the served chain) was larger than the 65536 bytes Go's crypto/tls and zcrypto accept"})
	want(t, newFacts(oversized), "tls.handshake-failed", "Certificate message", "leaf and its intermediates")

	starttls := failedConn(&facts.ProbeFailure{Kind: facts.FailPreamble, Stage: facts.StagePreamble, Message: "502 5.5.1 STARTTLS not supported"})
	starttls.StartTLS = "smtp"
	want(t, newFacts(starttls), "tls.handshake-failed", "STARTTLS not supported", "smtpd_tls_security_level")

	alpn := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertNoApplicationProtocol, "no_application_protocol")})
	want(t, newFacts(alpn), "tls.handshake-failed", "offered no ALPN protocol", "--alpn h2,http/1.1")
	alpn.OfferedALPN = []string{"h2", "http/1.1"}
	want(t, newFacts(alpn), "tls.handshake-failed", "none of the ALPN protocols offered (h2, http/1.1)", "--alpn")
}

func TestHandshakeFailedNotOnSuccessOrConnectFailure(t *testing.T) {
	notApplicable(t, newFacts(okConn()), "tls.handshake-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailRefused, Stage: facts.StageConnect})), "tls.handshake-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: facts.StageConnect})), "tls.handshake-failed")
}
