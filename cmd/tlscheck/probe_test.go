package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// probeAt runs `tlscheck probe --format json` at testNow, when the
// probetest certificates are valid.
func probeAt(t *testing.T, args ...string) (result, *jsonReport) {
	t.Helper()
	r := tlscheck(t, append([]string{"probe", "--format", "json", liveBudget}, args...)...)
	if r.code == exitCannot {
		t.Fatalf("probe could not run: %s", r)
	}
	return r, parseReport(t, r)
}

// finding returns the first finding with the ID.
func (rep *jsonReport) finding(id string) *jsonFinding {
	for i := range rep.Findings {
		if rep.Findings[i].ID == id {
			return &rep.Findings[i]
		}
	}
	return nil
}

var silentWait = regexp.MustCompile(`sent nothing within [0-9.]+m?s`)

func TestProbeOddServers(t *testing.T) {
	t.Parallel()
	t.Run("refused", func(t *testing.T) {
		r, rep := probeAt(t, probetest.Refused(t))
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.connect-failed": "error"})
		if f := rep.finding("tls.connect-failed"); f == nil || !strings.Contains(f.Message, "refused") || f.Evidence["address"] == "" {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("silent", func(t *testing.T) {
		s := probetest.Silent(t)
		r, rep := probeAt(t, "--handshake-timeout", "1s", s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error"})
		// The message gives the wait as measured: 1s, or a little more on a
		// loaded machine; a test never fails on wall-clock time.
		if f := rep.finding("tls.handshake-failed"); f == nil || !silentWait.MatchString(f.Message) || !strings.Contains(f.Fix, "--starttls smtp") {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		s := probetest.Garbage(t)
		r, rep := probeAt(t, s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error"})
		if f := rep.finding("tls.handshake-failed"); f == nil || !strings.Contains(f.Message, "not TLS") {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("reset mid-handshake", func(t *testing.T) {
		s := probetest.ResetMidHandshake(t)
		r, rep := probeAt(t, s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error"})
	})
	t.Run("trickle", func(t *testing.T) {
		s := probetest.Trickle(t)
		r, rep := probeAt(t, "--handshake-timeout", "1500ms", s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error"})
	})
	t.Run("plaintext HTTP", func(t *testing.T) {
		s := probetest.PlainHTTP(t)
		r, rep := probeAt(t, s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.plaintext": "error"})
		if f := rep.finding("tls.plaintext"); f == nil || f.Evidence["protocol"] != "http" || !strings.Contains(f.Fix, "https://") {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("SMTP banner", func(t *testing.T) {
		s := probetest.Banner(t, "220 mail.example.test ESMTP\r\n")
		r, rep := probeAt(t, s.Addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.plaintext": "error"})
		if f := rep.finding("tls.plaintext"); f == nil || !strings.Contains(f.Fix, "--starttls smtp") {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("TLS compression", func(t *testing.T) {
		pki := probetest.NewPKI()
		// TLS 1.2: a probe that negotiates TLS 1.3 makes no compression probe.
		s := probetest.Compressing(t, probetest.TLSOptions{Chain: pki.ServedChain(), MaxVersion: tls.VersionTLS12})
		r, rep := probeAt(t, s.Addr)
		if r.code != exitFindings {
			t.Errorf("exit %d, want 1", r.code)
		}
		wantFindings(t, rep, map[string]string{"tls.compression": "error"})
		if f := rep.finding("tls.compression"); f == nil || !strings.Contains(f.Message+f.Fix, "CRIME") && !strings.Contains(f.Message+f.Fix, "compression") {
			t.Errorf("finding: %+v", f)
		}
	})
	t.Run("chain over 64 KiB", func(t *testing.T) {
		// 90 RSA intermediates: a Certificate message of about 80 KiB, more
		// than Go's crypto/tls (and zcrypto) accept.
		parent := certgen.Root("Big Root")
		var chain []*certgen.Cert
		for i := range 90 {
			parent = certgen.Intermediate(fmt.Sprintf("Big Intermediate %d", i), parent)
			chain = append([]*certgen.Cert{parent}, chain...)
		}
		leaf := certgen.Leaf("localhost", parent, certgen.IP("127.0.0.1"))
		s := probetest.TLS(t, probetest.TLSOptions{Chain: append([]*certgen.Cert{leaf}, chain...)})
		r, rep := probeAt(t, s.Addr)
		// The chain is read from the recorded bytes and checked anyway:
		// its root, not served, is unknown.
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error", "chain.missing-intermediate": "error"})
		if f := rep.finding("tls.handshake-failed"); f == nil || !strings.Contains(f.Message, "Certificate message") || f.Evidence["cause"] != "chain-too-large" ||
			!strings.Contains(f.Message, "Go's crypto/tls 256 KiB") {
			t.Errorf("finding: %+v", f)
		}
		if len(rep.Certificates) != 91 {
			t.Errorf("%d certificates in the report, want the 91 served", len(rep.Certificates))
		}
	})
	t.Run("100-certificate chain", func(t *testing.T) {
		chain := probetest.LongChain(100)
		s := probetest.TLS(t, probetest.TLSOptions{Chain: chain})
		r, rep := probeAt(t, s.Addr)
		if r.code != exitFindings {
			t.Errorf("exit %d, want 1", r.code)
		}
		wantFindings(t, rep, map[string]string{"chain.missing-intermediate": "error"})
		if len(rep.Certificates) < 100 {
			t.Errorf("%d certificates in the report, want the 100 served", len(rep.Certificates))
		}
		if t.Failed() {
			for i, f := range rep.atLeastWarning() {
				if i < 5 {
					t.Logf("%s %s: %s", f.Severity, f.ID, f.Message)
				}
			}
		}
	})
}

// TestProbeSlowHandshake delays the server's first flight by 700 ms through
// a proxy: the handshake cannot take less, so the default 500 ms budget is
// exceeded whatever the machine's speed, and a 60 s budget is not.
func TestProbeSlowHandshake(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	backend := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain()})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b, err := net.Dial("tcp", backend.Addr)
				if err != nil {
					return
				}
				defer b.Close()
				go io.Copy(b, c)
				time.Sleep(700 * time.Millisecond)
				io.Copy(c, b)
			}()
		}
	}()
	ca := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	r := tlscheck(t, "probe", "--format", "json", "--ca", ca, ln.Addr().String())
	rep := parseReport(t, r)
	expectProbe(t, r, rep, exitOK, map[string]string{"tls.slow-handshake": "warning"})
	if f := rep.finding("tls.slow-handshake"); f == nil || f.Evidence["budget"] != "500 ms" {
		t.Errorf("finding: %+v", f)
	}
	r = tlscheck(t, "probe", "--format", "json", "--handshake-budget", "60s", "--fail-on", "warning", "--ca", ca, ln.Addr().String())
	if rep := parseReport(t, r); rep.finding("tls.slow-handshake") != nil || r.code != exitOK {
		t.Errorf("a 60 s budget: %s", r)
	}
}

// TestProbeClientCertRejectedTLS12: TLS 1.2 servers reject an unknown
// client certificate inside the handshake; the finding names our
// certificate's issuer beside the CAs the server accepts.
func TestProbeClientCertRejectedTLS12(t *testing.T) {
	pki := probetest.NewPKI()
	s := probetest.ClientCertRequired(t, pki, tls.VersionTLS12)
	dir := t.TempDir()
	ca := writeFile(t, filepath.Join(dir, "root.pem"), pki.Root.PEM(), 0o644)
	stranger := certgen.ClientLeaf("stranger", certgen.Root("Stranger CA"))
	cert := writeFile(t, filepath.Join(dir, "c.pem"), stranger.PEM(), 0o644)
	key := writeFile(t, filepath.Join(dir, "c.key"), stranger.KeyPEM(), 0o600)
	r, rep := probeAt(t, "--ca", ca, "--cert", cert, "--key", key, s.Addr)
	expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-rejected": "error", "tls.client-cert-required": "info"})
	if f := rep.finding("tls.client-cert-rejected"); f == nil || !strings.Contains(f.Message, "Probetest Client CA") {
		t.Errorf("the acceptable CAs are not named: %+v", f)
	} else if !strings.Contains(f.Message, "Stranger CA") || f.Evidence["client_cert_issuer"] != "CN=Stranger CA" {
		t.Errorf("our certificate's issuer is not named: %+v", f)
	}
}

func TestProbeFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"probe"}, "probe needs a target"},
		{[]string{"probe", "a:1", "b:2"}, "probe takes one target"},
		{[]string{"probe", "--format", "yaml", "x:1"}, "unknown --format"},
		{[]string{"probe", "--fail-on", "critical", "x:1"}, "unknown --fail-on"},
		{[]string{"probe", "-4", "-6", "x:1"}, "exclude each other"},
		{[]string{"probe", "--no-sni", "--servername", "a", "x:1"}, "exclude each other"},
		{[]string{"probe", "--handshake-timeout", "soon", "x:1"}, "handshake-timeout"},
		{[]string{"probe", "--key", "k.pem", "x:1"}, "--key needs --cert"},
		{[]string{"probe", "--ca", "/nonexistent/ca.pem", "x:1"}, "/nonexistent/ca.pem"},
		{[]string{"probe", "gopher://x"}, "tlscheck: error:"},
		{[]string{"probe", "["}, "invalid host"},
		{[]string{"probe", "https://[/"}, "tlscheck: error:"},
		{[]string{"probe", "--at", "tomorrow", "x:1"}, "--at"},
	} {
		r := tlscheck(t, tc.args...)
		if r.code != exitCannot || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: want exit 2 and %q, got %s", tc.args, tc.want, r)
		}
	}
	// A negative duration is refused as such, not taken for a flag (-1 is
	// no "-4").
	for _, args := range [][]string{
		{"probe", "--handshake-timeout", "-1", "x:1"},
		{"probe", "--connect-timeout=-2s", "x:1"},
		{"probe", "--timeout", "-1s", "x:1"},
	} {
		r := tlscheck(t, args...)
		if r.code != exitCannot || !strings.Contains(r.stderr, "a duration must be positive") || strings.Contains(r.stderr, "did you mean") {
			t.Errorf("%v: want exit 2 and a clear refusal, got %s", args, r)
		}
	}
	r := tlscheck(t, "probe", "-h")
	if r.code != exitOK || !strings.Contains(r.stdout, "tlscheck probe [flags] TARGET") {
		t.Errorf("probe -h: %s", r)
	}
	r = tlscheck(t, "help", "probe")
	if r.code != exitOK || !strings.Contains(r.stdout, "--handshake-budget") {
		t.Errorf("help probe: %s", r)
	}
	if _, err := os.Stat("k.pem"); err == nil {
		t.Fatal("test assumes no k.pem in the package directory")
	}
}

// TestProbeAppCheckVerdict: a failed --app-check changes the verdict (issue
// 9, item 3): no answer or a wrong one is tls.app-check-failed, a refusal of
// our credentials tls.app-auth-refused, both errors; a target without an
// application check says "not applicable", not FAILED.
func TestProbeAppCheckVerdict(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	ca := writeFile(t, filepath.Join(t.TempDir(), "root.pem"), pki.Root.PEM(), 0o644)
	for _, tc := range []struct {
		name   string
		opts   probetest.TLSOptions
		scheme string
		want   string
	}{
		{"mqtt without CONNACK", probetest.TLSOptions{App: "none"}, "mqtts", "tls.app-check-failed"},
		{"mqtt not authorized", probetest.TLSOptions{App: "mqtt", ConnackCode: 5}, "mqtts", "tls.app-auth-refused"},
		{"https without an answer", probetest.TLSOptions{App: "none"}, "https", "tls.app-check-failed"},
		{"wss with a wrong Sec-WebSocket-Accept", probetest.TLSOptions{App: "wss-bad-accept"}, "wss", "tls.app-check-failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Chain = pki.ServedChain()
			s := probetest.TLS(t, tc.opts)
			r, rep := probeAt(t, "--ca", ca, "--handshake-timeout", "1s", "--app-check", tc.scheme+"://"+s.Addr)
			expectProbe(t, r, rep, exitFindings, map[string]string{tc.want: "error"})
		})
	}
	t.Run("no application check for the target", func(t *testing.T) {
		s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain()})
		r := tlscheck(t, "probe", liveBudget, "--ca", ca, "--app-check", "tls://"+s.Addr)
		if r.code != exitOK || !strings.Contains(r.stdout, "application check: not applicable: ") || strings.Contains(r.stdout, "FAILED") {
			t.Errorf("want exit 0 and 'not applicable', got %s", r)
		}
	})
}

// TestProbeTimeout: --timeout bounds the whole probe (issue 9, item 20); the
// bound checked is a hang guard, far below the handshake timeout the
// silent server would otherwise use up.
func TestProbeTimeout(t *testing.T) {
	t.Parallel()
	s := probetest.Silent(t)
	start := time.Now()
	r, rep := probeAt(t, "--timeout", "1s", "--handshake-timeout", "30s", s.Addr)
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("probe --timeout 1s took %s", took)
	}
	expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error"})
	if f := rep.finding("tls.handshake-failed"); f == nil || !strings.Contains(f.Message, "sent nothing") {
		t.Errorf("finding: %+v", f)
	}
	if h := tlscheck(t, "help", "probe"); !strings.Contains(h.stdout, "--timeout D") {
		t.Errorf("help probe does not list --timeout:\n%s", h.stdout)
	}
	if r := tlscheck(t, "probe", "--timeout", "0", s.Addr); r.code != exitCannot || !strings.Contains(r.stderr, "timeout") {
		t.Errorf("--timeout 0: %s", r)
	}
}

// TestProbeRedactsUserinfo: a password in the target URL appears in no
// format, not in the -v line, not in an error (issue 9, item 23).
func TestProbeRedactsUserinfo(t *testing.T) {
	pki := probetest.NewPKI()
	s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain()})
	target := "https://alice:hunter2secret@" + s.Addr + "/"
	for _, args := range [][]string{
		{"--format", "text", "-v"},
		{"--format", "json"},
		{"--format", "sarif"},
	} {
		r := tlscheck(t, append(append([]string{"probe", liveBudget}, args...), target)...)
		if r.code == exitCannot {
			t.Fatalf("%v: could not run: %s", args, r)
		}
		if strings.Contains(r.stdout+r.stderr, "hunter2secret") || strings.Contains(r.stdout+r.stderr, "alice") {
			t.Errorf("%v: the userinfo is printed:\n%s", args, r)
		}
		if args[1] != "sarif" && !strings.Contains(r.stdout+r.stderr, "https://redacted@"+s.Addr) {
			t.Errorf("%v: the redacted target is not named:\n%s", args, r)
		}
	}
	for _, args := range [][]string{
		{"probe", "https://alice:hunter2secret@host%zz/"},
		{"probe", "gopher://alice:hunter2secret@host/"},
		{"probe", "https://alice:hunter2secret@a/", "b:443"},
	} {
		r := tlscheck(t, args...)
		if r.code != exitCannot || strings.Contains(r.stderr+r.stdout, "hunter2secret") {
			t.Errorf("%v: want exit 2 without the password, got %s", args, r)
		}
	}
}
