package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

var testNow = certgen.Epoch.Add(48 * time.Hour)

// run probes target with short timeouts and no network resolver.
func run(t *testing.T, target string, mod func(*Config)) (*facts.Facts, *facts.Connection) {
	t.Helper()
	cfg := Config{
		Target:           target,
		ConnectTimeout:   2 * time.Second,
		HandshakeTimeout: 2 * time.Second,
		Now:              testNow,
	}
	if mod != nil {
		mod(&cfg)
	}
	f, err := Probe(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Probe(%q): %v", target, err)
	}
	if f.Connection == nil {
		t.Fatalf("Probe(%q): no Connection", target)
	}
	return f, f.Connection
}

func local(s *probetest.Server) string { return "127.0.0.1:" + strconv.Itoa(s.Port) }

func wantFailure(t *testing.T, c *facts.Connection, kind facts.FailureKind, stage facts.Stage) {
	t.Helper()
	if c.Failure == nil {
		t.Fatalf("no failure recorded, want kind %q (stage %q, version %q)", kind, c.Stage, c.Version)
	}
	if c.Failure.Kind != kind || c.Failure.Stage != stage || c.Stage != stage {
		t.Fatalf("failure = %+v at stage %q, want kind %q at stage %q", *c.Failure, c.Stage, kind, stage)
	}
	if c.Failure.Message == "" {
		t.Errorf("failure without a message: %+v", *c.Failure)
	}
}

func wantDone(t *testing.T, c *facts.Connection) {
	t.Helper()
	if c.Failure != nil {
		t.Fatalf("failure %+v (stage %q), want a completed handshake", *c.Failure, c.Stage)
	}
	if c.Stage != facts.StageDone && c.Stage != facts.StageApp {
		t.Fatalf("stage = %q, want done", c.Stage)
	}
}

func TestGoodChainTLS13(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain()})
	target := "https://localhost:" + strconv.Itoa(s.Port)
	f, c := run(t, target, nil)
	wantDone(t, c)
	if c.Version != facts.VersionTLS13 || c.OfferedMax != facts.VersionTLS13 || !strings.HasPrefix(c.CipherSuite, "TLS_AES_") && c.CipherSuite != "TLS_CHACHA20_POLY1305_SHA256" {
		t.Errorf("version %q offered %q suite %q", c.Version, c.OfferedMax, c.CipherSuite)
	}
	if c.Group == "" || c.SNI != "localhost" || c.Address != local(s) || c.Host != "localhost" || c.Port != s.Port || c.Scheme != "https" {
		t.Errorf("group %q sni %q address %q host %q port %d scheme %q", c.Group, c.SNI, c.Address, c.Host, c.Port, c.Scheme)
	}
	if c.SecureReneg != nil {
		t.Errorf("secure renegotiation recorded for TLS 1.3: %v", *c.SecureReneg)
	}
	// TLS 1.3 has no compression, and no compression probe follows it.
	if c.ClientCertReq || c.Compression != "" || c.OCSPStapled {
		t.Errorf("client cert requested %v, compression %q, stapled %v", c.ClientCertReq, c.Compression, c.OCSPStapled)
	}
	if len(f.Certs) != 2 {
		t.Fatalf("%d certs, want leaf and intermediate", len(f.Certs))
	}
	for i, want := range pki.ServedChain() {
		got := f.Certs[i]
		if string(got.Raw) != string(want.DER) || got.X509 == nil {
			t.Errorf("cert %d is not the served %s", i, want.X509.Subject)
		}
		if got.Source != (facts.Source{File: "localhost:" + strconv.Itoa(s.Port), Index: i, Role: facts.RoleServed}) {
			t.Errorf("cert %d source = %+v", i, got.Source)
		}
	}
	if !slices.Equal(f.Options.Hosts, []string{"localhost"}) || f.Options.Purpose != facts.PurposeServer || !f.Now.Equal(testNow) {
		t.Errorf("options %+v now %v", f.Options, f.Now)
	}
	if c.NoSNI == nil || c.NoSNI.Failed || c.NoSNI.Differs || c.NoSNI.Subject != "CN=localhost" || len(c.NoSNI.Fingerprint) != 64 {
		t.Errorf("no-SNI result %+v", c.NoSNI)
	}
	if c.Accepted != nil || c.App != nil || c.Plaintext != nil {
		t.Errorf("unexpected accepted %+v app %+v plaintext %+v", c.Accepted, c.App, c.Plaintext)
	}
}

