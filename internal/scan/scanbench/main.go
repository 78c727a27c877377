// Command scanbench is scripts/bench-scan.sh's helper, until `tlscheck
// scan` lands:
//
//	scanbench scan TARGET          scan.Scan, then one JSON line: connections,
//	                               duration, accepted versions and pairs
//	scanbench proxy UPSTREAM FILE  a TCP proxy on 127.0.0.1 that prints its
//	                               port, counts the connections it accepts and
//	                               keeps the count in FILE
//
// The proxy lets the script count every tool's connections the same way,
// without privileges.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/scan"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: scanbench scan TARGET | scanbench proxy UPSTREAM COUNTFILE")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "scan":
		err = runScan(os.Args[2])
	case "proxy":
		if len(os.Args) != 4 {
			err = fmt.Errorf("proxy needs UPSTREAM and COUNTFILE")
			break
		}
		err = runProxy(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scanbench:", err)
		os.Exit(2)
	}
}

func runScan(target string) error {
	start := time.Now()
	f, err := scan.Scan(context.Background(), scan.Config{Probe: probe.Config{Target: target}})
	if err != nil {
		return err
	}
	versions := 0
	for _, v := range f.Scan.Versions {
		if v.Offered {
			versions++
		}
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"connections":       f.Scan.Stats.Connections,
		"duration_ms":       f.Scan.Stats.DurationMS,
		"wall_ms":           float64(time.Since(start).Microseconds()) / 1000,
		"versions_accepted": versions,
		"pairs":             len(f.Scan.Ciphers),
	})
}

func runProxy(upstream, countFile string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var (
		n  atomic.Int64
		mu sync.Mutex
	)
	write := func() {
		mu.Lock()
		defer mu.Unlock()
		tmp := countFile + ".tmp"
		if os.WriteFile(tmp, []byte(strconv.FormatInt(n.Load(), 10)+"\n"), 0o644) == nil {
			os.Rename(tmp, countFile)
		}
	}
	if err := os.MkdirAll(filepath.Dir(countFile), 0o755); err != nil {
		return err
	}
	write()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		n.Add(1)
		write()
		go relay(c, upstream)
	}
}

// relay copies both ways until both sides are done, half-closing as each
// direction ends.
func relay(c net.Conn, upstream string) {
	defer c.Close()
	u, err := net.DialTimeout("tcp", upstream, 5*time.Second)
	if err != nil {
		return
	}
	defer u.Close()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(u, c)
	go pipe(c, u)
	<-done
	<-done
}
