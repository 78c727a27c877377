package facts

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestTLSVersion(t *testing.T) {
	for v, name := range map[TLSVersion]string{
		VersionSSL20: "SSL 2.0", VersionSSL30: "SSL 3.0", VersionTLS10: "TLS 1.0",
		VersionTLS11: "TLS 1.1", VersionTLS12: "TLS 1.2", VersionTLS13: "TLS 1.3", 0x7f1c: "0x7f1c", 0: "",
	} {
		if v.String() != name {
			t.Errorf("%#04x: %q, want %q", uint16(v), v.String(), name)
		}
		if v == 0 {
			continue
		}
		if got, ok := ParseTLSVersion(name); !ok || got != v {
			t.Errorf("ParseTLSVersion(%q) = %v %v, want %v", name, got, ok, v)
		}
	}
	// The spellings of OpenSSL, nginx and mosquitto configurations.
	for s, want := range map[string]TLSVersion{
		"TLSv1": VersionTLS10, "TLSv1.0": VersionTLS10, "tlsv1.1": VersionTLS11, "TLSv1.2": VersionTLS12,
		"TLS1.3": VersionTLS13, "SSLv3": VersionSSL30, "SSLv2": VersionSSL20, "0x0303": VersionTLS12,
	} {
		if got, ok := ParseTLSVersion(s); !ok || got != want {
			t.Errorf("ParseTLSVersion(%q) = %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "TLS 2.0", "QUIC", "0x"} {
		if _, ok := ParseTLSVersion(s); ok {
			t.Errorf("ParseTLSVersion(%q) accepted", s)
		}
	}
	if !(VersionSSL30 < VersionTLS10 && VersionTLS12 < VersionTLS13) || TLSVersion(0x7f1c).Known() {
		t.Error("versions do not order as numbers, or a draft counts as known")
	}
}

// TestConnectionJSON: the typed fields keep the JSON a probe always wrote
// (names, not numbers, for versions; numbers for alert codes), and read it
// back.
func TestConnectionJSON(t *testing.T) {
	c := &Connection{Target: "h:443", Host: "h", Port: 443, Stage: StageHandshake,
		Failure:   &ProbeFailure{Kind: FailAlert, Stage: StageHandshake, Message: "m", Alert: &Alert{Code: AlertProtocolVersion, Name: AlertProtocolVersion.String(), Received: true}},
		Plaintext: &Plaintext{Kind: PlaintextSMTP, First: "220 mail"},
		Version:   VersionTLS12, OfferedMax: VersionTLS13,
		Accepted: &Accepted{Versions: []TLSVersion{VersionTLS11, VersionTLS10}}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"target":"h:443","host":"h","port":443,"stage":"handshake",` +
		`"failure":{"kind":"alert","stage":"handshake","message":"m","alert":{"code":70,"name":"protocol_version","received":true}},` +
		`"plaintext":{"kind":"smtp","first":"220 mail"},"version":"TLS 1.2","offered_max":"TLS 1.3","ocsp_stapled":false,` +
		`"client_cert_requested":false,"timings":{"dns_ms":0,"connect_ms":0,"handshake_ms":0,"total_ms":0},"accepted":{"versions":["TLS 1.1","TLS 1.0"]}}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	var back Connection
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, c) {
		t.Errorf("round trip: %+v, want %+v", back, *c)
	}
	// An unset version stays out of the JSON.
	if b, _ := json.Marshal(&Connection{}); string(b) != `{"target":"","host":"","port":0,"stage":"","ocsp_stapled":false,"client_cert_requested":false,"timings":{"dns_ms":0,"connect_ms":0,"handshake_ms":0,"total_ms":0}}` {
		t.Errorf("empty connection: %s", b)
	}
}

func TestAlertCode(t *testing.T) {
	if AlertHandshakeFailure.String() != "handshake_failure" || AlertUnknownCA.Name() != "unknown_ca" ||
		AlertCode(200).String() != "alert_200" || AlertCode(200).Name() != "" {
		t.Error("alert names")
	}
}

// TestNATSInfo: the INFO a NATS server announced round-trips under "nats",
// and whether it offers TLS is one method, nil-safe.
func TestNATSInfo(t *testing.T) {
	c := &Connection{NATS: &NATSInfo{ServerID: "N1", Version: "2.10.0", TLSAvailable: true, MaxPayload: 1048576}}
	b, err := json.Marshal(c.NATS)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"server_id":"N1","version":"2.10.0","tls_available":true,"max_payload":1048576}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var none *NATSInfo
	if !c.NATS.OffersTLS() || none.OffersTLS() || (&NATSInfo{ServerID: "N1"}).OffersTLS() || !(&NATSInfo{HandshakeFirst: true}).OffersTLS() {
		t.Error("OffersTLS")
	}
}

// TestSchemeStartTLSJSON: the typed scheme and STARTTLS protocol keep the
// names a probe always wrote.
func TestSchemeStartTLSJSON(t *testing.T) {
	b, err := json.Marshal(&Connection{Scheme: SchemeSubmission, StartTLS: StartTLSSMTP})
	if err != nil {
		t.Fatal(err)
	}
	if want := `"scheme":"submission","host":"","port":0,"starttls":"smtp"`; !strings.Contains(string(b), want) {
		t.Errorf("JSON %s lacks %s", b, want)
	}
}