func TestTLS12Details(t *testing.T) {
	t.Parallel()
	s := probetest.TLS(t, probetest.TLSOptions{MaxVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}})
	_, c := run(t, local(s), func(cfg *Config) { cfg.ALPN = []string{"http/1.1"} })
	wantDone(t, c)
	if c.Version != facts.VersionTLS12 || !strings.HasPrefix(c.CipherSuite, "TLS_ECDHE_") {
		t.Errorf("version %q suite %q", c.Version, c.CipherSuite)
	}
	if c.SecureReneg == nil || !*c.SecureReneg {
		t.Errorf("secure renegotiation = %v, want true (Go servers send renegotiation_info)", c.SecureReneg)
	}
	if c.Group == "" || c.DHBits != 0 || c.ALPN != "http/1.1" || !c.SessionTicket {
		t.Errorf("group %q dh %d alpn %q ticket %v", c.Group, c.DHBits, c.ALPN, c.SessionTicket)
	}
	// An IP target: no SNI, so no second handshake either.
	if c.SNI != "" || c.NoSNI != nil {
		t.Errorf("sni %q no-SNI %+v for an IP target", c.SNI, c.NoSNI)
	}
}

func TestServerName(t *testing.T) {
	t.Parallel()
	s := probetest.TLS(t, probetest.TLSOptions{})
	_, c := run(t, local(s), func(cfg *Config) { cfg.ServerName = "mqtt.example"; cfg.SkipNoSNI = true })
	wantDone(t, c)
	if c.SNI != "mqtt.example" || c.NoSNI != nil {
		t.Errorf("sni %q no-SNI %+v", c.SNI, c.NoSNI)
	}
	_, c = run(t, "localhost:"+strconv.Itoa(s.Port), func(cfg *Config) { cfg.NoSNI = true })
	if c.SNI != "" || c.NoSNI != nil {
		t.Errorf("--no-sni: sni %q no-SNI %+v", c.SNI, c.NoSNI)
	}
}

func TestSNIDiffers(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	def := certgen.Leaf("default.example", pki.Intermediate, certgen.DNS("default.example"))
	s := probetest.TLS(t, probetest.TLSOptions{
		Chain: []*certgen.Cert{def, pki.Intermediate},
		SNI:   map[string][]*certgen.Cert{"localhost": pki.ServedChain()},
	})
	f, c := run(t, "localhost:"+strconv.Itoa(s.Port), nil)
	wantDone(t, c)
	if f.Certs[0].X509.Subject.CommonName != "localhost" {
		t.Errorf("served leaf %s, want the SNI one", f.Certs[0].X509.Subject)
	}
	if c.NoSNI == nil || !c.NoSNI.Differs || c.NoSNI.Subject != "CN=default.example" {
		t.Errorf("no-SNI = %+v, want the default certificate", c.NoSNI)
	}
}

func TestRefused(t *testing.T) {
	t.Parallel()
	_, c := run(t, probetest.Refused(t), nil)
	wantFailure(t, c, facts.FailRefused, facts.StageConnect)
	if c.Version != 0 || c.Timings.Handshake != 0 {
		t.Errorf("version %q handshake %v after a refused connect", c.Version, c.Timings.Handshake)
	}
}

// localResolver answers every query with "connection refused" from a closed
// local port: a DNS failure that never leaves the machine.
func localResolver(t *testing.T) *net.Resolver {
	dead := probetest.Refused(t)
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", dead)
	}}
}

func TestDNSFailure(t *testing.T) {
	t.Parallel()
	f, c := run(t, "no-such-host.test:443", func(cfg *Config) { cfg.Resolver = localResolver(t) })
	wantFailure(t, c, facts.FailDNS, facts.StageDNS)
	if len(f.Certs) != 0 || c.Address != "" {
		t.Errorf("certs %d address %q after a DNS failure", len(f.Certs), c.Address)
	}
}

func TestIPVersionMismatch(t *testing.T) {
	t.Parallel()
	_, c := run(t, "127.0.0.1:1", func(cfg *Config) { cfg.IPVersion = 6 })
	wantFailure(t, c, facts.FailDNS, facts.StageDNS)
}

func TestSilentServerTimesOut(t *testing.T) {
	t.Parallel()
	s := probetest.Silent(t)
	_, c := run(t, local(s), func(cfg *Config) { cfg.HandshakeTimeout = 700 * time.Millisecond })
	wantFailure(t, c, facts.FailTimeout, facts.StageHandshake)
	if c.Plaintext != nil || c.Accepted != nil {
		t.Errorf("plaintext %+v accepted %+v for a silent server", c.Plaintext, c.Accepted)
	}
}

