package probe

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// A TLS 1.3 server that accepts our client certificate and then closes
// with close_notify has not rejected us (issue 9, item 15).
func TestClientCertAcceptedThenCloseNotify(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	for _, tickets := range []bool{false, true} {
		s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), ClientAuth: tls.RequireAndVerifyClientCert,
			ClientCAs: []*certgen.Cert{pki.ClientCA}, App: "close", NoTickets: !tickets})
		_, c := run(t, local(s), func(cfg *Config) {
			cfg.ClientCerts = []*x509Cert{pki.Client.X509}
			cfg.ClientKey = pki.Client.Key
			cfg.SkipNoSNI = true
		})
		wantDone(t, c)
		want := facts.PostCloseNotify
		if tickets {
			want = facts.PostTicket
		}
		if c.Version != facts.VersionTLS13 || c.AfterHandshake != want {
			t.Errorf("tickets %v: version %s, after handshake %q, want %q", tickets, c.Version, c.AfterHandshake, want)
		}
		s.Close()
	}
}

// A server that says nothing after the handshake is waited for a few of its
// round trips, within the floor and the ceiling, not a fixed time.
func TestVerdictWaitBounds(t *testing.T) {
	t.Parallel()
	p := &prober{cfg: Config{HandshakeTimeout: 5e9}}
	for _, tc := range []struct{ rtt, want int64 }{{0, int64(verdictFloor)}, {1e6, int64(verdictFloor)}, {40e6, 160e6}, {900e6, int64(verdictCeiling)}} {
		a := &attempt{rec: &recordingConn{}}
		if tc.rtt > 0 {
			a.rec.sent = testNow
			a.rec.answered = testNow.Add(durationOf(tc.rtt))
		}
		if got := p.verdictWait(a); int64(got) != tc.want {
			t.Errorf("round trip %dns: wait %v, want %v", tc.rtt, got, durationOf(tc.want))
		}
	}
}

func durationOf(ns int64) time.Duration { return time.Duration(ns) }
