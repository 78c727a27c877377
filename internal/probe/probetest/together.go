package probetest

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// togetherWait bounds how long a later connection of Together waits for
// the others: a hang guard, far beyond the few milliseconds two dials made
// side by side are apart, and short enough that one made after the other
// is dropped long before the probe's handshake timeout.
const togetherWait = time.Second

// Together serves its first connection as TLS does with opts; each later
// one is held until n later connections are open at once, then served the
// same way. A later connection still alone after togetherWait is closed
// unanswered, so that handshakes made one after the other fail. Served
// counts the later connections that were answered.
func Together(tb testing.TB, opts TLSOptions, n int) (s *Server, served *atomic.Int32) {
	cfg := opts.config()
	served = new(atomic.Int32)
	var mu sync.Mutex
	first := true
	waiting := 0
	release := make(chan struct{})
	s = serve(tb, func(s *Server, c net.Conn) {
		mu.Lock()
		isFirst := first
		first = false
		if !isFirst {
			waiting++
			if waiting == n {
				close(release)
			}
		}
		mu.Unlock()
		if isFirst {
			serveTLS(s, c, cfg, opts)
			return
		}
		select {
		case <-release:
		case <-s.quit:
			return
		case <-time.After(togetherWait):
			mu.Lock()
			waiting--
			mu.Unlock()
			return
		}
		served.Add(1)
		serveTLS(s, c, cfg, opts)
	})
	return s, served
}