func TestTrickleTimesOut(t *testing.T) {
	t.Parallel()
	s := probetest.Trickle(t)
	_, c := run(t, local(s), func(cfg *Config) { cfg.HandshakeTimeout = 1500 * time.Millisecond })
	wantFailure(t, c, facts.FailTimeout, facts.StageHandshake)
}

func TestGarbage(t *testing.T) {
	t.Parallel()
	s := probetest.Garbage(t)
	_, c := run(t, local(s), nil)
	wantFailure(t, c, facts.FailProtocol, facts.StageHandshake)
	if c.Plaintext != nil || !strings.Contains(c.Failure.Message, "00 9c ff") {
		t.Errorf("plaintext %+v message %q", c.Plaintext, c.Failure.Message)
	}
}

func TestResetMidHandshake(t *testing.T) {
	t.Parallel()
	s := probetest.ResetMidHandshake(t)
	_, c := run(t, local(s), func(cfg *Config) { cfg.SkipRetry = true })
	wantFailure(t, c, facts.FailReset, facts.StageHandshake)
}

func TestPlaintextHTTP(t *testing.T) {
	t.Parallel()
	s := probetest.PlainHTTP(t)
	_, c := run(t, local(s), nil)
	wantFailure(t, c, facts.FailPlaintext, facts.StageHandshake)
	if c.Plaintext == nil || c.Plaintext.Kind != facts.PlaintextHTTP || !strings.HasPrefix(c.Plaintext.First, "HTTP/1.") {
		t.Errorf("plaintext = %+v, want an HTTP status line", c.Plaintext)
	}
	if c.Accepted != nil {
		t.Errorf("retried a plaintext server: %+v", c.Accepted)
	}
}

func TestPlaintextBanners(t *testing.T) {
	t.Parallel()
	cases := []struct {
		banner string
		kind   facts.PlaintextKind
	}{
		{"220 mail.example ESMTP Postfix\r\n", facts.PlaintextSMTP},
		{"220 ProFTPD Server (ftp.example)\r\n", facts.PlaintextFTP},
		{"* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", facts.PlaintextIMAP},
		{"+OK POP3 ready\r\n", facts.PlaintextPOP3},
		{"INFO {\"server_id\":\"X\",\"version\":\"2.10.0\"}\r\n", facts.PlaintextNATSInfo},
		{"SSH-2.0-OpenSSH_9.2\r\n", facts.PlaintextSSH},
		{"\x20\x02\x00\x05", facts.PlaintextMQTT},
		{"hello there, this is some text protocol\r\n", facts.PlaintextUnknown},
	}
	for _, tc := range cases {
		s := probetest.Banner(t, tc.banner)
		_, c := run(t, local(s), nil)
		wantFailure(t, c, facts.FailPlaintext, facts.StageHandshake)
		if c.Plaintext == nil || c.Plaintext.Kind != tc.kind || c.Plaintext.First == "" {
			t.Errorf("banner %q: plaintext = %+v, want kind %q", tc.banner, c.Plaintext, tc.kind)
		}
		s.Close()
	}
}

func TestLongChain(t *testing.T) {
	t.Parallel()
	chain := probetest.LongChain(100)
	s := probetest.TLS(t, probetest.TLSOptions{Chain: chain})
	f, c := run(t, local(s), nil)
	wantDone(t, c)
	if len(f.Certs) != 100 {
		t.Fatalf("%d certificates recorded, want 100", len(f.Certs))
	}
	if f.Certs[99].Source.Index != 99 || string(f.Certs[99].Raw) != string(chain[99].DER) {
		t.Errorf("last certificate is not the 100th served")
	}
}

