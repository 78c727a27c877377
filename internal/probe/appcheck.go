package probe

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"

	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// appProtocol says which application check fits the target: by scheme, else
// by the well-known port.
func appProtocol(t Target) facts.AppProtocol {
	switch t.Scheme {
	case facts.SchemeHTTPS:
		return facts.AppHTTPS
	case facts.SchemeWSS:
		return facts.AppWSS
	case facts.SchemeMQTTS:
		return facts.AppMQTT
	case facts.SchemeNATS:
		return facts.AppNATS
	case "", facts.SchemeTLS:
		if t.StartTLS == facts.StartTLSNATS {
			return facts.AppNATS
		}
		switch t.Port {
		case 443, 8443:
			return facts.AppHTTPS
		case 8883:
			return facts.AppMQTT
		case 4222:
			return facts.AppNATS
		}
	}
	return facts.AppNone
}

// appCheck proves the application answers over the TLS connection. Bounded
// by the handshake timeout and by the size of what it reads.
func (p *prober) appCheck(a *attempt) *facts.AppCheck {
	proto := appProtocol(p.target)
	if proto == facts.AppNone {
		return &facts.AppCheck{Protocol: facts.AppNone, Outcome: facts.AppNotApplicable, Detail: "no application check for this target (use an https://, wss://, mqtts:// or nats:// URL)"}
	}
	deadline, _ := p.until(p.cfg.HandshakeTimeout)
	a.raw.SetDeadline(deadline)
	defer a.raw.SetDeadline(time.Time{})
	r := bufio.NewReaderSize(io.LimitReader(io.MultiReader(bytes.NewReader(a.pending), a.tls), maxPreamble), 4096)
	res := &facts.AppCheck{Protocol: proto}
	var err error
	switch proto {
	case facts.AppNATS:
		err = natsCheck(a.tls, r, res)
	case facts.AppMQTT:
		err = mqttCheck(a.tls, r, res)
	case facts.AppWSS:
		err = wssCheck(a.tls, r, res, p.hostHeader(), p.target.Path)
	case facts.AppHTTPS:
		if st := a.tls.ConnectionState(); st.NegotiatedProtocol == "h2" {
			res.Outcome, res.Detail = facts.AppNotApplicable, "ALPN h2 negotiated: the HTTP/1.1 HEAD check does not apply"
			return res
		}
		err = httpsCheck(a.tls, r, res, p.hostHeader(), p.target.Path)
	}
	if err != nil {
		res.OK = false
		f := ioFailure(err, facts.StageApp, "the "+string(proto)+" reply")
		res.Outcome = facts.AppFailed
		switch f.Kind {
		case facts.FailTimeout, facts.FailEOF, facts.FailReset:
			res.Outcome = facts.AppNoAnswer
		}
		if res.Detail != "" {
			res.Detail += "; "
		}
		res.Detail += f.Message
	}
	switch {
	case res.OK:
		res.Outcome = facts.AppOK
	case res.Outcome == "":
		res.Outcome = facts.AppFailed
	}
	return res
}

func (p *prober) hostHeader() string {
	h := p.target.Host
	if sni := p.serverName(); sni != "" {
		h = sni
	}
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if p.target.Port != 443 {
		h += ":" + strconv.Itoa(p.target.Port)
	}
	return h
}

func readLine(r *bufio.Reader) (string, error) { return readLineFrom(r.ReadByte) }

// natsCheck: CONNECT then PING; a PONG proves the server accepted us.
func natsCheck(w io.Writer, r *bufio.Reader, res *facts.AppCheck) error {
	if _, err := io.WriteString(w, "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":true,\"name\":\"tlscheck\",\"lang\":\"go\"}\r\nPING\r\n"); err != nil {
		return err
	}
	for i := 0; i < maxReplyLine; i++ {
		l, err := readLine(r)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(l, "PONG"):
			res.OK, res.Detail = true, "PONG"
			return nil
		case strings.HasPrefix(l, "-ERR"):
			res.Detail = firstLine([]byte(l))
			// NATS client protocol, -ERR: 'Authorization Violation' is the
			// server refusing the credentials of CONNECT.
			if strings.Contains(strings.ToLower(l), "authorization violation") {
				res.Outcome = facts.AppAuthRefused
			}
			return nil
		case strings.HasPrefix(l, "PING"):
			io.WriteString(w, "PONG\r\n")
		}
	}
	res.Detail = "no PONG"
	return nil
}

