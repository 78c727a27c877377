// Package bench measures tlscheck's throughput on real certificates: the
// x509-limbo corpus (../shared/corpora/x509-limbo beside the repository, not
// part of it), run through the full check engine and, side by side, through
// zlint alone.
package bench

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"runtime"

	zx509 "github.com/zmap/zcrypto/x509"

	limbocorpus "github.com/tlscheck/tlscheck/internal/corpus"
	"github.com/tlscheck/tlscheck/internal/workpool"
)

// Cert is one distinct certificate of the corpus.
type Cert struct {
	PEM []byte // one CERTIFICATE block
	DER []byte
	// GoParses and ZParses say whether crypto/x509 and zcrypto parse it; at
	// least one does.
	GoParses bool
	ZParses  bool
}

// CorpusEnv names an environment variable that overrides the corpus path.
const CorpusEnv = limbocorpus.Env

// CorpusPath finds limbo.json.gz (or limbo.json): $TLSCHECK_LIMBO, else
// ../shared/corpora/x509-limbo/ beside the module root. The error says where
// to get the corpus.
func CorpusPath() (string, error) { return limbocorpus.Limbo() }

// limbo is the part of the x509-limbo schema we read.
type limbo struct {
	Testcases []struct {
		PeerCertificate        string   `json:"peer_certificate"`
		UntrustedIntermediates []string `json:"untrusted_intermediates"`
		TrustedCerts           []string `json:"trusted_certs"`
	} `json:"testcases"`
}

// LoadCorpus reads every certificate of limbo.json.gz (peer certificates,
// intermediates and trust anchors), drops duplicates (same DER) and those
// neither crypto/x509 nor zcrypto can parse, and returns them in corpus order.
func LoadCorpus(path string) ([]Cert, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	br := bufio.NewReader(fh)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	var l limbo
	if err := json.NewDecoder(r).Decode(&l); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// Distinct DER in corpus order first; then both parsers, which are most
	// of the time, on every core.
	seen := map[string]bool{}
	var ders [][]byte
	add := func(s string) {
		block, _ := pem.Decode([]byte(s))
		if block == nil || block.Type != "CERTIFICATE" || seen[string(block.Bytes)] {
			return
		}
		seen[string(block.Bytes)] = true
		ders = append(ders, block.Bytes)
	}
	for _, tc := range l.Testcases {
		add(tc.PeerCertificate)
		for _, s := range tc.UntrustedIntermediates {
			add(s)
		}
		for _, s := range tc.TrustedCerts {
			add(s)
		}
	}
	parsed := make([]Cert, len(ders))
	workpool.Run(context.Background(), len(ders), Workers(), func(_ context.Context, i int) {
		der := ders[i]
		_, goErr := x509.ParseCertificate(der)
		_, zErr := zx509.ParseCertificate(der)
		if goErr != nil && zErr != nil {
			return
		}
		parsed[i] = Cert{
			PEM:      pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			DER:      der,
			GoParses: goErr == nil,
			ZParses:  zErr == nil,
		}
	})
	out := parsed[:0]
	for _, c := range parsed {
		if c.DER != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// DefaultSample is how many certificates the benchmarks use by default.
const DefaultSample = 10000

// Sample returns n certificates spread evenly over the corpus (all of them
// when n <= 0 or n >= len(certs)), so every part of the suite is represented.
func Sample(certs []Cert, n int) []Cert {
	if n <= 0 || n >= len(certs) {
		return certs
	}
	out := make([]Cert, n)
	for i := range out {
		out[i] = certs[i*len(certs)/n]
	}
	return out
}

// Workers is the number of goroutines that share the work: every core.
func Workers() int { return runtime.GOMAXPROCS(0) }