func TestClientCertRequired(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		name := facts.TLSVersion(v).String()
		s := probetest.ClientCertRequired(t, pki, v)
		f, c := run(t, local(s), nil)
		wantFailure(t, c, facts.FailAlert, facts.StageHandshake)
		if !c.ClientCertReq || !c.Failure.AfterCertificateRequest || c.ClientCert != "" {
			t.Errorf("%s: requested %v after-request %v sent %q", name, c.ClientCertReq, c.Failure.AfterCertificateRequest, c.ClientCert)
		}
		if !slices.Equal(c.AcceptableCAs, []string{"CN=Probetest Client CA"}) {
			t.Errorf("%s: acceptable CAs %q", name, c.AcceptableCAs)
		}
		a := c.Failure.Alert
		if a == nil || !a.Received {
			t.Fatalf("%s: alert %+v", name, a)
		}
		if v == tls.VersionTLS12 {
			// Go's server, like OpenSSL, answers a missing certificate with
			// handshake_failure during the handshake.
			if a.Name != "handshake_failure" || c.Failure.ClosedAfterFinished {
				t.Errorf("%s: alert %+v closed-after-finished %v", name, a, c.Failure.ClosedAfterFinished)
			}
		} else {
			// TLS 1.3: the verdict comes after our Finished.
			if a.Code != facts.AlertCertificateRequired || a.Name != "certificate_required" || !c.Failure.ClosedAfterFinished || c.Version != facts.VersionTLS13 {
				t.Errorf("%s: alert %+v closed-after-finished %v version %q", name, a, c.Failure.ClosedAfterFinished, c.Version)
			}
		}
		if len(f.Certs) != 2 {
			t.Errorf("%s: %d certs, the served chain must be kept on failure", name, len(f.Certs))
		}
		if c.Accepted != nil {
			t.Errorf("%s: retried after a certificate request: %+v", name, c.Accepted)
		}

		// With the client certificate the handshake completes.
		_, c = run(t, local(s), func(cfg *Config) {
			cfg.ClientCerts = []*x509Cert{pki.Client.X509}
			cfg.ClientKey = pki.Client.Key
		})
		wantDone(t, c)
		if !c.ClientCertReq || c.ClientCert != "CN=probetest client" {
			t.Errorf("%s with cert: requested %v sent %q", name, c.ClientCertReq, c.ClientCert)
		}

		// A certificate from another CA is rejected.
		other := certgen.ClientLeaf("stranger", certgen.Root("Other CA"))
		_, c = run(t, local(s), func(cfg *Config) {
			cfg.ClientCerts = []*x509Cert{other.X509}
			cfg.ClientKey = other.Key
		})
		wantFailure(t, c, facts.FailAlert, facts.StageHandshake)
		if c.Failure.Alert == nil || c.Failure.Alert.Name != "unknown_ca" || c.ClientCert != "CN=stranger" ||
			c.Failure.ClosedAfterFinished != (v == tls.VersionTLS13) {
			t.Errorf("%s with a stranger's cert: alert %+v sent %q", name, c.Failure.Alert, c.ClientCert)
		}
		s.Close()
	}
}

func TestTLS10Only(t *testing.T) {
	t.Parallel()
	s := probetest.TLS10Only(t, probetest.NewPKI())
	f, c := run(t, local(s), nil)
	wantDone(t, c)
	if c.Version != facts.VersionTLS10 || c.OfferedMax != facts.VersionTLS13 || len(f.Certs) != 2 {
		t.Errorf("version %q offered %q certs %d", c.Version, c.OfferedMax, len(f.Certs))
	}
}

func TestRetryFindsLegacySuite(t *testing.T) {
	t.Parallel()
	// Only RC4, which the first offer leaves out: handshake_failure, then
	// the broad retry finds what the server accepts.
	s := probetest.TLS(t, probetest.TLSOptions{MaxVersion: tls.VersionTLS12, MinVersion: tls.VersionTLS10,
		CipherSuites: []uint16{tls.TLS_RSA_WITH_RC4_128_SHA}})
	f, c := run(t, local(s), nil)
	wantFailure(t, c, facts.FailAlert, facts.StageHandshake)
	if c.Failure.Alert == nil || c.Failure.Alert.Name != "handshake_failure" {
		t.Fatalf("alert %+v", c.Failure.Alert)
	}
	if c.Accepted == nil {
		t.Fatal("no retry recorded")
	}
	if !slices.Equal(c.Accepted.Versions, []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS11, facts.VersionTLS10}) || !slices.Equal(c.Accepted.Suites, []string{"TLS_RSA_WITH_RC4_128_SHA"}) {
		t.Errorf("accepted = %+v", *c.Accepted)
	}
	if len(f.Certs) != 2 {
		t.Errorf("%d certs: the retry's chain should be kept when the first handshake had none", len(f.Certs))
	}

	_, c = run(t, local(s), func(cfg *Config) { cfg.SkipRetry = true })
	if c.Accepted != nil {
		t.Errorf("SkipRetry still retried: %+v", c.Accepted)
	}
}

