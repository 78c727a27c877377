// Cancellation of a connection in use: a done context puts every deadline in
// the past, for good.

package probe

import (
	"context"
	"net"
	"sync"
	"time"
)

// expired is the deadline of a connection whose context is done: any time in
// the past makes a blocked Read or Write return a timeout at once.
var expired = time.Unix(1, 0)

// cancelConn is a connection that a context cancels. Once ctx is done every
// deadline set on it is expired, whatever the caller asked for: the preamble,
// the handshake and the application check each set a deadline of their own,
// and a plain net.Conn would take a future one as an order to wait again.
type cancelConn struct {
	net.Conn
	mu   sync.Mutex
	done bool // ctx is done: deadlines stay expired
}

// watch wraps conn so that ctx cancels it. stop releases the watch (it does
// not close conn).
func watch(ctx context.Context, conn net.Conn) (c *cancelConn, stop func() bool) {
	c = &cancelConn{Conn: conn}
	stop = context.AfterFunc(ctx, c.cancel)
	return c, stop
}

func (c *cancelConn) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	c.Conn.SetDeadline(expired)
}

// cancelled reports whether the context cancelled the connection.
func (c *cancelConn) cancelled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

func (c *cancelConn) SetDeadline(t time.Time) error {
	return c.set(t, c.Conn.SetDeadline)
}

func (c *cancelConn) SetReadDeadline(t time.Time) error {
	return c.set(t, c.Conn.SetReadDeadline)
}

func (c *cancelConn) SetWriteDeadline(t time.Time) error {
	return c.set(t, c.Conn.SetWriteDeadline)
}

// set applies a deadline under the lock that cancel takes, so that a
// deadline set while the context is being cancelled cannot land after
// cancel's and revive the connection.
func (c *cancelConn) set(t time.Time, apply func(time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		t = expired
	}
	return apply(t)
}