var connackCodes = map[byte]string{
	0: "accepted", 1: "unacceptable protocol version", 2: "identifier rejected",
	3: "server unavailable", 4: "bad user name or password", 5: "not authorized",
}

// mqttCheck: MQTT 3.1.1 CONNECT (clean session) then CONNACK (MQTT 3.1.1 3.2).
func mqttCheck(w io.Writer, r *bufio.Reader, res *facts.AppCheck) error {
	var rnd [4]byte
	rand.Read(rnd[:])
	clientID := "tlscheck-" + hex.EncodeToString(rnd[:])
	body := []byte{0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, byte(len(clientID))}
	body = append(body, clientID...)
	pkt := append([]byte{0x10, byte(len(body))}, body...)
	if _, err := w.Write(pkt); err != nil {
		return err
	}
	hdr := make([]byte, 4)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return err
	}
	if hdr[0] != 0x20 || hdr[1] != 0x02 {
		res.Detail = "not a CONNACK: " + hexExcerpt(hdr, 4)
		return nil
	}
	code := hdr[3]
	name, ok := connackCodes[code]
	if !ok {
		name = "unknown return code"
	}
	res.OK = code == 0
	res.Detail = fmt.Sprintf("CONNACK 0x%02x %s", code, name)
	if code == 4 || code == 5 { // MQTT 3.1.1 3.2.2.3: bad user name or password, not authorized
		res.Outcome = facts.AppAuthRefused
	}
	return nil
}

// wssCheck: an HTTP/1.1 Upgrade to WebSocket (RFC 6455 4.1) must answer 101
// with the right Sec-WebSocket-Accept.
func wssCheck(w io.Writer, r *bufio.Reader, res *facts.AppCheck, host, path string) error {
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
	if strings.Contains(strings.ToLower(path), "mqtt") {
		req += "Sec-WebSocket-Protocol: mqtt\r\n"
	}
	req += "User-Agent: tlscheck\r\n\r\n"
	if _, err := io.WriteString(w, req); err != nil {
		return err
	}
	status, err := readLine(r)
	if err != nil {
		return err
	}
	res.Detail = firstLine([]byte(status))
	accept := ""
	for i := 0; i < maxReplyLine; i++ {
		l, err := readLine(r)
		if err != nil || l == "" {
			break
		}
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Sec-WebSocket-Accept") {
			accept = strings.TrimSpace(v)
		}
	}
	f := strings.Fields(status)
	if len(f) < 2 || f[1] != "101" {
		if authRefusedStatus(status) {
			res.Outcome = facts.AppAuthRefused
		}
		return nil
	}
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	if accept != base64.StdEncoding.EncodeToString(sum[:]) {
		res.Detail += " (wrong Sec-WebSocket-Accept)"
		return nil
	}
	res.OK = true
	return nil
}

// httpsCheck: HEAD and the status line.
func httpsCheck(w io.Writer, r *bufio.Reader, res *facts.AppCheck, host, path string) error {
	req := "HEAD " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlscheck\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(w, req); err != nil {
		return err
	}
	status, err := readLine(r)
	if err != nil && status == "" {
		return err
	}
	res.Detail = firstLine([]byte(status))
	res.OK = strings.HasPrefix(status, "HTTP/")
	if authRefusedStatus(status) {
		res.OK, res.Outcome = false, facts.AppAuthRefused
	}
	return nil
}

// authRefusedStatus reports whether an HTTP status line refuses the client's
// credentials: 401 Unauthorized or 403 Forbidden (RFC 9110 15.5.2, 15.5.4).
func authRefusedStatus(status string) bool {
	f := strings.Fields(status)
	return len(f) >= 2 && strings.HasPrefix(f[0], "HTTP/") && (f[1] == "401" || f[1] == "403")
}