func TestStartTLSPreambleRecords(t *testing.T) {
	t.Parallel()
	s := probetest.StartTLS(t, "smtp", probetest.TLSOptions{}, false)
	_, c := run(t, "smtp://127.0.0.1:"+strconv.Itoa(s.Port), nil)
	wantDone(t, c)
	if c.Preamble["banner"] != "220 probetest ESMTP ready" || c.Preamble["starttls_offered"] != "true" || !strings.Contains(c.Preamble["ehlo"], "STARTTLS") {
		t.Errorf("preamble %v", c.Preamble)
	}
	// SMTP expected, but the port speaks TLS at once: the banner never comes.
	tlsOnly := probetest.TLS(t, probetest.TLSOptions{})
	_, c = run(t, "smtp://127.0.0.1:"+strconv.Itoa(tlsOnly.Port), func(cfg *Config) { cfg.HandshakeTimeout = 500 * time.Millisecond })
	wantFailure(t, c, facts.FailTimeout, facts.StagePreamble)
	if !strings.Contains(c.Failure.Message, "smtps://") {
		t.Errorf("message %q should suggest implicit TLS", c.Failure.Message)
	}
}

func TestNATS(t *testing.T) {
	t.Parallel()
	s := probetest.NATS(t, probetest.NATSOptions{TLSRequired: true})
	_, c := run(t, "nats://127.0.0.1:"+strconv.Itoa(s.Port), func(cfg *Config) { cfg.AppCheck = true })
	wantDone(t, c)
	if c.StartTLS != "nats" || c.Preamble["tls_required"] != "true" || c.Preamble["server_id"] != "NPROBETEST" || c.Preamble["version"] != "2.10.0" || c.Preamble["max_payload"] != "1048576" {
		t.Errorf("starttls %q preamble %v", c.StartTLS, c.Preamble)
	}
	if n := c.NATS; n == nil || n.ServerID != "NPROBETEST" || n.Version != "2.10.0" || !n.TLSRequired || n.TLSAvailable || n.MaxPayload != 1048576 || n.HandshakeFirst {
		t.Errorf("NATS info %+v", n)
	}
	if c.App == nil || c.App.Protocol != "nats" || !c.App.OK || c.App.Detail != "PONG" || c.Stage != facts.StageApp {
		t.Errorf("app %+v stage %q", c.App, c.Stage)
	}

	// tls_available only (allow_non_tls): TLS is still possible.
	s = probetest.NATS(t, probetest.NATSOptions{TLSAvailable: true})
	_, c = run(t, "nats://127.0.0.1:"+strconv.Itoa(s.Port), nil)
	wantDone(t, c)
	if c.Preamble["tls_available"] != "true" || c.NATS == nil || !c.NATS.TLSAvailable || c.NATS.TLSRequired {
		t.Errorf("preamble %v NATS info %+v", c.Preamble, c.NATS)
	}

	// Authorization required: the application check reports the -ERR.
	s = probetest.NATS(t, probetest.NATSOptions{TLSRequired: true, AuthRequired: true})
	_, c = run(t, "nats://127.0.0.1:"+strconv.Itoa(s.Port), func(cfg *Config) { cfg.AppCheck = true })
	if c.App == nil || c.App.OK || !strings.Contains(c.App.Detail, "Authorization Violation") {
		t.Errorf("app %+v", c.App)
	}
}

func TestNATSWithoutTLS(t *testing.T) {
	t.Parallel()
	s := probetest.NATS(t, probetest.NATSOptions{})
	_, c := run(t, "nats://127.0.0.1:"+strconv.Itoa(s.Port), nil)
	wantFailure(t, c, facts.FailPlaintext, facts.StagePreamble)
	if c.Plaintext == nil || c.Plaintext.Kind != facts.PlaintextNATSInfo || !strings.HasPrefix(c.Plaintext.First, "INFO {") {
		t.Errorf("plaintext %+v", c.Plaintext)
	}
	if c.NATS == nil || c.NATS.ServerID != "NPROBETEST" || c.NATS.OffersTLS() {
		t.Errorf("NATS info %+v", c.NATS)
	}
	// Probed as plain TLS, the INFO line is what comes back.
	_, c = run(t, local(s), nil)
	wantFailure(t, c, facts.FailPlaintext, facts.StageHandshake)
	if c.Plaintext == nil || c.Plaintext.Kind != facts.PlaintextNATSInfo {
		t.Errorf("plaintext %+v", c.Plaintext)
	}
	if c.NATS == nil || c.NATS.ServerID != "NPROBETEST" || c.NATS.OffersTLS() {
		t.Errorf("NATS info of the greeting %+v", c.NATS)
	}
}

