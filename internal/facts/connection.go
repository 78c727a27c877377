package facts

// RoleServed marks certificates a server sent during a probe, in the order
// it sent them (Source.File is "host:port", Source.Index the position).
const RoleServed Role = "served"

// RoleClientCert marks the certificates a probe sends as the client (--cert):
// the certificate, then the chain after it in that file, in the order sent.
const RoleClientCert Role = "client-cert"

// Connection is what a probe observed on the wire. Checks read it; only
// internal/probe fills it. Durations are in milliseconds so saved facts stay
// readable.
type Connection struct {
	Target   string           `json:"target"`             // as the user wrote it
	Scheme   Scheme           `json:"scheme,omitempty"`   // https, wss, mqtts, nats, smtp, ...
	Host     string           `json:"host"`               // name or IP literal, no brackets
	Port     int              `json:"port"`               //
	Address  string           `json:"address,omitempty"`  // the IP:port actually dialed
	SNI      string           `json:"sni,omitempty"`      // server_name sent ("" with --no-sni or an IP host)
	StartTLS StartTLSProtocol `json:"starttls,omitempty"` // smtp, imap, pop3, ftp, xmpp, ldap, postgres, mysql, nats

	// Stage is how far the exchange got.
	Stage Stage `json:"stage"`
	// Failure, when the probe did not complete a handshake.
	Failure *ProbeFailure `json:"failure,omitempty"`
	// Plaintext is set when the port answered without TLS (an HTTP reply,
	// a banner, a NATS INFO line without TLS, an MQTT packet).
	Plaintext *Plaintext `json:"plaintext,omitempty"`
	// Preamble notes what the protocol said before TLS (NATS INFO flags,
	// the SMTP EHLO capabilities, ...), as labelled values for people.
	// Checks read the typed fields (NATS), never these labels.
	Preamble map[string]string `json:"preamble,omitempty"`
	// NATS is what a NATS server announced: its INFO line read as the
	// nats:// preamble, or met where TLS was expected (then Plaintext is
	// set too); or, with HandshakeFirst, that it sent none before TLS.
	NATS *NATSInfo `json:"nats,omitempty"`

	Version       TLSVersion `json:"version,omitempty"`        // negotiated; JSON "TLS 1.3"
	OfferedMax    TLSVersion `json:"offered_max,omitempty"`    // highest version we offered
	CipherSuite   string     `json:"cipher_suite,omitempty"`   // IANA name
	Group         string     `json:"group,omitempty"`          // key exchange group: X25519, P-256, ffdhe2048, "DH"
	DHBits        int        `json:"dh_bits,omitempty"`        // finite-field DHE group size
	ALPN          string     `json:"alpn,omitempty"`           // negotiated protocol
	OfferedALPN   []string   `json:"offered_alpn,omitempty"`   // the protocols we offered (--alpn); none: no ALPN extension
	OCSPStapled   bool       `json:"ocsp_stapled"`             //
	SCTs          int        `json:"scts,omitempty"`           // SCTs in the TLS extension
	SessionTicket bool       `json:"session_ticket,omitempty"` //
	SecureReneg   *bool      `json:"secure_renegotiation,omitempty"`
	Compression   string     `json:"compression,omitempty"` // "" or "none" when none
	ClientCertReq bool       `json:"client_cert_requested"` // CertificateRequest seen
	AcceptableCAs []string   `json:"acceptable_cas,omitempty"`
	ClientCert    string     `json:"client_cert,omitempty"` // subject of the certificate we sent
	// ClientCertIssuer is that certificate's issuer DN, so a rejection can
	// be explained against the CA names the server accepts.
	ClientCertIssuer string `json:"client_cert_issuer,omitempty"`
	// AfterHandshake is what the server did right after a TLS 1.3
	// handshake in which we sent a client certificate, when it checks the
	// certificate (RFC 8446 4.4.2.4).
	AfterHandshake PostHandshake `json:"after_handshake,omitempty"`

	Timings Timings `json:"timings"`

	// NoSNI is the result of a second handshake without server_name.
	NoSNI *NoSNIResult `json:"no_sni,omitempty"`
	// Accepted lists what a broader retry found the server does accept after
	// a protocol_version or handshake_failure alert (legacy versions, suites).
	Accepted *Accepted `json:"accepted,omitempty"`
	// App is the --app-check result.
	App *AppCheck `json:"app,omitempty"`
}

