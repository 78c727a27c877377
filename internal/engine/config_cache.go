package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// fileSetCache loads each distinct set of files once per config run: 200
// nginx server blocks over 20 certificate files parse 20 sets, not 200.
// Listeners that share files differ only in their names (Options.Hosts) and
// their configuration, which each gets in a copy of the loaded facts.
type fileSetCache struct {
	mu      sync.Mutex
	entries map[string]*fileSetEntry
}

type fileSetEntry struct {
	once sync.Once
	f    *facts.Facts
	err  error
}

// fileSetLoads counts the loads the cache made, for the tests and the
// benchmark that hold it to one per file set.
var fileSetLoads atomic.Int64

// noFileSetCache turns the cache off, for the benchmark's baseline.
var noFileSetCache = false

func newFileSetCache() *fileSetCache { return &fileSetCache{entries: map[string]*fileSetEntry{}} }

// load is load.Load(ctx, lc) for the first listener with these files, and a
// copy of its facts for the others.
func (c *fileSetCache) load(ctx context.Context, lc load.Config) (*facts.Facts, error) {
	if noFileSetCache {
		fileSetLoads.Add(1)
		return load.Load(ctx, lc)
	}
	key := fmt.Sprintf("%q|%q|%q|%q|%q|%q|%s|%t", lc.Cert, lc.Key, lc.Chain, lc.CA, lc.ClientCA, lc.Paths, lc.Options.Purpose, lc.NoSystemRoots)
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &fileSetEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		fileSetLoads.Add(1)
		e.f, e.err = load.Load(ctx, lc)
	})
	if e.err != nil {
		return nil, e.err
	}
	return copyFacts(e.f), nil
}

// copyFacts is a new Facts value over the same loaded objects (which are
// immutable, their memos safe for concurrent use) with its own memo, so
// that each listener's checks derive what they need from its own Options.
func copyFacts(f *facts.Facts) *facts.Facts {
	return &facts.Facts{
		Now: f.Now, Options: f.Options,
		Files: f.Files, Certs: f.Certs, Roots: f.Roots, ClientCAs: f.ClientCAs,
		ClientChain: f.ClientChain, ClientKey: f.ClientKey,
		Keys: f.Keys, CSRs: f.CSRs, DHParams: f.DHParams, CRLs: f.CRLs, Skipped: f.Skipped,
		Connection: f.Connection, Scan: f.Scan, Config: f.Config,
	}
}
