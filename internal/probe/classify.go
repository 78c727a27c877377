// Failure classification: what a failed dial, preamble or handshake means.

package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// isTLSRecordType: handshake, alert, change_cipher_spec, application_data.
func isTLSRecordType(b byte) bool { return b >= 0x14 && b <= 0x17 }

// handshakeFailure classifies a handshake error with errors.As / errors.Is on
// the typed errors of net, syscall and zcrypto.
func (p *prober) handshakeFailure(err error, a *attempt) *facts.ProbeFailure {
	f := p.classifyHandshake(err, a)
	if a.rec != nil {
		f.Wire = a.rec.wireFacts()
		// zcrypto ends with io.EOF on a close_notify alert (encrypted in
		// TLS 1.3, so the record layer cannot read it) or on the end of the
		// TCP stream: without the latter, it was a close_notify.
		if errors.Is(err, io.EOF) && !f.Wire.PeerClosed {
			f.Wire.CloseNotify = true
		}
	}
	return f
}

func (p *prober) classifyHandshake(err error, a *attempt) *facts.ProbeFailure {
	a.mu.Lock()
	f := &facts.ProbeFailure{Stage: facts.StageHandshake, AfterCertificateRequest: a.certReq}
	a.mu.Unlock()
	var got []byte
	if a.rec != nil {
		got = a.rec.firstBytes()
	}
	if len(got) > 0 && !isTLSRecordType(got[0]) {
		got = p.readMore(a, got)
		if pt, nats := classifyPlaintext(got); pt != nil {
			a.plaintext, a.nats = pt, nats
			f.Kind = facts.FailPlaintext
			f.Message = fmt.Sprintf("the server answered in plaintext (%s: %q) instead of a TLS ServerHello", pt.Kind, pt.First)
			return f
		}
		f.Kind = facts.FailProtocol
		f.Message = "the server sent bytes that are not TLS: " + hexExcerpt(got, 16)
		return f
	}
	var alert ztls.Alert
	if errors.As(err, &alert) {
		var op *net.OpError
		received := errors.As(err, &op) && op.Op == "remote error"
		f.Alert = &facts.Alert{Code: facts.AlertCode(alert), Name: facts.AlertCode(alert).String(), Received: received}
		if received {
			f.Kind = facts.FailAlert
			f.Message = fmt.Sprintf("the server sent the alert %s (%d)", f.Alert.Name, f.Alert.Code)
		} else {
			f.Kind = facts.FailProtocol
			f.Message = fmt.Sprintf("tlscheck aborted the handshake with the alert %s: %v", f.Alert.Name, err)
		}
		return f
	}
	n := 0
	if a.rec != nil {
		n = a.rec.total()
	}
	sent := "the server sent nothing"
	if n > 0 {
		sent = fmt.Sprintf("after %d bytes from the server", n)
	}
	switch {
	case isTimeout(err):
		f.Kind = facts.FailTimeout
		f.Message = fmt.Sprintf("no complete handshake within %s (%s)", p.cfg.HandshakeTimeout, sent)
		if a.cutByTimeout {
			f.Message = fmt.Sprintf("no complete handshake before the probe's overall timeout of %s ran out (%s)", p.cfg.Timeout, sent)
		}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		f.Kind = facts.FailEOF
		f.Message = "the server closed the connection (" + sent + ")"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED):
		f.Kind = facts.FailReset
		f.Message = "the server reset the connection (" + sent + ")"
	case oversizedClaim(a):
		// zcrypto refuses a handshake message over 64 KiB as soon as it
		// reads the length, with an untyped error; the record layer read
		// that length. See how much of it the server really sends.
		pm := a.rec.wireFacts().Partial
		drainUpTo(a.rec, pm.Claimed-pm.Received)
		if pm.Type == facts.HandshakeCertificate {
			// The chain zcrypto refused is in the recorded bytes: read it,
			// so that the checks judge it anyway.
			if chain := parseCertificateMessage(a.rec.certificateMessage()); len(chain) > 0 {
				a.mu.Lock()
				a.peerChain = chain
				a.mu.Unlock()
			}
		}
		f.Kind = facts.FailOversized
		f.Message = fmt.Sprintf("the server's %s message claims %d bytes, more than the %d bytes zcrypto (the TLS library tlscheck uses) accepts", pm.Type, pm.Claimed, maxHandshakeMessage)
	case a.log != nil && a.log.ServerHello != nil && n+drain(a.rec) > maxHandshakeMessage:
		// zcrypto, like crypto/tls, refuses a handshake message over 64
		// KiB with an untyped error, as soon as it reads the length. What
		// was observed says enough: a ServerHello, our own abort, and a
		// flight that goes on past 64 KiB.
		f.Kind = facts.FailOversized
		f.Message = fmt.Sprintf("the server's handshake flight after its ServerHello is longer than %d bytes: one message (the Certificate message, which carries the served chain) is larger than the %d bytes zcrypto (the TLS library tlscheck uses) accepts", maxHandshakeMessage, maxHandshakeMessage)
	default:
		f.Kind = facts.FailProtocol
		f.Message = err.Error()
	}
	return f
}

