package probe

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// record copies what the primary attempt saw into the Connection.
func (p *prober) record(c *facts.Connection, a *attempt) {
	c.Stage = a.stage
	c.Address = p.addr
	c.Failure = a.failure
	c.Plaintext = a.plaintext
	if len(a.preamble) > 0 {
		c.Preamble = a.preamble
	}
	c.Timings = a.timings
	a.mu.Lock()
	c.ClientCertReq = a.certReq
	c.AcceptableCAs = a.acceptableCAs
	c.ClientCert = a.sentCert
	c.ClientCertIssuer = a.sentIssuer
	a.mu.Unlock()
	p.servedChain = a.chain()
	if a.tls == nil || a.log == nil {
		return
	}
	log := a.log
	sh := log.ServerHello
	if sh == nil {
		return
	}
	version := uint16(sh.Version)
	if sh.SupportedVersions != nil {
		version = uint16(sh.SupportedVersions.SelectedVersion)
	}
	c.Version = VersionName(version)
	c.CipherSuite = SuiteName(uint16(sh.CipherSuite))
	c.ALPN = sh.AlpnProtocol
	if a.failure == nil || a.failure.ClosedAfterFinished {
		st := a.tls.ConnectionState()
		c.ALPN = st.NegotiatedProtocol
		c.OCSPStapled = len(st.OCSPResponse) > 0
		c.SCTs = len(st.SignedCertificateTimestamps)
	}
	if c.SCTs == 0 {
		c.SCTs = len(sh.SignedCertificateTimestamps)
	}
	switch sh.CompressionMethod {
	case 0:
		c.Compression = "none"
	case 1:
		c.Compression = "deflate"
	default:
		c.Compression = fmt.Sprintf("method %d", sh.CompressionMethod)
	}
	c.SessionTicket = sh.TicketSupported || log.SessionTicket != nil
	if version < ztls.VersionTLS13 {
		// RFC 5746 3.6: the renegotiation_info extension (0xff01) in the
		// ServerHello. zcrypto's SecureRenegotiation flag needs a non-empty
		// value, which an initial handshake never has, so read the
		// extension list.
		secure := slices.Contains(sh.ExtensionIdentifiers, 0xff01) || sh.SecureRenegotiation
		c.SecureReneg = &secure
	}
	if sh.KeyShare != nil && sh.KeyShare.KeyExchange != nil {
		c.Group = GroupName(uint16(*sh.KeyShare.KeyExchange))
	}
	if ske := log.ServerKeyExchange; ske != nil {
		switch {
		case ske.ECDHParams != nil:
			c.Group = GroupName(uint16(ske.ECDHParams.TLSCurveID))
		case ske.DHParams != nil && ske.DHParams.Prime != nil:
			c.Group = "DH"
			c.DHBits = ske.DHParams.Prime.BitLen()
		}
	}
}

// noSNI makes a second handshake without server_name and compares leaves.
func (p *prober) noSNI(ctx context.Context) *facts.NoSNIResult {
	a := p.attempt(ctx, attemptSpec{sni: ""})
	defer a.close()
	r := &facts.NoSNIResult{}
	chain := a.chain()
	if len(chain) == 0 {
		r.Failed = true
		r.Error = "no certificate"
		if a.failure != nil {
			r.Error = a.failure.Message
		}
		return r
	}
	sum := sha256.Sum256(chain[0])
	r.Fingerprint = hex.EncodeToString(sum[:])
	if leaf, err := x509.ParseCertificate(chain[0]); err == nil {
		r.Subject = leaf.Subject.String()
	}
	r.Differs = len(p.servedChain) > 0 && !bytes.Equal(chain[0], p.servedChain[0])
	return r
}

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
		acc.Versions = append(acc.Versions, VersionName(v))
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
