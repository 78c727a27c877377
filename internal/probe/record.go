// Recording into facts: what the primary attempt saw becomes facts.Connection.

package probe

import (
	"slices"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// record copies what the primary attempt saw into the Connection.
func (p *prober) record(c *facts.Connection, a *attempt) {
	c.Stage = a.stage
	c.Address = p.addr
	c.Failure = a.failure
	c.Plaintext = a.plaintext
	c.NATS = a.nats
	if len(a.preamble) > 0 {
		c.Preamble = a.preamble
	}
	c.Timings = a.timings
	a.mu.Lock()
	c.ClientCertReq = a.certReq
	c.AcceptableCAs = a.acceptableCAs
	c.ClientCert = a.sentCert
	c.ClientCertIssuer = a.sentIssuer
	c.AfterHandshake = a.afterHandshake
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
	c.Version = facts.TLSVersion(version)
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
	c.Compression = compressionName(byte(sh.CompressionMethod))
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
