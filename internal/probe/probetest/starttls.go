package probetest

import (
	"bufio"
	"crypto/tls"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
)

// StartTLS is a fake server of a STARTTLS protocol (smtp, imap, pop3, ftp,
// xmpp, ldap, postgres, mysql) that upgrades to a crypto/tls server. With
// refuse, it declines the upgrade the way the protocol does (SMTP 454, IMAP
// NO, POP3 -ERR, FTP 534, XMPP <failure/>, LDAP resultCode 2, PostgreSQL
// 'N', MySQL without CLIENT_SSL).
func StartTLS(tb testing.TB, proto string, opts TLSOptions, refuse bool) *Server {
	tb.Helper()
	cfg := opts.config()
	talk, ok := starttlsTalk[proto]
	if !ok {
		tb.Fatalf("probetest: unknown STARTTLS protocol %q", proto)
	}
	return serve(tb, func(s *Server, c net.Conn) {
		r := bufio.NewReader(c)
		if !talk(c, r, refuse) {
			return
		}
		// MySQL clients send the ClientHello right after the SSL request,
		// so bytes already buffered belong to the handshake.
		serveTLS(s, &bufConn{Conn: c, r: r}, cfg, opts)
	})
}

var starttlsTalk = map[string]func(c net.Conn, r *bufio.Reader, refuse bool) bool{
	"smtp":     smtpTalk,
	"imap":     imapTalk,
	"pop3":     pop3Talk,
	"ftp":      ftpTalk,
	"xmpp":     xmppTalk,
	"ldap":     ldapTalk,
	"postgres": postgresTalk,
	"mysql":    mysqlTalk,
}

func readLine(r *bufio.Reader) (string, bool) {
	l, err := r.ReadString('\n')
	if err != nil || len(l) > 4096 {
		return "", false
	}
	return strings.TrimRight(l, "\r\n"), true
}

func smtpTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	io.WriteString(c, "220 probetest ESMTP ready\r\n")
	for i := 0; i < 20; i++ {
		l, ok := readLine(r)
		if !ok {
			return false
		}
		cmd := strings.ToUpper(l)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			io.WriteString(c, "250-probetest\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n")
		case cmd == "STARTTLS":
			if refuse {
				io.WriteString(c, "454 4.7.0 TLS not available\r\n")
				continue
			}
			io.WriteString(c, "220 2.0.0 Ready to start TLS\r\n")
			return true
		default:
			io.WriteString(c, "221 bye\r\n")
			return false
		}
	}
	return false
}

func imapTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] probetest ready\r\n")
	for i := 0; i < 20; i++ {
		l, ok := readLine(r)
		if !ok {
			return false
		}
		tag, cmd, _ := strings.Cut(l, " ")
		switch strings.ToUpper(cmd) {
		case "STARTTLS":
			if refuse {
				io.WriteString(c, tag+" NO STARTTLS not available\r\n")
				continue
			}
			io.WriteString(c, "* NOTE untagged line first\r\n"+tag+" OK Begin TLS negotiation now\r\n")
			return true
		default:
			io.WriteString(c, tag+" BAD unknown\r\n")
		}
	}
	return false
}

func pop3Talk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	io.WriteString(c, "+OK probetest POP3 ready\r\n")
	for i := 0; i < 20; i++ {
		l, ok := readLine(r)
		if !ok {
			return false
		}
		if strings.EqualFold(l, "STLS") {
			if refuse {
				io.WriteString(c, "-ERR TLS not available\r\n")
				continue
			}
			io.WriteString(c, "+OK Begin TLS negotiation\r\n")
			return true
		}
		io.WriteString(c, "-ERR unknown\r\n")
	}
	return false
}

func ftpTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	io.WriteString(c, "220-probetest FTP server\r\n220 ready\r\n")
	for i := 0; i < 20; i++ {
		l, ok := readLine(r)
		if !ok {
			return false
		}
		if strings.EqualFold(l, "AUTH TLS") {
			if refuse {
				io.WriteString(c, "534 TLS not available\r\n")
				continue
			}
			io.WriteString(c, "234 AUTH TLS successful\r\n")
			return true
		}
		io.WriteString(c, "500 unknown\r\n")
	}
	return false
}

func readUntil(r *bufio.Reader, marker string) bool {
	var sb strings.Builder
	for sb.Len() < 16384 {
		b, err := r.ReadByte()
		if err != nil {
			return false
		}
		sb.WriteByte(b)
		if strings.HasSuffix(sb.String(), marker) {
			return true
		}
	}
	return false
}

func xmppTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	if !readUntil(r, "version='1.0'>") {
		return false
	}
	io.WriteString(c, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='probetest' from='localhost' version='1.0'>"+
		"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>")
	if !readUntil(r, "/>") {
		return false
	}
	if refuse {
		io.WriteString(c, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
		return false
	}
	io.WriteString(c, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
	return true
}

func ldapTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(r, hdr); err != nil || hdr[0] != 0x30 || hdr[1] > 0x7f {
		return false
	}
	if _, err := io.ReadFull(r, make([]byte, hdr[1])); err != nil {
		return false
	}
	code := byte(0)
	if refuse {
		code = 2 // protocolError
	}
	diag := "probetest"
	body := []byte{0x0a, 0x01, code, 0x04, 0x00, 0x04, byte(len(diag))}
	body = append(body, diag...)
	resp := append([]byte{0x30, byte(5 + len(body)), 0x02, 0x01, 0x01, 0x78, byte(len(body))}, body...)
	c.Write(resp)
	return !refuse
}

func postgresTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	req := make([]byte, 8)
	if _, err := io.ReadFull(r, req); err != nil || binary.BigEndian.Uint32(req[4:]) != 80877103 {
		return false
	}
	if refuse {
		c.Write([]byte{'N'})
		return false
	}
	c.Write([]byte{'S'})
	return true
}

func mysqlTalk(c net.Conn, r *bufio.Reader, refuse bool) bool {
	caps := uint16(0xffff)
	if refuse {
		caps &^= 0x0800
	}
	p := []byte{10}
	p = append(p, "8.0.36-probetest"...)
	p = append(p, 0, 1, 0, 0, 0)                    // NUL, connection id
	p = append(p, "abcdefgh"...)                    // auth-plugin-data part 1
	p = append(p, 0, byte(caps), byte(caps>>8))     // filler, capabilities (lower)
	p = append(p, 0x21, 0x02, 0x00, 0xff, 0xc3, 21) // charset, status, capabilities (upper), auth data length
	p = append(p, make([]byte, 10)...)
	p = append(p, "ijklmnopqrst"...)
	p = append(p, 0)
	p = append(p, "caching_sha2_password"...)
	p = append(p, 0)
	pkt := append([]byte{byte(len(p)), byte(len(p) >> 8), 0, 0}, p...)
	c.Write(pkt)
	if refuse {
		io.Copy(io.Discard, r)
		return false
	}
	req := make([]byte, 36)
	if _, err := io.ReadFull(r, req); err != nil || req[0] != 32 {
		return false
	}
	return binary.LittleEndian.Uint32(req[4:])&0x0800 != 0
}

// NATSOptions configure a fake NATS server.
type NATSOptions struct {
	TLS TLSOptions
	// TLSRequired / TLSAvailable go into the INFO line; with neither the
	// server stays plaintext.
	TLSRequired, TLSAvailable bool
	// HandshakeFirst: TLS before anything, then INFO inside TLS.
	HandshakeFirst bool
	// AuthRequired: CONNECT is answered with -ERR 'Authorization Violation'.
	AuthRequired bool
}

// NATS is a fake NATS server: INFO, then TLS, then CONNECT/PING → PONG.
func NATS(tb testing.TB, opts NATSOptions) *Server {
	cfg := opts.TLS.config()
	info := map[string]any{"server_id": "NPROBETEST", "server_name": "probetest", "version": "2.10.0", "proto": 1,
		"host": "127.0.0.1", "port": 4222, "max_payload": 1048576, "auth_required": opts.AuthRequired}
	if opts.TLSRequired {
		info["tls_required"] = true
	}
	if opts.TLSAvailable {
		info["tls_available"] = true
	}
	line, _ := json.Marshal(info)
	infoLine := fmt.Sprintf("INFO %s\r\n", line)
	return serve(tb, func(s *Server, c net.Conn) {
		if opts.HandshakeFirst {
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			defer tc.Close()
			io.WriteString(tc, infoLine)
			serveNATSApp(tc, bufio.NewReader(tc), opts.AuthRequired)
			return
		}
		io.WriteString(c, infoLine)
		if !opts.TLSRequired && !opts.TLSAvailable {
			serveNATSApp(c, bufio.NewReader(c), opts.AuthRequired)
			return
		}
		tc := tls.Server(c, cfg)
		if tc.Handshake() != nil {
			return
		}
		defer tc.Close()
		serveNATSApp(tc, bufio.NewReader(tc), opts.AuthRequired)
	})
}

func serveNATSApp(c net.Conn, r *bufio.Reader, authRequired bool) {
	for i := 0; i < 20; i++ {
		l, ok := readLine(r)
		if !ok {
			return
		}
		switch {
		case strings.HasPrefix(l, "CONNECT"):
			if authRequired {
				io.WriteString(c, "-ERR 'Authorization Violation'\r\n")
				return
			}
		case strings.HasPrefix(l, "PING"):
			io.WriteString(c, "PONG\r\n")
		}
	}
}

// bufConn reads through the preamble's buffered reader.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufConn) Read(p []byte) (int, error) { return b.r.Read(p) }
