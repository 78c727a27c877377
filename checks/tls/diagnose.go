package tls

import (
	"crypto/rsa"
	"fmt"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// alertName is the alert's description, "handshake_failure (40)".
func alertName(a *facts.Alert) string {
	name := a.Name
	if name == "" {
		name = a.Code.Name()
	}
	if name == "" {
		name = "unknown alert"
	}
	return name + " (" + strconv.Itoa(int(a.Code)) + ")"
}

// cause is what a failed handshake is decoded to; the name is the "cause"
// evidence of tls.handshake-failed.
type cause string

// Causes a failed handshake is decoded to.
const (
	causeNone               cause = ""
	causeClientCertRequired cause = "client-cert-required"
	causeClientCertRejected cause = "client-cert-rejected"
	causeSNI                cause = "sni"
	causeNoShared           cause = "no-shared-version-or-suite"
	causeALPN               cause = "alpn"
	causeReset              cause = "reset"
	causeEOF                cause = "eof"
	causeNotTLS             cause = "not-tls"
	causeOversized          cause = "chain-too-large"
	causeTimeout            cause = "timeout"
	causePreamble           cause = "preamble"
	causeOtherAlert         cause = "alert"
	causeTLSError           cause = "tls-error"
	causeRSAPSS             cause = "rsa-key-too-small-for-pss"
)

// diagnosis is what a failed handshake most likely means, from what was seen.
type diagnosis struct {
	cause   cause
	message string // observed and expected, in plain words
	fix     string
	// problem is what is wrong with our own client certificate when it is
	// the cause (tls.client-cert-unusable then leaves it out).
	problem *clientProblem
}

// handshakeFailure reports whether the connection failed after TCP was
// established and before a handshake completed (or right after it, for a
// TLS 1.3 client certificate rejection), other than a recognised plaintext
// protocol, which is tls.plaintext.
func handshakeFailure(c *facts.Connection) bool {
	f := c.Failure
	if f == nil {
		return false
	}
	if f.BeforeConnect() {
		return false
	}
	// A recognised plaintext protocol is tls.plaintext's.
	return c.Plaintext == nil || !c.Plaintext.Kind.Recognised()
}

// diagnose decodes a failed handshake into its most likely cause.
func diagnose(all *facts.Facts) diagnosis {
	c := all.Connection
	if c == nil {
		return diagnosis{}
	}
	f := c.Failure
	if f == nil || !handshakeFailure(c) {
		return diagnosis{}
	}
	target := checks.ShellQuote(c.Target)
	var code facts.AlertCode
	alert := ""
	if f.Alert != nil {
		code = f.Alert.Code
		alert = alertName(f.Alert)
	}
	received := f.Alert != nil && f.Alert.Received
	sentCert := c.ClientCert != ""

	// Client certificate required: TLS 1.2 handshake_failure after a
	// CertificateRequest we answered with no certificate, TLS 1.3
	// certificate_required (RFC 8446 4.4.2.4), or a server that closed
	// right after our Finished when it had asked for a certificate.
	if !sentCert && ((received && code == facts.AlertCertificateRequired) ||
		(received && (code == facts.AlertHandshakeFailure || code == facts.AlertBadCertificate || code == facts.AlertCertificateUnknown) && (f.AfterCertificateRequest || c.ClientCertReq)) ||
		(f.ClosedAfterFinished && (c.ClientCertReq || f.AfterCertificateRequest)) ||
		((f.Kind == facts.FailReset || f.Kind == facts.FailEOF) && f.AfterCertificateRequest)) {
		how := "after sending a CertificateRequest"
		switch {
		case received && code == facts.AlertCertificateRequired:
			how = "with alert certificate_required (116)"
		case received:
			how = "with alert " + alert + " after its CertificateRequest"
		case f.ClosedAfterFinished:
			how = "by closing the connection right after our Finished (it had asked for a certificate)"
		}
		msg := fmt.Sprintf("the server ended the handshake %s: it requires a client certificate (mutual TLS) and we sent none; acceptable CAs it named: %s",
			how, caList(c.AcceptableCAs))
		fix := fmt.Sprintf("present a client certificate issued by %s: `%s`", firstCA(c.AcceptableCAs), clientCertFlag(c))
		return diagnosis{causeClientCertRequired, msg, fix, nil}
	}

	// Our client certificate was refused.
	if sentCert && received {
		// illegal_parameter after our certificate: a key of another type
		// than the certificate's signed our CertificateVerify (a TLS 1.3
		// server checks the scheme against the certificate's key).
		if code == facts.AlertIllegalParameter && (f.AfterCertificateRequest || c.ClientCertReq) {
			if problem, ok := rejectionCause(clientCertProblems(all), code); ok {
				msg := fmt.Sprintf("the server rejected %s with alert %s because %s", problem.subject(), alert, problem.reason())
				return diagnosis{causeClientCertRejected, msg, problem.fix(), &problem}
			}
		}
		switch code {
		case facts.AlertBadCertificate, facts.AlertUnsupportedCertificate, facts.AlertCertificateRevoked, facts.AlertCertificateExpired,
			facts.AlertCertificateUnknown, facts.AlertUnknownCA, facts.AlertAccessDenied, facts.AlertDecryptError, facts.AlertCertificateRequired, facts.AlertHandshakeFailure:
			if code == facts.AlertHandshakeFailure && !(f.AfterCertificateRequest || c.ClientCertReq) {
				break
			}
			// Our own certificate's fault, when it has one, is the cause.
			if problem, ok := rejectionCause(clientCertProblems(all), code); ok {
				msg := fmt.Sprintf("the server rejected %s with alert %s because %s", problem.subject(), alert, problem.reason())
				return diagnosis{causeClientCertRejected, msg, problem.fix(), &problem}
			}
			msg := fmt.Sprintf("the server rejected our client certificate '%s' with alert %s: %s; acceptable CAs it named: %s",
				c.ClientCert, alert, rejectReason(code), caList(c.AcceptableCAs))
			return diagnosis{causeClientCertRejected, msg, rejectFix(c, code), nil}
		}
	}
	// A server that hung up without an alert once it had our certificate
	// (TLS 1.3 servers often do), when our certificate has a fault of its
	// own: that fault, not the wire, is the likely cause.
	if sentCert && !received && (f.AfterCertificateRequest || c.ClientCertReq) &&
		(f.ClosedAfterFinished || f.Kind == facts.FailReset || f.Kind == facts.FailEOF) {
		if problem, ok := rejectionCause(clientCertProblems(all), 0); ok {
			how := "closed the connection without an alert"
			if f.Kind == facts.FailReset {
				how = "reset the connection"
			}
			msg := fmt.Sprintf("the server %s after we sent %s, most likely because %s", how, problem.subject(), problem.reason())
			return diagnosis{causeClientCertRejected, msg, problem.fix(), &problem}
		}
	}

	if f.Kind == facts.FailAlert || f.Alert != nil {
		who := "the server sent"
		if !received {
			who = "we sent"
		}
		switch code {
		case facts.AlertUnrecognizedName:
			sni := c.SNI
			if sni == "" {
				sni = "(none)"
			}
			msg := fmt.Sprintf("%s alert %s: the server has no certificate for the name we sent (SNI %s); expected a virtual host for it", who, alert, sni)
			fix := fmt.Sprintf("probe with the name the server is configured for: `tlscheck probe --servername NAME %s`, or add %s to the server's names (nginx: `server_name %s;` in the TLS server block)",
				target, c.Host, c.Host)
			return diagnosis{causeSNI, msg, fix, nil}
		case facts.AlertProtocolVersion, facts.AlertHandshakeFailure, facts.AlertInsufficientSecurity:
			if d, ok := rsaTooSmallForTLS13(all, fmt.Sprintf("%s alert %s", who, alert)); ok {
				return d
			}
			return noShared(c, fmt.Sprintf("%s alert %s", who, alert))
		case facts.AlertNoApplicationProtocol:
			if len(c.OfferedALPN) == 0 {
				// RFC 7301 3.2: a server may refuse a client that offers no
				// protocol it requires.
				msg := fmt.Sprintf("%s alert %s although we offered no ALPN protocol: the server requires one; expected a handshake without ALPN", who, alert)
				return diagnosis{causeALPN, msg, fmt.Sprintf("offer the protocol the server requires, as its clients must: `tlscheck probe --alpn h2,http/1.1 %s` (or `--alpn mqtt`, `--alpn x-amzn-mqtt-ca`), or let the server accept clients without ALPN", target), nil}
			}
			msg := fmt.Sprintf("%s alert %s: the server supports none of the ALPN protocols offered (%s)", who, alert, strings.Join(c.OfferedALPN, ", "))
			return diagnosis{causeALPN, msg, fmt.Sprintf("offer a protocol the server speaks (`--alpn h2,http/1.1`, `--alpn mqtt`) or none: `tlscheck probe %s`", target), nil}
		}
		msg := fmt.Sprintf("%s alert %s during the handshake; expected a completed handshake", who, alert)
		if f.Message != "" {
			msg += " (" + f.Message + ")"
		}
		return diagnosis{causeOtherAlert, msg, serverLogFix(c), nil}
	}

	w := f.Wire
	switch f.Kind {
	case facts.FailReset, facts.FailEOF:
		what := "reset the connection (TCP RST)"
		why := causeReset
		alertless := "without a TLS alert"
		if f.Kind == facts.FailEOF {
			// "without a TLS alert" follows: said once.
			what = "closed the connection"
			why = causeEOF
		}
		switch {
		case w != nil && w.CloseNotify:
			// RFC 8446 6.1: close_notify is an orderly close, not an error.
			what = "sent close_notify and closed the connection"
			alertless = "without an error alert"
		case w != nil && len(w.Warnings) > 0:
			what = fmt.Sprintf("sent the warning alert %s and %s", warningNames(w.Warnings), what)
			alertless = "without an error alert"
		}
		if c.Accepted != nil && (len(c.Accepted.Versions) > 0 || len(c.Accepted.Suites) > 0) {
			return noShared(c, "the server "+what+" "+alertless)
		}
		if w != nil && w.Bytes > 0 && w.Records > 0 {
			msg := fmt.Sprintf("the server %s during the TLS handshake (stage %s), %s, after it sent %s; expected %s. Likely: the server rejected our offer silently, or a proxy or firewall cut the TLS connection",
				what, f.Stage, alertless, wireSeen(w), expectedNext(w))
			return diagnosis{why, msg, serverLogFix(c), nil}
		}
		msg := fmt.Sprintf("the server %s during the TLS handshake (stage %s), %s; expected a ServerHello. Likely: the port expects another protocol or STARTTLS, a proxy or firewall cut the TLS connection, or the server rejected our offer silently",
			what, f.Stage, alertless)
		return diagnosis{why, msg, serverLogFix(c), nil}
	case facts.FailTimeout:
		secs := timeoutSeconds(c)
		msg := fmt.Sprintf("the server accepted the TCP connection but sent nothing within %s: wrong port, or a server expecting STARTTLS / a NATS INFO-first protocol", secs)
		fix := fmt.Sprintf("probe the TLS port, or name the protocol: `tlscheck probe nats://%s` for NATS, `tlscheck probe --starttls smtp %s` for a STARTTLS mail server",
			hostPort(c), hostPort(c))
		switch {
		case f.Stage == facts.StagePreamble:
			msg = fmt.Sprintf("the server did not finish the %s preamble within %s", nonEmpty(c.StartTLS.String(), "protocol"), secs)
		case w != nil && w.Bytes > 0 && w.Records > 0:
			msg = fmt.Sprintf("the server began the TLS handshake and stalled: it sent %s, then nothing more within %s; expected %s",
				wireSeen(w), secs, expectedNext(w))
			fix = "read the server's log for this connection; a stall in the middle of the handshake is also what a path that drops large packets (an MTU problem, often with a VPN or tunnel) or a hung TLS terminator looks like"
		case c.StartTLS != "" && f.Stage == facts.StageHandshake:
			msg = fmt.Sprintf("the server agreed to %s STARTTLS, then sent no ServerHello within %s; expected a TLS handshake after its go-ahead", c.StartTLS, secs)
			fix = "the server's TLS setup behind STARTTLS is not working (certificate or key unreadable, TLS disabled after the go-ahead): " + serverLogFix(c)
		}
		return diagnosis{causeTimeout, msg, fix, nil}
	case facts.FailOversized:
		what := nonEmpty(f.Message, "a handshake message was larger than 64 KiB")
		if w != nil && w.Partial != nil {
			pm := w.Partial
			what = fmt.Sprintf("the server's %s message claims %d bytes, more than the 65536 bytes zcrypto (the TLS library tlscheck uses) accepts", pm.Type, pm.Claimed)
			if pm.Claimed > pm.Received {
				what += fmt.Sprintf(" (%d bytes of it arrived before we stopped reading)", pm.Received)
			}
		}
		msg := fmt.Sprintf("the TLS handshake broke off because %s; %s; expected a chain of a few kilobytes (leaf and intermediates)", what, certificateLimits)
		fix := "serve only the leaf and its intermediates: no root, no unrelated or duplicate certificates (nginx `ssl_certificate`, mosquitto `certfile`, NATS `cert_file`), and prefer ECDSA P-256 keys, whose certificates are a third the size of RSA ones"
		return diagnosis{causeOversized, msg, fix, nil}
	case facts.FailPreamble:
		msg := fmt.Sprintf("the %s exchange before TLS failed: %s; expected the server to agree to start TLS", nonEmpty(c.StartTLS.String(), "protocol"), nonEmpty(f.Message, "no reason given"))
		return diagnosis{causePreamble, msg, preambleFix(c), nil}
	}
	// TLS records that zcrypto could not follow: not another protocol.
	if w != nil && w.Records > 0 && c.Plaintext == nil {
		msg := fmt.Sprintf("the TLS handshake failed after the server sent %s: %s; expected %s", wireSeen(w), nonEmpty(f.Message, "malformed TLS"), expectedNext(w))
		return diagnosis{causeTLSError, msg, serverLogFix(c), nil}
	}
	// Garbage: not TLS, not a protocol we recognise.
	first := ""
	if c.Plaintext != nil && c.Plaintext.First != "" {
		first = fmt.Sprintf(" (first bytes: %q)", c.Plaintext.First)
	}
	msg := fmt.Sprintf("the server answered with bytes that are not TLS%s; expected a TLS ServerHello. This port speaks another protocol", first)
	if f.Message != "" {
		msg += " (" + f.Message + ")"
	}
	fix := fmt.Sprintf("find the port the server's TLS listener uses (on the server: `ss -ltnp`) and probe it, e.g. `tlscheck probe https://%s` for HTTPS on 443", c.Host)
	return diagnosis{causeNotTLS, msg, fix, nil}
}

// noShared explains a protocol_version / handshake_failure with no shared
// version or suite, saying what a broader retry found the server accepts.
func noShared(c *facts.Connection, what string) diagnosis {
	var accepted string
	if a := c.Accepted; a != nil && (len(a.Versions) > 0 || len(a.Suites) > 0) {
		accepted = "the server accepts only " + acceptedText(a)
	}
	msg := what + ": the server and tlscheck share no protocol version or cipher suite"
	if accepted != "" {
		msg += "; " + accepted
	} else if a := c.Accepted; a != nil && a.Tries > 0 && a.TimedOut == a.Tries {
		msg += fmt.Sprintf(" (we offered up to %s; the broader retries with legacy versions and suites all timed out, %d of %d, so what the server accepts is unknown)", nonEmpty(c.OfferedMax.String(), facts.VersionTLS13.String()), a.TimedOut, a.Tries)
	} else if a != nil && a.TimedOut > 0 {
		msg += fmt.Sprintf(" (we offered up to %s; a broader retry with legacy versions and suites found nothing either, though %d of its %d handshakes timed out)", nonEmpty(c.OfferedMax.String(), facts.VersionTLS13.String()), a.TimedOut, a.Tries)
	} else {
		msg += fmt.Sprintf(" (we offered up to %s; a broader retry with legacy versions and suites found nothing either)", nonEmpty(c.OfferedMax.String(), facts.VersionTLS13.String()))
	}
	msg += "; expected TLS 1.2 or 1.3 with an ECDHE AEAD suite"
	return diagnosis{causeNoShared, msg, modernProtocolsFix(c), nil}
}

func acceptedText(a *facts.Accepted) string {
	s := strings.Join(a.VersionNames(), ", ")
	if len(a.Suites) > 0 {
		if s != "" {
			s += " with "
		}
		s += strings.Join(a.Suites, ", ")
	}
	return s
}

// modernProtocolsFix is the server-side line that enables TLS 1.2 and 1.3.
func modernProtocolsFix(c *facts.Connection) string {
	switch server(c) {
	case mosquitto:
		return "enable TLS 1.2 or later in mosquitto.conf, under the listener: `tls_version tlsv1.2` (and remove any `ciphers` line that allows only legacy suites)"
	case natsServer:
		return "nats-server speaks TLS 1.2 and 1.3; remove the `cipher_suites` list that names only legacy suites from the `tls { }` block"
	case postfix:
		return "postfix main.cf: `smtpd_tls_protocols = >=TLSv1.2` and `smtpd_tls_mandatory_protocols = >=TLSv1.2`"
	}
	return "enable TLS 1.2 and 1.3 on the server: nginx `ssl_protocols TLSv1.2 TLSv1.3;` with `ssl_ciphers HIGH:!aNULL:!MD5;` (OpenSSL s_server: drop -tls1 and @SECLEVEL=0)"
}

func firstCA(cas []string) string {
	if len(cas) == 0 {
		return "a CA the server trusts"
	}
	return "'" + cas[0] + "'"
}

func rejectReason(code facts.AlertCode) string {
	switch code {
	case facts.AlertUnknownCA:
		return "the server does not trust the CA that issued it"
	case facts.AlertCertificateExpired:
		return "the server considers it expired (or not yet valid)"
	case facts.AlertCertificateRevoked:
		return "the server considers it revoked"
	case facts.AlertUnsupportedCertificate:
		return "the server cannot use it (key type or extendedKeyUsage: it needs clientAuth)"
	case facts.AlertDecryptError:
		return "the CertificateVerify signature did not verify: the key does not match the certificate"
	case facts.AlertAccessDenied:
		return "the certificate was verified but is not authorised"
	case facts.AlertCertificateRequired:
		return "the server did not accept what we sent as a client certificate"
	}
	return "the server could not verify it (untrusted issuer, wrong extendedKeyUsage, or a missing intermediate)"
}

func rejectFix(c *facts.Connection, code facts.AlertCode) string {
	switch code {
	case facts.AlertDecryptError:
		return "pass the private key that belongs to the client certificate (`openssl x509 -noout -pubkey -in client.pem` must equal `openssl pkey -pubout -in client.key`)"
	case facts.AlertCertificateExpired:
		return "renew the client certificate with its CA, then probe again with the new --cert"
	case facts.AlertUnsupportedCertificate:
		return "reissue the client certificate with extendedKeyUsage clientAuth (`openssl x509 -req ... -extfile <(printf 'extendedKeyUsage=clientAuth')`)"
	}
	fix := "use a client certificate issued by " + firstCA(c.AcceptableCAs)
	switch server(c) {
	case mosquitto:
		fix += ", or add the CA that issued ours to the listener's `cafile` in mosquitto.conf"
	case natsServer:
		fix += ", or add the CA that issued ours to `ca_file` in the server's `tls { }` block"
	default:
		fix += ", or add the CA that issued ours to the file named by nginx `ssl_client_certificate`"
	}
	return fix
}

func serverLogFix(c *facts.Connection) string {
	switch server(c) {
	case mosquitto:
		return "read the broker's log at the time of the probe (`journalctl -u mosquitto` or the `log_dest` file) for the reason it gives"
	case natsServer:
		return "run nats-server with `-DV` (debug) and read the TLS handshake error it logs for this connection"
	}
	return "read the server's error log at the time of the probe (nginx: `tail /var/log/nginx/error.log`) for the reason it gives"
}

func preambleFix(c *facts.Connection) string {
	switch c.StartTLS {
	case facts.StartTLSSMTP:
		return "enable STARTTLS on the mail server (postfix main.cf: `smtpd_tls_security_level = may` with `smtpd_tls_cert_file` and `smtpd_tls_key_file`)"
	case facts.StartTLSNATS:
		return "enable TLS in nats-server: `tls { cert_file: \"server.pem\", key_file: \"server.key\" }`"
	}
	return fmt.Sprintf("check that %s is the STARTTLS port of a %s server with TLS enabled, or drop --starttls if it speaks TLS directly", hostPort(c), nonEmpty(c.StartTLS.String(), "STARTTLS"))
}

func timeoutSeconds(c *facts.Connection) string {
	t := c.Timings.Handshake
	if c.Failure != nil && c.Failure.Stage == facts.StagePreamble && c.Timings.Preamble > 0 {
		t = c.Timings.Preamble
	}
	if t <= 0 {
		return "the handshake timeout"
	}
	if t >= 1000 {
		return strconv.FormatFloat(float64(int(t/100))/10, 'f', -1, 64) + "s"
	}
	return ms(t)
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// certificateLimits are the largest Certificate messages client families
// accept: a chain between them works for some clients only.
const certificateLimits = "client limits differ: zcrypto 64 KiB, OpenSSL (curl, mosquitto clients, nginx upstreams) about 100 KiB, Go's crypto/tls 256 KiB"

// wireSeen says what the server sent, from the record layer: "its
// ServerHello, Certificate (1234 bytes in 3 TLS records)".
func wireSeen(w *facts.Wire) string {
	var names []string
	for _, h := range w.Handshake {
		names = append(names, h.String())
	}
	records := "records"
	if w.Records == 1 {
		records = "record"
	}
	if len(names) == 0 {
		return fmt.Sprintf("%d bytes in %d TLS %s (the last one %s)", w.Bytes, w.Records, records, w.LastRecord)
	}
	return fmt.Sprintf("its %s (%d bytes in %d TLS %s)", strings.Join(names, ", "), w.Bytes, w.Records, records)
}

// expectedNext is what the handshake needed next, from what came.
func expectedNext(w *facts.Wire) string {
	switch {
	case w.Partial != nil:
		return fmt.Sprintf("the rest of its %s message (%d of %d bytes arrived)", w.Partial.Type, w.Partial.Received, w.Partial.Claimed)
	case w.Saw(facts.HandshakeServerHello):
		return "the rest of its handshake (Certificate through Finished)"
	}
	return "a ServerHello"
}

func warningNames(codes []facts.AlertCode) string {
	var out []string
	for _, code := range codes {
		out = append(out, alertName(&facts.Alert{Code: code}))
	}
	return strings.Join(out, ", ")
}

// minPSSBits is the smallest RSA modulus that can make an RSA-PSS
// signature with SHA-256 and a 32-byte salt, as TLS 1.3 requires (RFC 8446
// 4.2.3, RFC 8017 9.1.1: emLen >= hLen + sLen + 2 = 66 bytes, and emLen is
// the modulus length less one bit).
const minPSSBits = 8*(32+32+2) - 7 + 1

// rsaTooSmallForTLS13: a server whose certificate has an RSA key too small
// for RSA-PSS can sign nothing in TLS 1.3 and refuses a TLS 1.3 handshake
// (OpenSSL: "no suitable signature algorithm") although the version and
// suites were shared; TLS 1.2's PKCS #1 v1.5 signatures still work.
func rsaTooSmallForTLS13(all *facts.Facts, what string) (diagnosis, bool) {
	c := all.Connection
	if c.OfferedMax != 0 && c.OfferedMax < facts.VersionTLS13 {
		return diagnosis{}, false
	}
	leaf := servedLeaf(all)
	if leaf == nil || leaf.X509 == nil {
		return diagnosis{}, false
	}
	pub, ok := leaf.X509.PublicKey.(*rsa.PublicKey)
	if !ok || pub.N == nil || pub.N.BitLen() >= minPSSBits {
		return diagnosis{}, false
	}
	bits := pub.N.BitLen()
	msg := fmt.Sprintf("%s: the server's certificate '%s' has a %d-bit RSA key, too small to sign with RSA-PSS (SHA-256 needs at least %d bits), which TLS 1.3 requires for RSA (RFC 8446 4.2.3), so the server found no signature algorithm for the TLS 1.3 handshake we offered",
		what, checks.DN(leaf.X509.Subject), bits, minPSSBits)
	if a := c.Accepted; a != nil && (len(a.Versions) > 0 || len(a.Suites) > 0) {
		msg += "; it accepts " + acceptedText(a) + ", where PKCS #1 v1.5 signatures still work"
	}
	msg += "; expected a certificate key of at least 2048 bits (RSA) or P-256 (ECDSA)"
	fix := fmt.Sprintf("replace the server's key and certificate (a %d-bit RSA key is also easily factored): e.g. ", bits) + "`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=" + c.Host + "` and have it signed, or RSA 2048 (`-newkey rsa:2048`)"
	return diagnosis{causeRSAPSS, msg, fix, nil}, true
}