// oversizedClaim: the record layer saw the header of an unencrypted
// handshake message longer than zcrypto accepts.
func oversizedClaim(a *attempt) bool {
	if a.rec == nil {
		return false
	}
	pm := a.rec.wireFacts().Partial
	return pm != nil && pm.Claimed > maxHandshakeMessage
}

// drain reads what the server is still sending after we aborted, up to a
// little more than maxHandshakeMessage and for at most 300 ms, and returns
// how many bytes came.
func drain(c net.Conn) int { return drainUpTo(c, maxHandshakeMessage+1) }

// drainUpTo reads up to limit bytes for at most 300 ms, through the
// recording connection so that the record layer follows them.
func drainUpTo(c net.Conn, limit int) int {
	if c == nil {
		return 0
	}
	if rc, ok := c.(*recordingConn); ok && rc.Conn == nil {
		return 0
	}
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, 16<<10)
	total := 0
	for total < limit {
		k, err := c.Read(buf)
		total += k
		if err != nil {
			break
		}
	}
	return total
}

// parseCertificateMessage reads the certificates of a TLS 1.0-1.2
// Certificate message body (RFC 5246 7.4.2: a 24-bit length, then each
// certificate with its 24-bit length); nil when it does not parse.
func parseCertificateMessage(body []byte) [][]byte {
	u24 := func(b []byte) int { return int(b[0])<<16 | int(b[1])<<8 | int(b[2]) }
	if len(body) < 3 || u24(body) != len(body)-3 {
		return nil
	}
	rest := body[3:]
	var out [][]byte
	for len(rest) > 0 {
		if len(rest) < 3 || u24(rest) > len(rest)-3 {
			return nil
		}
		n := u24(rest)
		out = append(out, append([]byte(nil), rest[3:3+n]...))
		rest = rest[3+n:]
	}
	return out
}

// maxHandshakeMessage is the largest handshake message zcrypto accepts.
// Other clients differ: Go's crypto/tls accepts 256 KiB for a Certificate
// message, OpenSSL about 100 KiB.
const maxHandshakeMessage = 65536

