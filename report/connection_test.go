package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestConnectionSchema: the report's "connection" carries every field a
// probe records, under the names and in the order the facts had when they
// were the schema themselves (JSON schema_version 1).
func TestConnectionSchema(t *testing.T) {
	yes := true
	full := &facts.Connection{
		Target: "nats://broker:4222", Scheme: "nats", Host: "broker", Port: 4222, Address: "192.0.2.1:4222",
		SNI: "broker", StartTLS: "nats", Stage: facts.StageApp,
		Failure: &facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Message: "m",
			Alert:                   &facts.Alert{Code: facts.AlertUnknownCA, Name: "unknown_ca", Received: true},
			AfterCertificateRequest: true, ClosedAfterFinished: true},
		Plaintext: &facts.Plaintext{Kind: facts.PlaintextNATSInfo, First: "INFO {}"},
		Preamble:  map[string]string{"tls_required": "true"},
		Version:   facts.VersionTLS12, OfferedMax: facts.VersionTLS13, CipherSuite: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
		Group: "DH", DHBits: 1024, ALPN: "h2", OCSPStapled: true, SCTs: 2, SessionTicket: true, SecureReneg: &yes,
		Compression: "none", ClientCertReq: true, AcceptableCAs: []string{"CN=CA"}, ClientCert: "CN=c", ClientCertIssuer: "CN=CA",
		Timings:  facts.Timings{DNS: 1, Connect: 2, Preamble: 3, Handshake: 4, Total: 5},
		NoSNI:    &facts.NoSNIResult{Failed: true, Error: "e", Subject: "CN=x", Fingerprint: "00", Differs: true},
		Accepted: &facts.Accepted{Versions: []facts.TLSVersion{facts.VersionTLS11, facts.VersionTLS10}, Suites: []string{"TLS_RSA_WITH_RC4_128_SHA"}},
		App:      &facts.AppCheck{Protocol: "nats", OK: true, Outcome: facts.AppOK, Detail: "PONG"},
	}
	for _, c := range []*facts.Connection{full, {Target: "h:1", Host: "h", Port: 1, Stage: facts.StageConnect}} {
		fromFacts, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		fromSchema, err := json.Marshal(NewConnection(c))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fromFacts, fromSchema) {
			t.Errorf("schema differs from facts:\nfacts  %s\nschema %s", fromFacts, fromSchema)
		}
	}
	for _, want := range []string{`"version":"TLS 1.2"`, `"offered_max":"TLS 1.3"`, `"versions":["TLS 1.1","TLS 1.0"]`, `"code":48`, `"stage":"app"`, `"kind":"nats-info"`} {
		if b, _ := json.Marshal(NewConnection(full)); !bytes.Contains(b, []byte(want)) {
			t.Errorf("connection lacks %s: %s", want, b)
		}
	}
	if NewConnection(nil) != nil {
		t.Error("no connection should stay nil")
	}
}
