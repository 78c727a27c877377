package probe

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Every preamble read is bounded: by the connection deadline the caller set
// (the handshake timeout), and by these sizes.
const (
	maxLine      = 4096
	maxPreamble  = 64 << 10
	maxReplyLine = 100
	natsInfoWait = 300 * time.Millisecond
)

// wire reads exactly what a preamble needs, one byte at a time, so that no
// byte of the TLS handshake that follows is swallowed by a buffer.
type wire struct {
	conn  net.Conn
	total int
}

func (w *wire) readByte() (byte, error) {
	if w.total >= maxPreamble {
		return 0, errTooLong
	}
	var b [1]byte
	if _, err := io.ReadFull(w.conn, b[:]); err != nil {
		return 0, err
	}
	w.total++
	return b[0], nil
}

var errTooLong = errors.New("reply too long")

// line reads one line without its CR LF.
func (w *wire) line() (string, error) { return readLineFrom(w.readByte) }

// readLineFrom reads bytes up to a LF and returns the line without its CR
// LF, or errTooLong past maxLine bytes.
func readLineFrom(readByte func() (byte, error)) (string, error) {
	var sb strings.Builder
	for sb.Len() < maxLine {
		b, err := readByte()
		if err != nil {
			return sb.String(), err
		}
		if b == '\n' {
			return strings.TrimSuffix(sb.String(), "\r"), nil
		}
		sb.WriteByte(b)
	}
	return sb.String(), errTooLong
}

func (w *wire) full(n int) ([]byte, error) {
	if n < 0 || w.total+n > maxPreamble {
		return nil, errTooLong
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(w.conn, b); err != nil {
		return nil, err
	}
	w.total += n
	return b, nil
}

// until reads until marker appears (or any of the markers), returning all read.
func (w *wire) until(markers ...string) (string, error) {
	var buf bytes.Buffer
	for {
		b, err := w.readByte()
		if err != nil {
			return buf.String(), err
		}
		buf.WriteByte(b)
		for _, m := range markers {
			if bytes.HasSuffix(buf.Bytes(), []byte(m)) {
				return buf.String(), nil
			}
		}
	}
}

func (w *wire) send(s string) error {
	_, err := w.conn.Write([]byte(s))
	return err
}

// reply reads a multi-line SMTP/FTP reply ("250-..." lines then "250 ...").
func (w *wire) reply() (code int, lines []string, err error) {
	for len(lines) < maxReplyLine {
		l, err := w.line()
		if err != nil {
			return 0, lines, err
		}
		lines = append(lines, l)
		if len(l) < 3 {
			return 0, lines, nil
		}
		if len(l) == 3 || l[3] == ' ' {
			code, _ = strconv.Atoi(l[:3])
			return code, lines, nil
		}
	}
	return 0, lines, errTooLong
}

// preamble speaks the target's STARTTLS protocol, if any, up to the point
// where TLS starts.
func (p *prober) preamble(conn net.Conn, a *attempt, spec attemptSpec) *facts.ProbeFailure {
	a.preamble = map[string]string{}
	if p.target.StartTLS == "" {
		return nil
	}
	proto, ok := starttlsByName(string(p.target.StartTLS))
	if !ok {
		return refused("unknown STARTTLS protocol %s", p.target.StartTLS)
	}
	return proto.preamble(p, &wire{conn: conn}, a, spec)
}

func refused(format string, args ...any) *facts.ProbeFailure {
	return &facts.ProbeFailure{Kind: facts.FailPreamble, Stage: facts.StagePreamble, Message: fmt.Sprintf(format, args...)}
}

func smtpPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	code, lines, err := w.reply()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the SMTP banner (a port with implicit TLS such as 465 waits for the client: try smtps://)")
	}
	a.preamble["banner"] = firstLine([]byte(strings.Join(lines, "\n")))
	if code != 220 {
		return refused("the SMTP banner is %q, expected 220", firstLine([]byte(lines[0])))
	}
	if err := w.send("EHLO tlscheck\r\n"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the EHLO reply")
	}
	code, lines, err = w.reply()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the EHLO reply")
	}
	if code != 250 {
		return refused("EHLO was answered %q, expected 250", firstLine([]byte(lines[0])))
	}
	var caps []string
	offered := false
	for _, l := range lines[1:] {
		c := strings.TrimSpace(l[min(4, len(l)):])
		caps = append(caps, c)
		if strings.EqualFold(c, "STARTTLS") {
			offered = true
		}
	}
	a.preamble["ehlo"] = strings.Join(caps, ", ")
	a.preamble["starttls_offered"] = strconv.FormatBool(offered)
	if err := w.send("STARTTLS\r\n"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
	}
	code, lines, err = w.reply()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
	}
	a.preamble["starttls"] = firstLine([]byte(lines[0]))
	if code != 220 {
		return refused("STARTTLS was answered %q, expected 220 (EHLO offered STARTTLS: %v)", firstLine([]byte(lines[0])), offered)
	}
	return nil
}

func imapPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	l, err := w.line()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the IMAP greeting (a port with implicit TLS such as 993 waits for the client: try imaps://)")
	}
	a.preamble["greeting"] = firstLine([]byte(l))
	if !strings.HasPrefix(l, "* OK") && !strings.HasPrefix(l, "* PREAUTH") {
		return refused("the IMAP greeting is %q, expected \"* OK\"", firstLine([]byte(l)))
	}
	if err := w.send("a1 STARTTLS\r\n"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
	}
	for i := 0; i < maxReplyLine; i++ {
		l, err := w.line()
		if err != nil {
			return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
		}
		if strings.HasPrefix(l, "a1 ") {
			a.preamble["starttls"] = firstLine([]byte(l))
			if strings.HasPrefix(l, "a1 OK") {
				return nil
			}
			return refused("STARTTLS was answered %q, expected \"a1 OK\"", firstLine([]byte(l)))
		}
	}
	return refused("no tagged reply to STARTTLS")
}

func pop3Preamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	l, err := w.line()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the POP3 greeting (a port with implicit TLS such as 995 waits for the client: try pop3s://)")
	}
	a.preamble["greeting"] = firstLine([]byte(l))
	if !strings.HasPrefix(l, "+OK") {
		return refused("the POP3 greeting is %q, expected \"+OK\"", firstLine([]byte(l)))
	}
	if err := w.send("STLS\r\n"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the STLS reply")
	}
	l, err = w.line()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the STLS reply")
	}
	a.preamble["stls"] = firstLine([]byte(l))
	if !strings.HasPrefix(l, "+OK") {
		return refused("STLS was answered %q, expected \"+OK\"", firstLine([]byte(l)))
	}
	return nil
}

func ftpPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	code, lines, err := w.reply()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the FTP banner (a port with implicit TLS such as 990 waits for the client: try ftps://)")
	}
	a.preamble["banner"] = firstLine([]byte(lines[0]))
	if code != 220 {
		return refused("the FTP banner is %q, expected 220", firstLine([]byte(lines[0])))
	}
	if err := w.send("AUTH TLS\r\n"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the AUTH TLS reply")
	}
	code, lines, err = w.reply()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the AUTH TLS reply")
	}
	a.preamble["auth_tls"] = firstLine([]byte(lines[0]))
	if code != 234 {
		return refused("AUTH TLS was answered %q, expected 234", firstLine([]byte(lines[0])))
	}
	return nil
}

// xmppPreamble: RFC 6120 5.4.2: stream header, features, <starttls/>, <proceed/>.
func xmppPreamble(p *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	header := fmt.Sprintf("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>", xmlEscape(p.target.Host))
	if err := w.send(header); err != nil {
		return ioFailure(err, facts.StagePreamble, "the XMPP stream header")
	}
	features, err := w.until("</stream:features>", "</stream:stream>")
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the XMPP stream features")
	}
	offered := strings.Contains(features, "urn:ietf:params:xml:ns:xmpp-tls")
	a.preamble["starttls_offered"] = strconv.FormatBool(offered)
	if strings.HasSuffix(features, "</stream:stream>") {
		return refused("the XMPP server closed the stream: %q", firstLine([]byte(features)))
	}
	if err := w.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"); err != nil {
		return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
	}
	reply, err := w.until("/>", "</failure>")
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the STARTTLS reply")
	}
	if strings.Contains(reply, "<proceed") {
		a.preamble["starttls"] = "proceed"
		return nil
	}
	a.preamble["starttls"] = "failure"
	return refused("the XMPP server refused STARTTLS (starttls offered: %v)", offered)
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;")
	return r.Replace(s)
}

// ldapStartTLS is an LDAPMessage{messageID 1, ExtendedRequest{requestName
// "1.3.6.1.4.1.1466.20037"}} (RFC 4511 4.14.1).
var ldapStartTLS = append([]byte{0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16}, "1.3.6.1.4.1.1466.20037"...)

func ldapPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	if err := w.send(string(ldapStartTLS)); err != nil {
		return ioFailure(err, facts.StagePreamble, "the LDAP StartTLS response")
	}
	msg, err := readBER(w)
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the LDAP StartTLS response")
	}
	code, diag, ok := ldapExtendedResult(msg)
	if !ok {
		return refused("the LDAP reply to StartTLS is not an ExtendedResponse (%s)", hexExcerpt(msg, 16))
	}
	a.preamble["starttls_result"] = strconv.Itoa(code)
	if diag != "" {
		a.preamble["diagnostic"] = firstLine([]byte(diag))
	}
	if code != 0 {
		return refused("the LDAP server refused StartTLS with resultCode %d %s", code, firstLine([]byte(diag)))
	}
	return nil
}