// readMore extends the recorded bytes of a plaintext reply up to the end of
// its first line, bounded by size and a short wait.
func (p *prober) readMore(a *attempt, got []byte) []byte {
	if bytes.IndexByte(got, '\n') >= 0 || len(got) >= recordMax || a.raw == nil {
		return got
	}
	a.raw.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	buf := make([]byte, recordMax-len(got))
	for len(got) < recordMax && bytes.IndexByte(got, '\n') < 0 {
		n, err := a.raw.Read(buf[:recordMax-len(got)])
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	return got
}

// classifyPlaintext names a non-TLS reply from its first bytes: a STARTTLS
// protocol's greeting (starttlsProtocols), else HTTP, SSH, MQTT or printable
// text of an unknown protocol; nil for binary garbage.
func classifyPlaintext(b []byte) (*facts.Plaintext, *facts.NATSInfo) {
	if pt, nats := starttlsBanner(b); pt != nil {
		return pt, nats
	}
	switch {
	case bytes.HasPrefix(b, []byte("HTTP/")):
		return &facts.Plaintext{Kind: facts.PlaintextHTTP, First: firstLine(b)}, nil
	case bytes.HasPrefix(b, []byte("SSH-")):
		return &facts.Plaintext{Kind: facts.PlaintextSSH, First: firstLine(b)}, nil
	case len(b) >= 2 && b[0] == 0x20 && b[1] == 0x02: // CONNACK
		return &facts.Plaintext{Kind: facts.PlaintextMQTT, First: fmt.Sprintf("CONNACK %s", hexExcerpt(b, 4))}, nil
	case mostlyPrintable(b):
		return &facts.Plaintext{Kind: facts.PlaintextUnknown, First: firstLine(b)}, nil
	}
	return nil, nil
}

// firstLine is the first line, printable ASCII only, at most 200 characters.
func firstLine(b []byte) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	var sb strings.Builder
	for _, c := range b {
		if sb.Len() >= 200 {
			break
		}
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func mostlyPrintable(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	printable := 0
	for _, c := range b {
		if (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t' {
			printable++
		}
	}
	return printable*10 >= len(b)*9
}

func hexExcerpt(b []byte, n int) string {
	if len(b) > n {
		return fmt.Sprintf("% x ...", b[:n])
	}
	return fmt.Sprintf("% x", b)
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func dnsFailure(err error, host string) *facts.ProbeFailure {
	f := &facts.ProbeFailure{Kind: facts.FailDNS, Stage: facts.StageDNS, Message: fmt.Sprintf("DNS lookup of %s failed", host)}
	var de *net.DNSError
	if errors.As(err, &de) {
		switch {
		case de.IsNotFound:
			f.Message = fmt.Sprintf("no such host: %s (the name does not resolve)", host)
		case de.IsTimeout:
			f.Message = fmt.Sprintf("DNS lookup of %s timed out", host)
		default:
			f.Message = fmt.Sprintf("DNS lookup of %s failed: %s", host, de.Err)
		}
	} else if isTimeout(err) {
		f.Message = fmt.Sprintf("DNS lookup of %s timed out", host)
	}
	return f
}

func connectFailure(err error, addr string, timeout time.Duration) *facts.ProbeFailure {
	f := &facts.ProbeFailure{Stage: facts.StageConnect}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		f.Kind = facts.FailRefused
		f.Message = fmt.Sprintf("connection refused by %s (nothing listens on that port)", addr)
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		f.Kind = facts.FailUnreachable
		f.Message = fmt.Sprintf("%s is unreachable (no route to host or network)", addr)
	case isTimeout(err):
		f.Kind = facts.FailTimeout
		f.Message = fmt.Sprintf("no answer to the TCP connect to %s within %s (a firewall dropping packets, or the host is down)", addr, timeout)
	case errors.Is(err, context.Canceled):
		f.Kind = facts.FailTimeout
		f.Message = "cancelled before the TCP connection to " + addr + " was made"
	default:
		f.Kind = facts.FailUnreachable
		f.Message = fmt.Sprintf("cannot connect to %s: %v", addr, err)
	}
	return f
}

// ioFailure classifies an error of the preamble or application exchange.
func ioFailure(err error, stage facts.Stage, what string) *facts.ProbeFailure {
	f := &facts.ProbeFailure{Stage: stage}
	switch {
	case isTimeout(err):
		f.Kind = facts.FailTimeout
		f.Message = "timed out waiting for " + what
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		f.Kind = facts.FailEOF
		f.Message = "the server closed the connection while waiting for " + what
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		f.Kind = facts.FailReset
		f.Message = "the server reset the connection while waiting for " + what
	default:
		f.Kind = facts.FailPreamble
		f.Message = fmt.Sprintf("%s: %v", what, err)
	}
	return f
}

// natsInfoExcerpt condenses a NATS INFO line to the fields that say how to
// connect (TLS flags first), since the whole line is longer than an excerpt
// and tls_required comes late in it.
func natsInfoExcerpt(b []byte) string {
	info, ok := natsInfoFields(b)
	if !ok {
		return firstLine(b)
	}
	var parts []string
	for _, k := range []string{"tls_required", "tls_available", "handshake_first", "tls_verify", "auth_required", "version", "server_id"} {
		if v, ok := info[k]; ok {
			enc, _ := json.Marshal(v)
			parts = append(parts, fmt.Sprintf("%q:%s", k, enc))
		}
	}
	return firstLine([]byte("INFO {" + strings.Join(parts, ",") + ", ...}"))
}

// natsInfoGreeting reads a NATS INFO greeting met where TLS was expected;
// nil when its JSON does not parse. With tls_required or tls_available the
// client was meant to answer it with a TLS handshake, not to expect TLS
// first.
func natsInfoGreeting(b []byte) *facts.NATSInfo {
	info, ok := natsInfoFields(b)
	if !ok {
		return nil
	}
	return natsInfo(info)
}

// natsInfo takes the fields of a parsed INFO object that the checks read.
// A flag counts only as a JSON true, a number as a JSON number.
func natsInfo(info map[string]any) *facts.NATSInfo {
	str := func(k string) string {
		s, _ := info[k].(string)
		return s
	}
	n := &facts.NATSInfo{
		ServerID: str("server_id"), ServerName: str("server_name"), Version: str("version"),
		TLSRequired: jsonTrue(info["tls_required"]), TLSAvailable: jsonTrue(info["tls_available"]),
		TLSVerify: jsonTrue(info["tls_verify"]), AuthRequired: jsonTrue(info["auth_required"]),
		HandshakeFirst: jsonTrue(info["handshake_first"]),
	}
	switch v := info["max_payload"].(type) {
	case json.Number:
		n.MaxPayload, _ = v.Int64()
	case float64:
		n.MaxPayload = int64(v)
	}
	return n
}

// natsInfoFields parses the JSON object of an "INFO {...}" line.
func natsInfoFields(b []byte) (map[string]any, bool) {
	line := b
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if len(line) < 5 {
		return nil, false
	}
	info := map[string]any{}
	if err := json.Unmarshal(bytes.TrimSpace(line[5:]), &info); err != nil {
		return nil, false
	}
	return info, true
}
