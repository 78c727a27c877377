// The legacy retry: after a refused offer, what the server does accept.

package probe

import (
	"context"
	"slices"
	"strings"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// legacySuites is the broad offer of the retries: every suite with an IANA
// name in the TLS 1.0-1.2 ranges (implemented ones first, so that a server
// honouring the client's order completes a handshake), without PSK, SRP and
// Kerberos suites, which need credentials.
var legacySuites = func() []uint16 {
	out := append([]uint16(nil), primarySuites[3:]...)
	out = append(out, ztls.TLS_RSA_WITH_RC4_128_SHA, ztls.TLS_ECDHE_RSA_WITH_RC4_128_SHA, ztls.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA)
	add := func(from, to uint16) {
		for id := from; id <= to; id++ {
			name := ztls.CipherSuiteID(id).String()
			if name == "unknown" || !strings.HasPrefix(name, "TLS_") || strings.Contains(name, "PSK") ||
				strings.Contains(name, "SRP") || strings.Contains(name, "KRB5") || strings.Contains(name, "SCSV") ||
				slices.Contains(out, id) {
				continue
			}
			out = append(out, id)
		}
	}
	add(0x0001, 0x00C5)
	add(0xC001, 0xC0AF)
	add(0xCCA8, 0xCCAA)
	return out
}()

// maxSuiteProbes bounds the suite enumeration of the retries.
const maxSuiteProbes = 8

// legacyScan offers TLS 1.2, 1.1 and 1.0 one at a time with every legacy
// suite, then enumerates a few suites at the highest accepted version. The
// ServerHello alone tells what the server picked, even when zcrypto cannot
// finish a handshake with that suite.
func (p *prober) legacyScan(ctx context.Context, sni string) (*facts.Accepted, [][]byte) {
	ctx, cancel := context.WithTimeout(ctx, 2*p.cfg.HandshakeTimeout+p.cfg.ConnectTimeout)
	defer cancel()
	acc := &facts.Accepted{}
	var chain [][]byte
	var best uint16
	seenSuites := map[uint16]bool{}
	try := func(v uint16, suites []uint16) (uint16, bool) {
		a := p.attempt(ctx, attemptSpec{sni: sni, minVersion: v, maxVersion: v, suites: suites})
		defer a.close()
		if len(chain) == 0 {
			chain = a.chain()
		}
		acc.Tries++
		if a.failure != nil && a.failure.Kind == facts.FailTimeout {
			acc.TimedOut++
		}
		if a.log == nil || a.log.ServerHello == nil || uint16(a.log.ServerHello.Version) != v {
			return 0, false
		}
		return uint16(a.log.ServerHello.CipherSuite), true
	}
	for _, v := range []uint16{ztls.VersionTLS12, ztls.VersionTLS11, ztls.VersionTLS10} {
		if ctx.Err() != nil {
			break
		}
		suite, ok := try(v, legacySuites)
		if !ok {
			continue
		}
		acc.Versions = append(acc.Versions, facts.TLSVersion(v))
		if best == 0 {
			best = v
		}
		if !seenSuites[suite] {
			seenSuites[suite] = true
			acc.Suites = append(acc.Suites, SuiteName(suite))
		}
	}
	if best != 0 {
		for i := 0; i < maxSuiteProbes && ctx.Err() == nil; i++ {
			var rest []uint16
			for _, id := range legacySuites {
				if !seenSuites[id] {
					rest = append(rest, id)
				}
			}
			suite, ok := try(best, rest)
			if !ok || seenSuites[suite] {
				break
			}
			seenSuites[suite] = true
			acc.Suites = append(acc.Suites, SuiteName(suite))
		}
	}
	return acc, chain
}

// retryWorthy: the server refused our offer (no shared version or suite),
// not a client certificate, and not because it is not a TLS server.
func (a *attempt) retryWorthy() bool {
	f := a.failure
	if f == nil || f.Stage != facts.StageHandshake || f.AfterCertificateRequest || a.plaintext != nil {
		return false
	}
	if f.Kind == facts.FailAlert && f.Alert != nil && f.Alert.Received {
		switch f.Alert.Code {
		case facts.AlertHandshakeFailure, facts.AlertProtocolVersion, facts.AlertInsufficientSecurity:
			return true
		}
		return false
	}
	// Some old servers just hang up on an offer they do not like.
	return (f.Kind == facts.FailEOF || f.Kind == facts.FailReset) && a.rec != nil && a.rec.total() == 0
}
