package report

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Connection is the JSON report's "connection": what a probe observed on the
// wire. It is part of the public schema (schema_version 1): its field names
// and order are the output, whatever becomes of the facts it is made from.
type Connection struct {
	Target   string `json:"target"`
	Scheme   string `json:"scheme,omitempty"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Address  string `json:"address,omitempty"`
	SNI      string `json:"sni,omitempty"`
	StartTLS string `json:"starttls,omitempty"`

	Stage     string               `json:"stage"` // dns, connect, preamble, handshake, done, app
	Failure   *ConnectionFailure   `json:"failure,omitempty"`
	Plaintext *ConnectionPlaintext `json:"plaintext,omitempty"`
	Preamble  map[string]string    `json:"preamble,omitempty"`

	Version          string   `json:"version,omitempty"`     // "TLS 1.3"
	OfferedMax       string   `json:"offered_max,omitempty"` // "TLS 1.3"
	CipherSuite      string   `json:"cipher_suite,omitempty"`
	Group            string   `json:"group,omitempty"`
	DHBits           int      `json:"dh_bits,omitempty"`
	ALPN             string   `json:"alpn,omitempty"`
	OfferedALPN      []string `json:"offered_alpn,omitempty"`
	OCSPStapled      bool     `json:"ocsp_stapled"`
	SCTs             int      `json:"scts,omitempty"`
	SessionTicket    bool     `json:"session_ticket,omitempty"`
	SecureReneg      *bool    `json:"secure_renegotiation,omitempty"`
	Compression      string   `json:"compression,omitempty"`
	ClientCertReq    bool     `json:"client_cert_requested"`
	AcceptableCAs    []string `json:"acceptable_cas,omitempty"`
	ClientCert       string   `json:"client_cert,omitempty"`
	ClientCertIssuer string   `json:"client_cert_issuer,omitempty"`
	// AfterHandshake: what a TLS 1.3 server did after our Finished when we
	// sent a client certificate: session-ticket, data, record, close-notify, silent.
	AfterHandshake string `json:"after_handshake,omitempty"`

	Timings ConnectionTimings `json:"timings"`

	NoSNI    *ConnectionNoSNI    `json:"no_sni,omitempty"`
	Accepted *ConnectionAccepted `json:"accepted,omitempty"`
	App      *ConnectionApp      `json:"app,omitempty"`
}

// ConnectionFailure says why no handshake completed.
type ConnectionFailure struct {
	Kind                    string           `json:"kind"`  // dns, refused, unreachable, timeout, reset, eof, alert, plaintext, protocol, preamble, oversized
	Stage                   string           `json:"stage"` // where it happened
	Message                 string           `json:"message"`
	Alert                   *ConnectionAlert `json:"alert,omitempty"`
	AfterCertificateRequest bool             `json:"after_certificate_request,omitempty"`
	ClosedAfterFinished     bool             `json:"closed_after_finished,omitempty"`
	Wire                    *ConnectionWire  `json:"wire,omitempty"`
}

// ConnectionWire is what the server sent before the failure, read at the
// TLS record layer (encrypted records count as records only).
type ConnectionWire struct {
	Bytes       int                `json:"bytes"`
	Records     int                `json:"records"`
	LastRecord  string             `json:"last_record,omitempty"` // handshake, alert, change_cipher_spec, application_data
	Handshake   []string           `json:"handshake,omitempty"`   // unencrypted handshake messages begun, in order: ServerHello, Certificate, ...
	Partial     *ConnectionPartial `json:"partial,omitempty"`
	CloseNotify bool               `json:"close_notify,omitempty"`
	Warnings    []string           `json:"warnings,omitempty"` // warning-level alerts, by name
	PeerClosed  bool               `json:"peer_closed,omitempty"`
}

// ConnectionPartial is a handshake message whose header arrived and whose
// body did not all arrive.
type ConnectionPartial struct {
	Type     string `json:"type"`     // ServerHello, Certificate, ...
	Claimed  int    `json:"claimed"`  // the length its header claims
	Received int    `json:"received"` // the body bytes that arrived
}

// ConnectionAlert is a TLS alert, received from the server or sent by us.
type ConnectionAlert struct {
	Code     int    `json:"code"`
	Name     string `json:"name"`
	Received bool   `json:"received"`
}

// ConnectionPlaintext is a reply without TLS.
type ConnectionPlaintext struct {
	Kind  string `json:"kind"` // http, smtp, imap, pop3, ftp, nats-info, mqtt, ssh, unknown
	First string `json:"first"`
}

// ConnectionTimings are in milliseconds.
type ConnectionTimings struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	Preamble  float64 `json:"preamble_ms,omitempty"`
	Handshake float64 `json:"handshake_ms"`
	Total     float64 `json:"total_ms"`
}

// ConnectionNoSNI is the second handshake, without server_name.
type ConnectionNoSNI struct {
	Failed      bool   `json:"failed,omitempty"`
	Error       string `json:"error,omitempty"`
	Subject     string `json:"subject,omitempty"`
	Fingerprint string `json:"sha256,omitempty"`
	Differs     bool   `json:"differs"`
}

// ConnectionAccepted is what a broader retry found the server accepts.
type ConnectionAccepted struct {
	Versions []string `json:"versions,omitempty"`
	Suites   []string `json:"suites,omitempty"`
	// Tries counts the retry handshakes, TimedOut those that ended in a
	// timeout and so learned nothing.
	Tries    int `json:"tries,omitempty"`
	TimedOut int `json:"timed_out,omitempty"`
}

// ConnectionApp is the --app-check result.
type ConnectionApp struct {
	Protocol string `json:"protocol"`
	OK       bool   `json:"ok"`
	Outcome  string `json:"outcome"`
	Detail   string `json:"detail"`
}

// NewConnection converts what a probe recorded into the report schema; nil
// for nil (a files report has no connection).
func NewConnection(c *facts.Connection) *Connection {
	if c == nil {
		return nil
	}
	out := &Connection{
		Target: c.Target, Scheme: string(c.Scheme), Host: c.Host, Port: c.Port, Address: c.Address, SNI: c.SNI, StartTLS: string(c.StartTLS),
		Stage:    c.Stage.String(),
		Preamble: c.Preamble,
		Version:  c.Version.String(), OfferedMax: c.OfferedMax.String(),
		CipherSuite: c.CipherSuite, Group: c.Group, DHBits: c.DHBits, ALPN: c.ALPN, OfferedALPN: c.OfferedALPN,
		OCSPStapled: c.OCSPStapled, SCTs: c.SCTs, SessionTicket: c.SessionTicket, SecureReneg: c.SecureReneg,
		Compression: c.Compression, ClientCertReq: c.ClientCertReq, AcceptableCAs: c.AcceptableCAs,
		ClientCert: c.ClientCert, ClientCertIssuer: c.ClientCertIssuer, AfterHandshake: string(c.AfterHandshake),
		Timings: ConnectionTimings(c.Timings),
	}
	if f := c.Failure; f != nil {
		out.Failure = &ConnectionFailure{Kind: f.Kind.String(), Stage: f.Stage.String(), Message: f.Message,
			AfterCertificateRequest: f.AfterCertificateRequest, ClosedAfterFinished: f.ClosedAfterFinished}
		if a := f.Alert; a != nil {
			out.Failure.Alert = &ConnectionAlert{Code: int(a.Code), Name: a.Name, Received: a.Received}
		}
		out.Failure.Wire = newConnectionWire(f.Wire)
	}
	if p := c.Plaintext; p != nil {
		out.Plaintext = &ConnectionPlaintext{Kind: p.Kind.String(), First: p.First}
	}
	if n := c.NoSNI; n != nil {
		out.NoSNI = &ConnectionNoSNI{Failed: n.Failed, Error: n.Error, Subject: n.Subject, Fingerprint: n.Fingerprint, Differs: n.Differs}
	}
	if a := c.Accepted; a != nil {
		out.Accepted = &ConnectionAccepted{Versions: a.VersionNames(), Suites: a.Suites, Tries: a.Tries, TimedOut: a.TimedOut}
	}
	if a := c.App; a != nil {
		out.App = &ConnectionApp{Protocol: string(a.Protocol), OK: a.OK, Outcome: a.Kind().String(), Detail: a.Detail}
	}
	return out
}

func newConnectionWire(w *facts.Wire) *ConnectionWire {
	if w == nil {
		return nil
	}
	out := &ConnectionWire{Bytes: w.Bytes, Records: w.Records, CloseNotify: w.CloseNotify, PeerClosed: w.PeerClosed}
	if w.LastRecord != 0 {
		out.LastRecord = w.LastRecord.String()
	}
	for _, h := range w.Handshake {
		out.Handshake = append(out.Handshake, h.String())
	}
	if p := w.Partial; p != nil {
		out.Partial = &ConnectionPartial{Type: p.Type.String(), Claimed: p.Claimed, Received: p.Received}
	}
	for _, a := range w.Warnings {
		out.Warnings = append(out.Warnings, a.String())
	}
	return out
}

// connectionLines describe a probe the way `openssl s_client` would, in one
// line (plus the preamble and application check when there were any):
//
//	connection: 127.0.0.1:8883 (mqtts, SNI broker): TLS 1.3, TLS_AES_128_GCM_SHA256, X25519; tcp 0.2 ms, handshake 3.1 ms
func connectionLines(c *facts.Connection) []string {
	addr := c.Address
	if addr == "" {
		addr = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	}
	var tags []string
	if c.Scheme != "" {
		tags = append(tags, string(c.Scheme))
	}
	if c.StartTLS != "" && string(c.StartTLS) != string(c.Scheme) {
		tags = append(tags, "STARTTLS "+string(c.StartTLS))
	}
	if c.SNI != "" {
		tags = append(tags, "SNI "+c.SNI)
	} else {
		tags = append(tags, "no SNI")
	}
	line := "connection: " + addr + " (" + strings.Join(tags, ", ") + "): "

	var what []string
	switch {
	case c.Failure != nil:
		f := c.Failure
		s := "FAILED at " + nonEmpty(f.Stage.String(), c.Stage.String()) + ": " + f.Kind.String()
		if f.Alert != nil {
			dir := "received"
			if !f.Alert.Received {
				dir = "sent"
			}
			s += fmt.Sprintf(" %s %s (%d)", dir, f.Alert.Name, f.Alert.Code)
		}
		if c.Plaintext != nil {
			s += fmt.Sprintf(", plaintext %s %q", c.Plaintext.Kind, c.Plaintext.First)
		} else if f.Message != "" {
			s += " (" + f.Message + ")"
		}
		what = append(what, s)
	default:
		what = append(what, nonEmpty(c.Version.String(), "?"))
		if c.CipherSuite != "" {
			what = append(what, c.CipherSuite)
		}
		if c.Group != "" {
			g := c.Group
			if c.DHBits > 0 {
				g += fmt.Sprintf(" %d bits", c.DHBits)
			}
			what = append(what, g)
		} else if c.DHBits > 0 {
			what = append(what, fmt.Sprintf("DH %d bits", c.DHBits))
		}
		if c.ALPN != "" {
			what = append(what, "ALPN "+c.ALPN)
		}
		if c.OCSPStapled {
			what = append(what, "OCSP stapled")
		}
		if c.ClientCertReq {
			s := "client certificate requested"
			if c.ClientCert != "" {
				s += ", sent " + c.ClientCert
			}
			if c.AfterHandshake == facts.PostCloseNotify {
				s += ", accepted: the server then closed with close_notify"
			}
			what = append(what, s)
		}
	}
	line += strings.Join(what, ", ")
	t := c.Timings
	var times []string
	if t.DNS > 0 {
		times = append(times, "dns "+msText(t.DNS))
	}
	if t.Connect > 0 {
		times = append(times, "tcp "+msText(t.Connect))
	}
	if t.Preamble > 0 {
		times = append(times, "preamble "+msText(t.Preamble))
	}
	if t.Handshake > 0 {
		times = append(times, "handshake "+msText(t.Handshake))
	}
	if t.Total > 0 {
		times = append(times, "total "+msText(t.Total))
	}
	if len(times) > 0 {
		line += "; " + strings.Join(times, ", ")
	}
	lines := []string{line}
	if len(c.Preamble) > 0 {
		var keys []string
		for k := range c.Preamble {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+c.Preamble[k])
		}
		lines = append(lines, "preamble: "+nonEmpty(string(c.StartTLS), string(c.Scheme))+" "+strings.Join(kv, " "))
	}
	if a := c.App; a != nil {
		var verdict string
		switch a.Kind() {
		case facts.AppOK:
			verdict = string(a.Protocol) + " ok"
		case facts.AppNotApplicable:
			name := string(a.Protocol)
			if a.Protocol == facts.AppNone {
				name = ""
			}
			verdict = strings.TrimSpace(name + " not applicable")
		case facts.AppAuthRefused:
			verdict = string(a.Protocol) + " REFUSED our credentials"
		default:
			verdict = string(a.Protocol) + " FAILED"
		}
		lines = append(lines, fmt.Sprintf("application check: %s: %s", verdict, a.Detail))
	}
	return lines
}

// maxPhrase is the longest phrase fitLine keeps whole (a value such as
// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"); longer ones are prose and are
// broken at spaces.
const maxPhrase = 40

// fitLine breaks a connection line to the width between its phrases (after
// ", ", "; " and ": "), so that "handshake 3.1 ms" or "TLS 1.3" stay whole;
// the lines after the first start with hang. A phrase too long for a line of
// its own is broken at spaces, and a word longer than the width (a DN
// without spaces) is never split.
func fitLine(s, hang string, width int) []string {
	var phrases []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == ',' || s[i] == ';' || s[i] == ':') && s[i+1] == ' ' {
			phrases = append(phrases, s[start:i+1])
			start = i + 2
			i++
		}
	}
	phrases = append(phrases, s[start:])
	var lines []string
	line := ""
	for _, p := range phrases {
		switch {
		case line == "":
			line = p
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(p) <= width,
			utf8.RuneCountInString(p) > maxPhrase:
			// It fits, or it is prose rather than a value: it goes on
			// this line, broken at spaces below if need be.
			line += " " + p
		default:
			lines = append(lines, line)
			line = hang + p
		}
		if utf8.RuneCountInString(line) > width {
			// One phrase wider than a line: break it at spaces.
			broken := wrapLine(line, hang, width)
			lines = append(lines, broken[:len(broken)-1]...)
			line = broken[len(broken)-1]
		}
	}
	return append(lines, line)
}

func msText(v float64) string {
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
}