// ProbeFailure says why no handshake completed.
type ProbeFailure struct {
	Kind    FailureKind `json:"kind"`
	Stage   Stage       `json:"stage"`   // stage at which it happened
	Message string      `json:"message"` // plain description, e.g. "connection refused"
	// Alert is the TLS alert received (or sent by us), when there was one.
	Alert *Alert `json:"alert,omitempty"`
	// AfterCertificateRequest is true when the server had asked for a client
	// certificate before the failure (handshake_failure then usually means
	// "client certificate required").
	AfterCertificateRequest bool `json:"after_certificate_request,omitempty"`
	// ClosedAfterFinished: the server closed right after our Finished (TLS
	// 1.3 servers that reject a missing client certificate do this).
	ClosedAfterFinished bool `json:"closed_after_finished,omitempty"`
	// Wire is what the server sent before the failure, at the record layer.
	Wire *Wire `json:"wire,omitempty"`
}

// Alert is a TLS alert.
type Alert struct {
	Code     AlertCode `json:"code"`
	Name     string    `json:"name"`     // Code.String(): "handshake_failure"
	Received bool      `json:"received"` // true: from the server; false: we sent it
}

// Plaintext is a non-TLS reply.
type Plaintext struct {
	Kind  PlaintextKind `json:"kind"`
	First string        `json:"first"` // the first line, printable characters only, at most 200
}

// NATSInfo is what a NATS server said about itself before TLS: the fields
// of its INFO line that the checks read (NATS client protocol, INFO).
type NATSInfo struct {
	ServerID     string `json:"server_id,omitempty"`
	ServerName   string `json:"server_name,omitempty"`
	Version      string `json:"version,omitempty"` // the nats-server version, "2.10.0"
	TLSRequired  bool   `json:"tls_required,omitempty"`
	TLSAvailable bool   `json:"tls_available,omitempty"`
	TLSVerify    bool   `json:"tls_verify,omitempty"` // the server verifies client certificates
	AuthRequired bool   `json:"auth_required,omitempty"`
	MaxPayload   int64  `json:"max_payload,omitempty"`
	// HandshakeFirst: the server sent no INFO before TLS and waited for
	// the ClientHello (the tls block's handshake_first).
	HandshakeFirst bool `json:"handshake_first,omitempty"`
}

// OffersTLS reports whether the server speaks TLS after its INFO (it
// requires or allows it) or before it (handshake_first).
func (n *NATSInfo) OffersTLS() bool {
	return n != nil && (n.TLSRequired || n.TLSAvailable || n.HandshakeFirst)
}

// Timings of the probe in milliseconds.
type Timings struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	Preamble  float64 `json:"preamble_ms,omitempty"`
	Handshake float64 `json:"handshake_ms"`
	Total     float64 `json:"total_ms"`
}

// NoSNIResult describes the certificate served without SNI.
type NoSNIResult struct {
	Failed      bool   `json:"failed,omitempty"` // the handshake without SNI failed
	Error       string `json:"error,omitempty"`
	Subject     string `json:"subject,omitempty"`
	Fingerprint string `json:"sha256,omitempty"`
	Differs     bool   `json:"differs"` // a different leaf than with SNI
}

// Accepted is what a broadened retry found.
type Accepted struct {
	Versions []TLSVersion `json:"versions,omitempty"` // JSON ["TLS 1.0"]
	Suites   []string     `json:"suites,omitempty"`   // IANA names accepted with the broad offer
	// Tries and TimedOut count the retry handshakes and those that ended
	// in a timeout: a retry that timed out learned nothing.
	Tries    int `json:"tries,omitempty"`
	TimedOut int `json:"timed_out,omitempty"`
}

// AppCheck is the application-level check over TLS.
type AppCheck struct {
	Protocol AppProtocol `json:"protocol"`
	OK       bool        `json:"ok"`
	// Outcome says how the check ended; checks switch on it (via Kind),
	// never on Detail.
	Outcome AppOutcome `json:"outcome,omitempty"`
	Detail  string     `json:"detail"` // "PONG", "CONNACK 0x05 not authorized", "HTTP/1.1 101 Switching Protocols"
}

// AppProtocol is the application protocol a check spoke. In JSON the name.
type AppProtocol string

// Application protocols.
const (
	AppNATS  AppProtocol = "nats"  // CONNECT, PING; PONG
	AppMQTT  AppProtocol = "mqtt"  // CONNECT; CONNACK
	AppWSS   AppProtocol = "wss"   // a WebSocket upgrade
	AppHTTPS AppProtocol = "https" // HEAD; a status line
	AppNone  AppProtocol = "none"  // no check fits the target
)

// AppOutcome is how an application check ended. In JSON it is the name.
type AppOutcome string

// Application check outcomes.
const (
	AppOK            AppOutcome = "ok"             // the application answered as expected
	AppNotApplicable AppOutcome = "not-applicable" // no check fits the target (or the negotiated ALPN)
	// AppAuthRefused: the application answered, but refused our
	// credentials (MQTT CONNACK 0x04/0x05, NATS -ERR 'Authorization
	// Violation', HTTP 401/403).
	AppAuthRefused AppOutcome = "auth-refused"
	AppNoAnswer    AppOutcome = "no-answer" // timed out or closed before the expected reply
	AppFailed      AppOutcome = "failed"    // answered, but not as the protocol requires
)