func TestNATSHandshakeFirst(t *testing.T) {
	t.Parallel()
	s := probetest.NATS(t, probetest.NATSOptions{TLSRequired: true, HandshakeFirst: true})
	f, c := run(t, "nats://localhost:"+strconv.Itoa(s.Port), func(cfg *Config) { cfg.AppCheck = true })
	wantDone(t, c)
	if !strings.HasPrefix(c.Preamble["info"], "none") || len(f.Certs) != 2 {
		t.Errorf("preamble %v certs %d", c.Preamble, len(f.Certs))
	}
	if c.NATS == nil || !c.NATS.HandshakeFirst || c.NATS.ServerID != "" {
		t.Errorf("NATS info %+v", c.NATS)
	}
	if c.App == nil || !c.App.OK || c.App.Detail != "PONG" {
		t.Errorf("app %+v", c.App)
	}
	if c.NoSNI == nil || c.NoSNI.Failed {
		t.Errorf("no-SNI handshake %+v", c.NoSNI)
	}
}

func TestAppChecks(t *testing.T) {
	t.Parallel()
	mq := probetest.TLS(t, probetest.TLSOptions{App: "mqtt", ConnackCode: 5})
	_, c := run(t, "mqtts://127.0.0.1:"+strconv.Itoa(mq.Port), func(cfg *Config) { cfg.AppCheck = true })
	if c.App == nil || c.App.Protocol != "mqtt" || c.App.OK || c.App.Detail != "CONNACK 0x05 not authorized" {
		t.Errorf("mqtt app %+v", c.App)
	}
	ok := probetest.TLS(t, probetest.TLSOptions{App: "mqtt"})
	_, c = run(t, "mqtts://127.0.0.1:"+strconv.Itoa(ok.Port), func(cfg *Config) { cfg.AppCheck = true })
	if c.App == nil || !c.App.OK || c.App.Detail != "CONNACK 0x00 accepted" {
		t.Errorf("mqtt app %+v", c.App)
	}
	web := probetest.TLS(t, probetest.TLSOptions{})
	_, c = run(t, "wss://127.0.0.1:"+strconv.Itoa(web.Port)+"/mqtt", func(cfg *Config) { cfg.AppCheck = true })
	if c.App == nil || c.App.Protocol != "wss" || !c.App.OK || !strings.Contains(c.App.Detail, "101") {
		t.Errorf("wss app %+v", c.App)
	}
	_, c = run(t, "https://127.0.0.1:"+strconv.Itoa(web.Port), func(cfg *Config) { cfg.AppCheck = true })
	if c.App == nil || c.App.Protocol != "https" || !c.App.OK || c.App.Detail != "HTTP/1.1 200 OK" {
		t.Errorf("https app %+v", c.App)
	}
	// Without --app-check nothing is sent.
	_, c = run(t, "https://127.0.0.1:"+strconv.Itoa(web.Port), nil)
	if c.App != nil || c.Stage != facts.StageDone {
		t.Errorf("app %+v stage %q without AppCheck", c.App, c.Stage)
	}
	// An MQTT server that is silent after the handshake: bounded by the timeout.
	mute := probetest.TLS(t, probetest.TLSOptions{App: "none"})
	_, c = run(t, "mqtts://127.0.0.1:"+strconv.Itoa(mute.Port), func(cfg *Config) { cfg.AppCheck = true; cfg.HandshakeTimeout = 500 * time.Millisecond })
	if c.App == nil || c.App.OK || !strings.Contains(c.App.Detail, "timed out") {
		t.Errorf("silent mqtt app %+v", c.App)
	}
}

