package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// DefaultStallTimeout is how long a FIFO or device may wait for a writer, or
// go without giving data, when Config.StallTimeout is 0. It is generous: a
// `<(command)` whose command is slow to start still fits.
const DefaultStallTimeout = 10 * time.Second

// StalledError says that a file that is not a regular one (a FIFO, a
// device) gave nothing for Waited: nobody opened the FIFO for writing
// (NoWriter), or the writer went silent.
type StalledError struct {
	Path     string
	Waited   time.Duration
	NoWriter bool
}

func (e *StalledError) Error() string {
	if e.NoWriter {
		return fmt.Sprintf("nobody writes to the FIFO %s (waited %s for a writer)", e.Path, e.Waited)
	}
	return fmt.Sprintf("%s gave no data for %s (a FIFO or device whose writer went silent)", e.Path, e.Waited)
}

// TooLargeError says that more than Limit bytes could be read from Path;
// nothing more was read.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s holds more than the %s limit for a certificate, key or bundle; not read further", e.Path, humanBytes(e.Limit))
}

// openInput opens path for reading. A FIFO blocks open(2) until a writer
// comes, so it is opened aside and given up when ctx ends or no writer
// came within stall (a *StalledError); the open left behind is then
// released by opening the FIFO for writing and closing it at once, so no
// goroutine outlives the wait. Anything else is opened directly: `<(...)`
// (/dev/fd/N) is an anonymous pipe, which opens without waiting.
func openInput(ctx context.Context, path string, stall time.Duration) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		return os.Open(path)
	}
	if stall <= 0 {
		stall = DefaultStallTimeout
	}
	type opened struct {
		fh  *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		fh, err := os.Open(path)
		done <- opened{fh, err}
	}()
	timer := time.NewTimer(stall)
	defer timer.Stop()
	var giveUp error
	select {
	case r := <-done:
		return r.fh, r.err
	case <-timer.C:
		giveUp = &StalledError{Path: path, Waited: stall, NoWriter: true}
	case <-ctx.Done():
		giveUp = ctx.Err()
	}
	go func() {
		release := time.NewTicker(50 * time.Millisecond)
		defer release.Stop()
		for {
			// O_NONBLOCK: fails (ENXIO) rather than waits when no
			// reader is there yet; it is tried again.
			if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
			select {
			case r := <-done:
				if r.fh != nil {
					r.fh.Close()
				}
				return
			case <-release.C:
			}
		}
	}()
	return nil, giveUp
}

// readInput reads at most max bytes of fh (a *TooLargeError when there is
// more). When fh is not a regular file, each read must bring data within
// stall (else a *StalledError), and ctx's end closes fh, which wakes a
// read the runtime poller waits on (FIFOs, pipes, terminals).
func readInput(ctx context.Context, fh *os.File, max int64, stall time.Duration) ([]byte, error) {
	fi, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	var r io.Reader = fh
	if !fi.Mode().IsRegular() {
		if stall <= 0 {
			stall = DefaultStallTimeout
		}
		stop := context.AfterFunc(ctx, func() { fh.Close() })
		defer stop()
		r = &stallReader{fh: fh, stall: stall}
	}
	data, tooBig, err := readLimited(r, max)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	if tooBig {
		return data, &TooLargeError{Path: fh.Name(), Limit: max}
	}
	return data, nil
}

// stallReader gives each read of a pollable file stall to bring data. A
// file the poller does not handle (some devices) has no deadlines; its
// reads are bounded only by ctx.
type stallReader struct {
	fh    *os.File
	stall time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	if err := s.fh.SetReadDeadline(time.Now().Add(s.stall)); err != nil && !errors.Is(err, os.ErrNoDeadline) {
		return 0, err
	}
	n, err := s.fh.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return n, &StalledError{Path: s.fh.Name(), Waited: s.stall}
	}
	return n, err
}

// readPath reads the file at path within max bytes, stall and ctx: what
// every reader of a user's file outside the loader uses.
func readPath(ctx context.Context, path string, max int64, stall time.Duration) ([]byte, error) {
	fh, err := openInput(ctx, path, stall)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return readInput(ctx, fh, max, stall)
}
