package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// anchorCache loads each distinct set of --ca files once for a batch of
// probes and scans (an audit). The loaded certificates are immutable and
// their memos safe for concurrent use, so every target shares them; each
// keeps its own Facts. It lives as long as one batch, so files changed
// between two audits (or two exporter scrapes) are read again.
type anchorCache struct {
	mu      sync.Mutex
	entries map[string]*anchorEntry
}

type anchorEntry struct {
	mu      sync.Mutex
	anchors *facts.Facts // nil until a load succeeds
}

// anchorLoads counts the loads the cache made, for its test.
var anchorLoads atomic.Int64

func newAnchorCache() *anchorCache { return &anchorCache{entries: map[string]*anchorEntry{}} }

// get is trustAnchors for the first target with these files and their
// result for the others. The anchors' Facts carry only what settle takes
// from them (Roots and Files), which do not depend on the target. A failed
// load is not kept: it may be the first target's deadline, not the files,
// so the next target tries again (and reports the files' fault itself).
func (c *anchorCache) get(ctx context.Context, ca []string, stall time.Duration, now time.Time, opts facts.Options) (*facts.Facts, error) {
	key := fmt.Sprintf("%q|%d", ca, stall)
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &anchorEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.anchors != nil {
		return e.anchors, nil
	}
	anchorLoads.Add(1)
	anchors, err := trustAnchors(ctx, ca, stall, now, opts)
	if err == nil {
		e.anchors = anchors
	}
	return anchors, err
}