func TestProbeErrors(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	bad := []Config{
		{Target: "gopher://x"},
		{Target: "example.com", StartTLS: "telnet"},
		{Target: "example.com", IPVersion: 5},
		{Target: "example.com", ClientCerts: []*x509Cert{pki.Client.X509}},
		{Target: "example.com", ClientKey: pki.Client.Key},
	}
	for _, cfg := range bad {
		if f, err := Probe(context.Background(), cfg); err == nil {
			t.Errorf("Probe(%+v) = %+v, want an error", cfg, f.Connection)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	s := probetest.Silent(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	f, err := Probe(ctx, Config{Target: local(s), HandshakeTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	wantFailure(t, f.Connection, facts.FailTimeout, facts.StageHandshake)
}

type x509Cert = x509.Certificate

// TestProbeCompression: a server that picks DEFLATE when offered it is
// recorded as compressing; an ordinary one as "none". After a TLS 1.3
// handshake (no compression there) no compression probe is made: "" says
// it was not tested.
func TestProbeCompression(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	tls12 := probetest.TLSOptions{Chain: pki.ServedChain(), MaxVersion: tls.VersionTLS12}
	for _, tc := range []struct {
		srv  *probetest.Server
		want string
	}{
		{probetest.Compressing(t, tls12), "deflate"},
		{probetest.TLS(t, tls12), "none"},
		{probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain()}), ""},
	} {
		f, err := Probe(context.Background(), Config{Target: tc.srv.Addr, ConnectTimeout: 2 * time.Second, HandshakeTimeout: 2 * time.Second, SkipNoSNI: true})
		if err != nil {
			t.Fatal(err)
		}
		c := f.Connection
		if c.Stage != facts.StageDone || c.Compression != tc.want {
			t.Errorf("%s: stage %s compression %q, want done and %q", tc.srv.Addr, c.Stage, c.Compression, tc.want)
		}
	}
}

// TestCancelDuringPreamble: cancelling the context ends a probe at any
// stage, whatever deadline the preamble or the handshake sets after the
// cancellation (a NATS INFO wait cut short looked like handshake_first and
// the handshake then ran to its timeout). A hang guard, not a speed test:
// the bound is far above the cancellation and far below the handshake
// timeout.
func TestCancelDuringPreamble(t *testing.T) {
	t.Parallel()
	const handshakeTimeout, bound = 30 * time.Second, 3 * time.Second
	protocols := append([]string{""}, StartTLSProtocols...)
	for _, proto := range protocols {
		name := proto
		if name == "" {
			name = "tls"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := probetest.Silent(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(100*time.Millisecond, cancel)
			type result struct {
				f   *facts.Facts
				err error
			}
			done := make(chan result, 1)
			go func() {
				f, err := Probe(ctx, Config{Target: local(s), StartTLS: proto, ConnectTimeout: handshakeTimeout, HandshakeTimeout: handshakeTimeout, SkipNoSNI: true, SkipRetry: true})
				done <- result{f, err}
			}()
			select {
			case r := <-done:
				if r.err != nil {
					t.Fatal(r.err)
				}
				if f := r.f; f.Connection.Stage.Completed() {
					t.Errorf("a cancelled probe of a silent server completed: %+v", f.Connection)
				}
			case <-time.After(bound):
				t.Fatalf("Probe still running %s after its context was cancelled (handshake timeout %s)", bound, handshakeTimeout)
			}
		})
	}
}

// TestCancelConnKeepsDeadlineExpired: once its context is done, a deadline
// set on the connection cannot revive it.
func TestCancelConnKeepsDeadlineExpired(t *testing.T) {
	t.Parallel()
	client, server := net.Pipe()
	defer server.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, stop := watch(ctx, client)
	defer stop()
	defer c.Close()
	if c.cancelled() {
		t.Fatal("cancelled before its context")
	}
	cancel()
	for !c.cancelled() {
		time.Sleep(time.Millisecond)
	}
	for _, set := range []func(time.Time) error{c.SetDeadline, c.SetReadDeadline, c.SetWriteDeadline} {
		set(time.Now().Add(time.Hour))
	}
	if _, err := c.Read(make([]byte, 1)); !isTimeout(err) {
		t.Errorf("Read after cancellation and a new deadline: %v, want a timeout", err)
	}
	if _, err := c.Write([]byte("x")); !isTimeout(err) {
		t.Errorf("Write after cancellation and a new deadline: %v, want a timeout", err)
	}
}

// TestAppCheckOutcomes: every way an application check ends has its typed
// outcome (issue 9, item 3), so that the checks can tell a refusal of our
// credentials from no answer and from a wrong one.
func TestAppCheckOutcomes(t *testing.T) {
	t.Parallel()
	quick := func(cfg *Config) { cfg.AppCheck = true; cfg.HandshakeTimeout = 500 * time.Millisecond }
	cases := []struct {
		name   string
		opts   probetest.TLSOptions
		scheme string
		want   facts.AppOutcome
	}{
		{"mqtt accepted", probetest.TLSOptions{App: "mqtt"}, "mqtts", facts.AppOK},
		{"mqtt bad password", probetest.TLSOptions{App: "mqtt", ConnackCode: 4}, "mqtts", facts.AppAuthRefused},
		{"mqtt not authorized", probetest.TLSOptions{App: "mqtt", ConnackCode: 5}, "mqtts", facts.AppAuthRefused},
		{"mqtt server unavailable", probetest.TLSOptions{App: "mqtt", ConnackCode: 3}, "mqtts", facts.AppFailed},
		{"mqtt no CONNACK", probetest.TLSOptions{App: "none"}, "mqtts", facts.AppNoAnswer},
		{"https silent", probetest.TLSOptions{App: "none"}, "https", facts.AppNoAnswer},
		{"https 401", probetest.TLSOptions{App: "http-status", Status: "401 Unauthorized"}, "https", facts.AppAuthRefused},
		{"https 403", probetest.TLSOptions{App: "http-status", Status: "403 Forbidden"}, "https", facts.AppAuthRefused},
		{"https 500", probetest.TLSOptions{App: "http-status", Status: "500 Internal Server Error"}, "https", facts.AppOK},
		{"wss wrong accept", probetest.TLSOptions{App: "wss-bad-accept"}, "wss", facts.AppFailed},
		{"wss 401", probetest.TLSOptions{App: "http-status", Status: "401 Unauthorized"}, "wss", facts.AppAuthRefused},
		{"wss ok", probetest.TLSOptions{}, "wss", facts.AppOK},
		{"nats authorization violation", probetest.TLSOptions{App: "nats-auth"}, "nats", facts.AppAuthRefused},
		{"no check for the target", probetest.TLSOptions{}, "tls", facts.AppNotApplicable},
	}
	for _, tc := range cases {
		s := probetest.TLS(t, tc.opts)
		target := tc.scheme + "://127.0.0.1:" + strconv.Itoa(s.Port)
		_, c := run(t, target, quick)
		if c.App == nil || c.App.Outcome != tc.want || c.App.Kind() != tc.want || c.App.OK != (tc.want == facts.AppOK) {
			t.Errorf("%s: app %+v, want outcome %q", tc.name, c.App, tc.want)
		}
	}
}

// TestOverallTimeout: --timeout bounds the whole probe (issue 9, item 20):
// stages that each wait their own handshake timeout (the application
// check, the compression and no-SNI handshakes) share one deadline, and
// Timings.Total counts them all. The bounds are hang guards, four times
// the timeout, well below the sum of the stages' own timeouts.
func TestOverallTimeout(t *testing.T) {
	t.Parallel()
	quick := func(mod func(*Config)) func(*Config) {
		return func(cfg *Config) {
			cfg.HandshakeTimeout = 5 * time.Second
			cfg.Timeout = time.Second
			if mod != nil {
				mod(cfg)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		target func() string
		mod    func(*Config)
	}{
		{"silent", func() string { return probetest.Silent(t).Addr }, nil},
		{"slow", func() string { return probetest.Trickle(t).Addr }, nil},
		{"silent nats", func() string { return "nats://" + probetest.Silent(t).Addr }, nil},
		{"silent after the handshake, every stage", func() string {
			return "mqtts://" + probetest.SilentAfterFirst(t, probetest.TLSOptions{App: "none"}).Addr
		}, func(cfg *Config) { cfg.AppCheck = true }},
	} {
		target := tc.target()
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each waits out its own --timeout
			start := time.Now()
			_, c := run(t, target, quick(tc.mod))
			took := time.Since(start)
			if took > 4*time.Second {
				t.Errorf("the probe took %s with --timeout 1s (handshake timeout 5s)", took)
			}
			if c.Timings.Total < ms(900*time.Millisecond) || c.Timings.Total > ms(took)+1 {
				t.Errorf("Timings.Total %.0f ms, want the whole probe (%s)", c.Timings.Total, took)
			}
		})
	}
}

// TestExtrasSideBySide: the compression probe and the handshake without
// SNI are made at the same time (issue 9, Speed): the server answers them
// only when both are open at once, and drops either one left alone.
func TestExtrasSideBySide(t *testing.T) {
	t.Parallel()
	// TLS 1.2: after a TLS 1.3 handshake no compression probe is made.
	s, served := probetest.Together(t, probetest.TLSOptions{MaxVersion: tls.VersionTLS12}, 2)
	_, c := run(t, "localhost:"+strconv.Itoa(s.Port), nil)
	wantDone(t, c)
	if c.NoSNI == nil || c.NoSNI.Failed || c.NoSNI.Subject != "CN=localhost" {
		t.Errorf("no-SNI result %+v, want the certificate", c.NoSNI)
	}
	if got := served.Load(); got != 2 {
		t.Errorf("the server answered %d of the compression and no-SNI connections together, want 2", got)
	}
	if c.Compression != "none" {
		t.Errorf("compression %q, want none", c.Compression)
	}
}
