package probe

import (
	"crypto/tls"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

func quick(cfg *Config) {
	cfg.HandshakeTimeout = 500 * time.Millisecond
	cfg.SkipRetry = true
}

// What came before a failure is recorded, record by record (issue 9, item 18).
func TestWireFacts(t *testing.T) {
	t.Parallel()
	sh := probetest.ServerHello12
	alert := func(level, desc byte) []byte { return []byte{0x15, 0x03, 0x03, 0x00, 0x02, level, desc} }
	cat := func(parts ...[]byte) []byte { return slices.Concat(parts...) }
	// A Certificate message whose header claims 10 MB.
	tenMB := []byte{0x16, 0x03, 0x03, 0x00, 0x04, 0x0b, 0x98, 0x96, 0x80}

	t.Run("ServerHello then a stall", func(t *testing.T) {
		_, c := run(t, local(probetest.Scripted(t, sh, false)), quick)
		wantFailure(t, c, facts.FailTimeout, facts.StageHandshake)
		w := c.Failure.Wire
		if w == nil || w.Bytes != len(sh) || w.Records != 1 || !w.Saw(facts.HandshakeServerHello) || w.PeerClosed {
			t.Errorf("wire %+v", w)
		}
	})
	t.Run("Certificate claimed at 10 MB", func(t *testing.T) {
		_, c := run(t, local(probetest.Scripted(t, cat(sh, tenMB), false)), quick)
		wantFailure(t, c, facts.FailOversized, facts.StageHandshake)
		w := c.Failure.Wire
		if w == nil || w.Partial == nil || w.Partial.Type != facts.HandshakeCertificate || w.Partial.Claimed != 10_000_000 || w.Partial.Received != 0 {
			t.Errorf("wire %+v", w)
		}
	})
	t.Run("close_notify", func(t *testing.T) {
		_, c := run(t, local(probetest.Scripted(t, cat(sh, alert(1, 0)), true)), quick)
		wantFailure(t, c, facts.FailEOF, facts.StageHandshake)
		if w := c.Failure.Wire; w == nil || !w.CloseNotify || w.LastRecord != facts.RecordAlert {
			t.Errorf("wire %+v", w)
		}
	})
	t.Run("warning alert then close", func(t *testing.T) {
		_, c := run(t, local(probetest.Scripted(t, cat(sh, alert(1, 90)), true)), quick)
		wantFailure(t, c, facts.FailEOF, facts.StageHandshake)
		if w := c.Failure.Wire; w == nil || w.CloseNotify || !slices.Equal(w.Warnings, []facts.AlertCode{facts.AlertUserCanceled}) || !w.PeerClosed {
			t.Errorf("wire %+v", w)
		}
	})
	t.Run("silent", func(t *testing.T) {
		_, c := run(t, local(probetest.Silent(t)), quick)
		wantFailure(t, c, facts.FailTimeout, facts.StageHandshake)
		if w := c.Failure.Wire; w == nil || w.Bytes != 0 || w.Records != 0 {
			t.Errorf("wire %+v", w)
		}
	})
}

// A Certificate message over zcrypto's 64 KiB still yields the served
// chain, read from the recorded bytes (issue 9, item 16).
func TestOversizedChainIsRead(t *testing.T) {
	t.Parallel()
	parent := certgen.Root("Big Root")
	var cas []*certgen.Cert
	for i := range 90 {
		parent = certgen.Intermediate(fmt.Sprintf("Big Intermediate %d", i), parent)
		cas = append([]*certgen.Cert{parent}, cas...)
	}
	chain := append([]*certgen.Cert{certgen.Leaf("localhost", parent, certgen.IP("127.0.0.1"))}, cas...)
	for _, max := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		s := probetest.TLS(t, probetest.TLSOptions{Chain: chain, MaxVersion: max})
		f, c := run(t, local(s), func(cfg *Config) { cfg.SkipNoSNI = true })
		wantFailure(t, c, facts.FailOversized, facts.StageHandshake)
		if len(f.Certs) != len(chain) || f.Certs[0].X509 == nil || f.Certs[0].X509.Subject.CommonName != "localhost" {
			t.Errorf("max %x: %d certificates read, want %d", max, len(f.Certs), len(chain))
		}
		s.Close()
	}
}