// readBER reads one BER TLV and returns it in the definite length form, so
// that tlv can split it. RFC 4511 5.1 asks for definite lengths only, but a
// constructed element with the indefinite length form (0x80, then elements
// up to an end-of-contents 00 00, X.690 8.1.3.6) is still a well-formed
// reply: it is read and re-encoded rather than refused.
func readBER(w *wire) ([]byte, error) {
	tag, body, err := readBERElement(w, 0)
	if err != nil {
		return nil, err
	}
	return encodeBER(tag, body), nil
}

// maxBERDepth bounds the nesting of indefinite-length elements.
const maxBERDepth = 16

var errIndefinitePrimitive = errors.New("a primitive BER element with the indefinite length form")

// readBERElement reads one element and returns its tag and its contents,
// nested indefinite-length elements re-encoded with definite lengths.
func readBERElement(w *wire, depth int) (byte, []byte, error) {
	hdr, err := w.full(2)
	if err != nil {
		return 0, nil, err
	}
	tag, n := hdr[0], int(hdr[1])
	if n == 0x80 {
		if tag&0x20 == 0 || depth >= maxBERDepth {
			return 0, nil, errIndefinitePrimitive
		}
		var body []byte
		for {
			t, content, err := readBERElement(w, depth+1)
			if err != nil {
				return 0, nil, err
			}
			if t == 0 && len(content) == 0 { // end-of-contents
				return tag, body, nil
			}
			body = append(body, encodeBER(t, content)...)
		}
	}
	if n&0x80 != 0 {
		k := n & 0x7f
		if k > 3 {
			return 0, nil, errTooLong
		}
		lb, err := w.full(k)
		if err != nil {
			return 0, nil, err
		}
		n = 0
		for _, b := range lb {
			n = n<<8 | int(b)
		}
	}
	body, err := w.full(n)
	if err != nil {
		return 0, nil, err
	}
	return tag, body, nil
}

// encodeBER encodes one element with the definite length form.
func encodeBER(tag byte, content []byte) []byte {
	n := len(content)
	out := []byte{tag}
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 1<<8:
		out = append(out, 0x81, byte(n))
	case n < 1<<16:
		out = append(out, 0x82, byte(n>>8), byte(n))
	default:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, content...)
}

// tlv splits one BER element off b.
func tlv(b []byte) (tag byte, content, rest []byte, ok bool) {
	if len(b) < 2 {
		return 0, nil, nil, false
	}
	tag, n, i := b[0], int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			return 0, nil, nil, false
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		i += k
	}
	if len(b) < i+n {
		return 0, nil, nil, false
	}
	return tag, b[i : i+n], b[i+n:], true
}

// ldapExtendedResult reads resultCode and diagnosticMessage of an
// ExtendedResponse ([APPLICATION 24]).
func ldapExtendedResult(msg []byte) (int, string, bool) {
	tag, seq, _, ok := tlv(msg)
	if !ok || tag != 0x30 {
		return 0, "", false
	}
	tag, _, rest, ok := tlv(seq) // messageID
	if !ok || tag != 0x02 {
		return 0, "", false
	}
	tag, resp, _, ok := tlv(rest)
	if !ok || tag != 0x78 {
		return 0, "", false
	}
	tag, code, rest, ok := tlv(resp)
	if !ok || tag != 0x0a || len(code) == 0 {
		return 0, "", false
	}
	result := 0
	for _, c := range code {
		result = result<<8 | int(c)
	}
	diag := ""
	if _, _, rest2, ok := tlv(rest); ok { // matchedDN
		if tag, d, _, ok := tlv(rest2); ok && tag == 0x04 {
			diag = string(d)
		}
	}
	return result, diag, true
}

// postgresPreamble sends SSLRequest (length 8, code 80877103) and expects 'S'.
func postgresPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	if err := w.send(string([]byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f})); err != nil {
		return ioFailure(err, facts.StagePreamble, "the PostgreSQL SSLRequest reply")
	}
	b, err := w.readByte()
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the PostgreSQL SSLRequest reply")
	}
	a.preamble["sslrequest"] = string(rune(b))
	switch b {
	case 'S':
		return nil
	case 'N':
		return refused("the PostgreSQL server does not accept SSL (it answered 'N': ssl = off in postgresql.conf)")
	}
	return refused("the PostgreSQL server answered the SSLRequest with %s, expected 'S'", hexExcerpt([]byte{b}, 1))
}

// MySQL capability flags (client/server protocol, "Capabilities Flags").
const (
	mysqlLongPassword = 0x00000001
	mysqlProtocol41   = 0x00000200
	mysqlSSL          = 0x00000800
	mysqlSecureConn   = 0x00008000
	mysqlPluginAuth   = 0x00080000
)