func (o AppOutcome) String() string { return string(o) }

// Kind is the outcome; for facts saved before Outcome existed it is
// derived from OK and Protocol.
func (a *AppCheck) Kind() AppOutcome {
	switch {
	case a.Outcome != "":
		return a.Outcome
	case a.OK:
		return AppOK
	case a.Protocol == AppNone || a.Protocol == "":
		return AppNotApplicable
	}
	return AppFailed
}

// PostHandshake is what a TLS 1.3 server did after our Finished. In JSON the name.
type PostHandshake string

// What a server did after our Finished.
const (
	PostTicket      PostHandshake = "session-ticket" // sent a NewSessionTicket: it accepted us
	PostData        PostHandshake = "data"           // sent application data: it accepted us
	PostRecord      PostHandshake = "record"         // sent a record that was no alert, then closed: it accepted us
	PostCloseNotify PostHandshake = "close-notify"   // closed cleanly with close_notify: not a rejection
	PostSilent      PostHandshake = "silent"         // nothing within the wait (no rejection either)
)

// Stage is how far a probe's exchange got. In JSON it is the name.
type Stage string

// Stages, in the order a probe goes through them.
const (
	StageDNS       Stage = "dns"       // resolving the host
	StageConnect   Stage = "connect"   // the TCP connection
	StagePreamble  Stage = "preamble"  // the plaintext before TLS (STARTTLS, NATS INFO)
	StageHandshake Stage = "handshake" // the TLS handshake
	StageDone      Stage = "done"      // the handshake completed
	StageApp       Stage = "app"       // the application check ran
)

func (s Stage) String() string { return string(s) }

// Connected reports whether the TCP connection was made before the stage.
func (s Stage) Connected() bool { return s != StageDNS && s != StageConnect }

// Completed reports whether a handshake finished.
func (s Stage) Completed() bool { return s == StageDone || s == StageApp }

// FailureKind says what went wrong. In JSON it is the name.
type FailureKind string

// Failure kinds.
const (
	FailDNS         FailureKind = "dns"         // the name does not resolve (or has no address of the IP version asked for)
	FailRefused     FailureKind = "refused"     // TCP reset: nothing listens
	FailUnreachable FailureKind = "unreachable" // no route, or another connect error
	FailTimeout     FailureKind = "timeout"     // no answer in time, at Stage
	FailReset       FailureKind = "reset"       // the server reset the connection
	FailEOF         FailureKind = "eof"         // the server closed the connection
	FailAlert       FailureKind = "alert"       // the server sent a TLS alert
	FailPlaintext   FailureKind = "plaintext"   // the server answered without TLS (Connection.Plaintext)
	FailProtocol    FailureKind = "protocol"    // garbage or malformed TLS, or we aborted with an alert
	FailPreamble    FailureKind = "preamble"    // the plaintext exchange before TLS was refused
	// FailOversized: a handshake message, in practice the served chain, is
	// larger than the 64 KiB clients such as Go's crypto/tls accept.
	FailOversized FailureKind = "oversized"
)

func (k FailureKind) String() string { return string(k) }

// BeforeConnect reports whether the failure left no TCP connection: DNS,
// refusal, no route, or a timeout while resolving or connecting.
func (f *ProbeFailure) BeforeConnect() bool {
	switch f.Kind {
	case FailDNS, FailRefused, FailUnreachable:
		return true
	case FailTimeout:
		return !f.Stage.Connected()
	}
	return false
}

// PlaintextKind names the protocol of a non-TLS reply. In JSON it is the name.
type PlaintextKind string

// Plaintext protocols a probe recognises.
const (
	PlaintextHTTP     PlaintextKind = "http"
	PlaintextSMTP     PlaintextKind = "smtp"
	PlaintextIMAP     PlaintextKind = "imap"
	PlaintextPOP3     PlaintextKind = "pop3"
	PlaintextFTP      PlaintextKind = "ftp"
	PlaintextNATSInfo PlaintextKind = "nats-info" // a NATS INFO line
	PlaintextMQTT     PlaintextKind = "mqtt"
	PlaintextSSH      PlaintextKind = "ssh"
	PlaintextUnknown  PlaintextKind = "unknown" // printable, but no protocol we know
)

func (k PlaintextKind) String() string { return string(k) }

// Recognised reports whether the reply was a protocol we know, not just
// printable bytes.
func (k PlaintextKind) Recognised() bool { return k != "" && k != PlaintextUnknown }

// VersionNames are the accepted versions as reports print them.
func (a *Accepted) VersionNames() []string {
	var out []string
	for _, v := range a.Versions {
		out = append(out, v.String())
	}
	return out
}
