// Package load reads certificate, key, chain, CA, CSR, DH parameter and CRL
// files (PEM, DER, PKCS#7, PKCS#12, any mix) into facts.Facts. It is, with
// internal/probe, the only code that touches files and the network.
package load

import (
	"io"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Config says what to load and how.
type Config struct {
	Paths    []string // positional files or directories; "-" is standard input
	Cert     []string // --cert
	Key      []string // --key
	Chain    []string // --chain
	CA       []string // --ca; when empty the system roots (or the embedded Mozilla bundle) are used
	ClientCA []string // --client-ca
	// Password opens PKCS#12 bundles (and encrypted keys, to report their
	// type). Never logged, never stored in Facts.
	Password string
	Stdin    io.Reader // for "-"
	// NoSystemRoots skips the system store and bundle (x509-limbo, tests).
	NoSystemRoots bool
	FetchAIA      bool
	AIATimeout    time.Duration // default 5s
	// MaxFileSize bounds what is read of one file (default 16 MiB); larger
	// files are reported as a problem, not read into memory.
	MaxFileSize int64
	Now         time.Time
	Options     facts.Options
}

// Input is one in-memory input, for callers that have bytes rather than
// paths (the x509-limbo harness, tests).
type Input struct {
	Name string
	Role facts.Role
	Data []byte
}

// Load reads everything cfg names. It returns an error only when tlscheck
// cannot run at all (a path that does not exist); content problems are
// recorded in Facts for the file.* checks.
func Load(cfg Config) (*facts.Facts, error) { return nil, errNotYet }

// LoadInputs is Load for in-memory inputs (plus cfg's roots and options).
func LoadInputs(inputs []Input, cfg Config) (*facts.Facts, error) { return nil, errNotYet }
