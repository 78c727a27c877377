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