func mysqlPreamble(_ *prober, w *wire, a *attempt, _ attemptSpec) *facts.ProbeFailure {
	hdr, err := w.full(4)
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the MySQL server greeting")
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	payload, err := w.full(n)
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the MySQL server greeting")
	}
	if len(payload) > 0 && payload[0] == 0xff {
		msg := ""
		if len(payload) > 3 {
			msg = firstLine(payload[3:])
		}
		return refused("the MySQL server refused the connection: %s", msg)
	}
	if len(payload) < 1 || payload[0] != 10 {
		return refused("not a MySQL protocol 10 greeting (%s)", hexExcerpt(payload, 8))
	}
	end := bytes.IndexByte(payload[1:], 0)
	if end < 0 || len(payload) < 1+end+1+4+8+1+2 {
		return refused("truncated MySQL greeting")
	}
	a.preamble["server_version"] = firstLine(payload[1 : 1+end])
	capOff := 1 + end + 1 + 4 + 8 + 1
	caps := binary.LittleEndian.Uint16(payload[capOff:])
	ssl := caps&mysqlSSL != 0
	a.preamble["client_ssl"] = strconv.FormatBool(ssl)
	if !ssl {
		return refused("the MySQL server does not offer SSL (CLIENT_SSL not set in its greeting)")
	}
	req := make([]byte, 4+32)
	req[0], req[3] = 32, 1 // length 32, sequence 1
	binary.LittleEndian.PutUint32(req[4:], mysqlLongPassword|mysqlProtocol41|mysqlSSL|mysqlSecureConn|mysqlPluginAuth)
	binary.LittleEndian.PutUint32(req[8:], 1<<24) // max packet size
	req[12] = 0x21                                // utf8_general_ci
	if err := w.send(string(req)); err != nil {
		return ioFailure(err, facts.StagePreamble, "sending the MySQL SSL request")
	}
	return nil
}

// natsPreamble reads the INFO line a NATS server sends before TLS and
// records its TLS flags. A server with handshake_first sends nothing and
// waits for the ClientHello: after a short wait, TLS starts.
func natsPreamble(p *prober, w *wire, a *attempt, spec attemptSpec) *facts.ProbeFailure {
	if p.natsTLSFirst && !spec.primary {
		a.preamble["info"] = "none (TLS first)"
		return nil
	}
	deadline, _ := p.until(p.cfg.HandshakeTimeout)
	wait := min(natsInfoWait, p.cfg.HandshakeTimeout)
	w.conn.SetReadDeadline(time.Now().Add(wait))
	first, err := w.readByte()
	if err != nil {
		// A timeout caused by the probe's cancellation is no sign of
		// handshake_first.
		if isTimeout(err) && !a.cancelled() {
			if spec.primary {
				p.natsTLSFirst = true
			}
			a.preamble["info"] = fmt.Sprintf("none within %s (TLS first: handshake_first)", wait)
			a.nats = &facts.NATSInfo{HandshakeFirst: true}
			w.conn.SetDeadline(deadline)
			return nil
		}
		return ioFailure(err, facts.StagePreamble, "the NATS INFO line")
	}
	w.conn.SetDeadline(deadline)
	rest, err := w.line()
	line := string(first) + rest
	if err != nil {
		return ioFailure(err, facts.StagePreamble, "the NATS INFO line")
	}
	if !strings.HasPrefix(line, "INFO ") && !strings.HasPrefix(line, "INFO\t") {
		if first == 0x16 || first == 0x15 {
			return refused("the server sent TLS bytes before the client: not a NATS server")
		}
		return refused("expected a NATS INFO line, got %q", firstLine([]byte(line)))
	}
	info := map[string]any{}
	dec := json.NewDecoder(strings.NewReader(strings.TrimSpace(line[5:])))
	dec.UseNumber() // max_payload stays "1048576", not "1.048576e+06"
	if err := dec.Decode(&info); err != nil {
		return refused("the NATS INFO line is not JSON: %v", err)
	}
	a.preamble["info"] = "received"
	a.nats = natsInfo(info)
	for _, k := range []string{"server_id", "server_name", "version", "proto", "tls_required", "tls_available", "tls_verify", "auth_required", "max_payload"} {
		if v, ok := info[k]; ok {
			a.preamble[k] = fmt.Sprint(v)
		}
	}
	if !jsonTrue(info["tls_required"]) && !jsonTrue(info["tls_available"]) {
		a.plaintext = &facts.Plaintext{Kind: facts.PlaintextNATSInfo, First: firstLine([]byte(line))}
		return &facts.ProbeFailure{Kind: facts.FailPlaintext, Stage: facts.StagePreamble,
			Message: "the NATS server announces no TLS (its INFO has neither tls_required nor tls_available)"}
	}
	return nil
}

func jsonTrue(v any) bool {
	b, ok := v.(bool)
	return ok && b
}
