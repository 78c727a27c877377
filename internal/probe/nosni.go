// The second handshake, without SNI.

package probe

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// noSNI makes a second handshake without server_name and compares leaves.
// It is nil when the probe's deadline cut the handshake short: a timeout of
// our own says nothing about the server, and the compression probe beside
// it may have used up the time that, one after the other, would have left
// no-SNI unmade (nil) too.
func (p *prober) noSNI(ctx context.Context) *facts.NoSNIResult {
	a := p.attempt(ctx, attemptSpec{sni: ""})
	defer a.close()
	r := &facts.NoSNIResult{}
	chain := a.chain()
	if len(chain) == 0 {
		if a.cancelled() || ctx.Err() != nil {
			return nil
		}
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
