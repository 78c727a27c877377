// Command auditbench is the in-process side of scripts/bench-audit.sh
// (issue 11, "Speed and scale"): it starts N crypto/tls listeners on
// 127.0.0.1 in its own process, all serving one ECDSA P-256 leaf and its
// intermediate from internal/certgen, writes the targets (one 127.0.0.1:PORT
// a line) and the root to DIR, then in interleaved rounds runs, each as a
// child process beside the servers' process (same shape for both, and each
// with its own rusage: peak RSS and CPU):
//
//   - bare, the peer: a bare crypto/tls client (this binary again, with
//     -bare-client), -c goroutines, one handshake per endpoint
//     (InsecureSkipVerify, then close);
//   - tlscheck: `TLSCHECK audit --targets FILE -c N --format jsonl
//     --fail-on never --ca root.pem`;
//   - bare x2 (informative, -bare2): the bare client with a second
//     handshake per endpoint capped at TLS 1.2, the number of connections
//     tlscheck makes.
//
// Every server counts the TCP connections it accepts, so the table shows
// how many connections each tool made per endpoint.
//
//	auditbench -tlscheck PATH -dir DIR [-n 1000] [-c 32] [-rounds 3] [-bare2=false]
//	           [-profile-bin TESTBIN -profile-out cpu.pprof]
//
// With -profile-bin (a `go test -c` binary of cmd/tlscheck), one more audit
// of the same endpoints runs in that binary's BenchmarkAuditTargets with
// -test.cpuprofile, for `go tool pprof`.
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "auditbench: error:", err)
		os.Exit(2)
	}
}

var accepted atomic.Int64 // TCP connections accepted by every server

type sample struct {
	rate     float64 // endpoints per second
	conns    float64 // accepted connections per endpoint
	rssMB    float64 // the client process's peak RSS
	cpuMS    float64 // the client process's user+system CPU per endpoint
	selfMS   float64 // this process's CPU per endpoint: the servers
	failed   int     // endpoints whose handshake failed
	versions map[string]int
}

func run() error {
	n := flag.Int("n", 1000, "endpoints (listeners on 127.0.0.1)")
	workers := flag.Int("c", 32, "concurrency of both clients")
	rounds := flag.Int("rounds", 3, "interleaved rounds of each tool")
	bin := flag.String("tlscheck", "", "the tlscheck binary")
	dir := flag.String("dir", "", "a directory for targets.txt, root.pem and the audits' output")
	profBin := flag.String("profile-bin", "", "a `go test -c` binary of cmd/tlscheck: profile one more audit in it")
	bare2 := flag.Bool("bare2", true, "also time an informative bare client making two handshakes per endpoint")
	profOut := flag.String("profile-out", "", "where -profile-bin writes its CPU profile")
	client := flag.String("bare-client", "", "internal: be the bare client on the targets in this file, print the result as JSON")
	twice := flag.Bool("twice", false, "internal: with -bare-client, two handshakes per endpoint")
	flag.Parse()
	if *client != "" {
		return bareClient(*client, *workers, *twice)
	}
	if *bin == "" || *dir == "" {
		return errors.New("usage: auditbench -tlscheck PATH -dir DIR [-n N] [-c N] [-rounds N]")
	}

	// One chain for every endpoint: root -> intermediate -> 127.0.0.1 leaf,
	// ECDSA P-256 throughout, valid around today.
	now := time.Now()
	root := certgen.Root("Audit Bench Root", certgen.KeyType("p256"))
	inter := certgen.Intermediate("Audit Bench Intermediate", root, certgen.KeyType("p256"),
		certgen.Validity(now.AddDate(0, 0, -1), now.AddDate(1, 0, 0)))
	leaf := certgen.Leaf("127.0.0.1", inter, certgen.KeyType("p256"),
		certgen.Validity(now.AddDate(0, 0, -1), now.AddDate(0, 0, 90)))
	rootPEM := filepath.Join(*dir, "root.pem")
	if err := os.WriteFile(rootPEM, root.PEM(), 0o644); err != nil {
		return err
	}
	srvCfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.DER, inter.DER}, PrivateKey: leaf.Key, Leaf: leaf.X509}},
	}

	addrs := make([]string, *n)
	for i := range addrs {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("listener %d: %w (raise ulimit -n)", i, err)
		}
		addrs[i] = ln.Addr().String()
		go serve(ln, srvCfg)
	}
	targets := filepath.Join(*dir, "targets.txt")
	if err := os.WriteFile(targets, []byte(strings.Join(addrs, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Printf("endpoints: %d crypto/tls listeners on 127.0.0.1 (Go %s server, leaf + intermediate, ECDSA P-256); %d workers; %d rounds\n",
		*n, strings.TrimPrefix(runtime.Version(), "go"), *workers, *rounds)
	audit := []string{"audit", "--targets", targets, "-c", fmt.Sprint(*workers), "--format", "jsonl", "--fail-on", "never", "--ca", rootPEM}
	fmt.Printf("  bare    : crypto/tls Dial + Handshake + Close per endpoint, InsecureSkipVerify, %d goroutines, in a child process\n", *workers)
	fmt.Printf("  tlscheck: %s %s\n", *bin, strings.Join(audit, " "))

	if *bare2 {
		fmt.Printf("  bare x2 : the same, then a second crypto/tls handshake capped at TLS 1.2 (informative: two connections per endpoint, as tlscheck makes)\n")
	}

	tools := []string{"bare", "tlscheck"}
	if *bare2 {
		tools = append(tools, "bare x2")
	}
	measure := func(tool string) (sample, error) {
		cpu0 := selfCPU()
		var s sample
		var err error
		switch tool {
		case "bare":
			s, err = bareChild(targets, *workers, false, len(addrs))
		case "bare x2":
			s, err = bareChild(targets, *workers, true, len(addrs))
		default:
			s, err = tlscheck(*bin, audit, *dir, len(addrs))
		}
		s.selfMS = float64((selfCPU() - cpu0).Microseconds()) / 1000 / float64(len(addrs))
		return s, err
	}
	// Warm-up: one pass of each, not counted (page cache, the servers'
	// first handshakes, the child's binary).
	for _, tool := range tools {
		if _, err := measure(tool); err != nil {
			return err
		}
	}

	samples := map[string][]sample{}
	for r := 0; r < *rounds; r++ {
		// Alternate the order, so that no tool always follows another.
		order := append([]string(nil), tools...)
		if r%2 == 1 {
			for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
				order[i], order[j] = order[j], order[i]
			}
		}
		for _, tool := range order {
			s, err := measure(tool)
			if err != nil {
				return err
			}
			samples[tool] = append(samples[tool], s)
			fmt.Printf("round %d %-8s: %7.1f endpoints/s, %.2f connections/endpoint, %d failed, versions %v", r+1, tool, s.rate, s.conns, s.failed, s.versions)
			fmt.Printf(", peak RSS %.1f MB; CPU per endpoint: servers %.2f ms + client %.2f ms\n", s.rssMB, s.selfMS, s.cpuMS)
		}
	}

	bs, ts := samples["bare"], samples["tlscheck"]
	bMean, bMin := stats(bs)
	tMean, tMin := stats(ts)
	rss := 0.0
	for _, s := range ts {
		rss = math.Max(rss, s.rssMB)
	}
	fmt.Println()
	selfMS := func(s sample) float64 { return s.selfMS }
	cpuMS := func(s sample) float64 { return s.cpuMS }
	peak := func(ss []sample) float64 {
		m := 0.0
		for _, s := range ss {
			m = math.Max(m, s.rssMB)
		}
		return m
	}
	fmt.Println("| tool | endpoints/s, mean | min | ratio to bare (mean) | peak RSS | connections / endpoint | CPU / endpoint: servers + client |")
	fmt.Println("|---|---|---|---|---|---|---|")
	fmt.Printf("| bare crypto/tls client (the peer) | %.0f | %.0f | 1 | %.1f MB | %.2f | %.2f + %.2f ms |\n",
		bMean, bMin, peak(bs), bs[0].conns, meanOf(bs, selfMS), meanOf(bs, cpuMS))
	fmt.Printf("| tlscheck audit | %.0f | %.0f | **%.2f** (target >= 0.80: %s) | **%.1f MB** (target < 200 MB: %s) | %.2f | %.2f + %.2f ms |\n",
		tMean, tMin, tMean/bMean, met(tMean/bMean >= 0.8), rss, met(rss < 200), ts[0].conns, meanOf(ts, selfMS), meanOf(ts, cpuMS))
	if b2 := samples["bare x2"]; len(b2) > 0 {
		m, mn := stats(b2)
		fmt.Printf("| bare x2 (informative: a 2nd handshake, TLS 1.2) | %.0f | %.0f | %.2f | %.1f MB | %.2f | %.2f + %.2f ms |\n",
			m, mn, m/bMean, peak(b2), b2[0].conns, meanOf(b2, selfMS), meanOf(b2, cpuMS))
	}
	ratios := make([]string, len(bs))
	for i := range bs {
		ratios[i] = fmt.Sprintf("%.2f", ts[i].rate/bs[i].rate)
	}
	fmt.Printf("\nper-round ratios tlscheck/bare: %s\n", strings.Join(ratios, " / "))

	if *profBin != "" {
		if *profOut == "" {
			return errors.New("-profile-bin needs -profile-out")
		}
		before := accepted.Load()
		start := time.Now()
		cmd := exec.Command(*profBin, "-test.run", "^$", "-test.bench", "^BenchmarkAuditTargets$", "-test.benchtime", "1x",
			"-test.cpuprofile", *profOut)
		cmd.Env = append(os.Environ(), "TLSCHECK_AUDIT_BENCH_TARGETS="+targets, "TLSCHECK_AUDIT_BENCH_CA="+rootPEM,
			fmt.Sprintf("TLSCHECK_AUDIT_BENCH_C=%d", *workers))
		cmd.Dir = *dir
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("profile run: %w\n%s", err, out)
		}
		el := time.Since(start).Seconds()
		fmt.Printf("\nprofiled audit (in a test binary, CPU profile on): %.0f endpoints/s, %.2f connections/endpoint -> %s\n",
			float64(len(addrs))/el, float64(accepted.Load()-before)/float64(len(addrs)), *profOut)
	}
	return nil
}

// selfCPU is this process's user and system CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func meanOf(ss []sample, f func(sample) float64) float64 {
	t := 0.0
	for _, s := range ss {
		t += f(s)
	}
	return t / float64(len(ss))
}

func stats(ss []sample) (mean, min float64) {
	min = math.Inf(1)
	for _, s := range ss {
		mean += s.rate
		min = math.Min(min, s.rate)
	}
	return mean / float64(len(ss)), min
}

// serve accepts connections, counts them, and handshakes each; after the
// handshake it reads until the client closes (or 10 s pass), as a server
// waiting for a request would.
func serve(ln net.Listener, cfg *tls.Config) {
	for {
		c, err := ln.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return
		}
		accepted.Add(1)
		go func() {
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			io.Copy(io.Discard, tc)
		}()
	}
}

// bareChild runs the bare client as a child process (this binary with
// -bare-client), so that both tools are a client process beside the servers'
// process, with their own runtime and rusage.
func bareChild(targets string, workers int, twice bool, n int) (sample, error) {
	exe, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	before := accepted.Load()
	args := []string{"-bare-client", targets, "-c", fmt.Sprint(workers)}
	if twice {
		args = append(args, "-twice")
	}
	cmd := exec.Command(exe, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	el := time.Since(start).Seconds()
	if err != nil {
		return sample{}, fmt.Errorf("bare client: %w\n%s", err, stderr.String())
	}
	var r clientResult
	if err := json.Unmarshal(out, &r); err != nil {
		return sample{}, fmt.Errorf("bare client output: %w", err)
	}
	s := sample{failed: r.Failed, versions: r.Versions}
	s.rate = float64(n) / el
	s.conns = float64(accepted.Load()-before) / float64(n)
	usage(cmd.ProcessState, &s, n)
	return s, nil
}

// usage fills in the child's peak RSS and CPU per endpoint.
func usage(ps *os.ProcessState, s *sample, n int) {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		s.rssMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.cpuMS = float64(cpu.Microseconds()) / 1000 / float64(n)
	}
}

// bareClient is the child side of bareChild.
func bareClient(targets string, workers int, twice bool) error {
	data, err := os.ReadFile(targets)
	if err != nil {
		return err
	}
	addrs := strings.Fields(string(data))
	s, err := bare(addrs, workers, twice)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(clientResult{Failed: s.failed, Versions: s.versions})
}

// clientResult is what the bare client child reports.
type clientResult struct {
	Failed   int
	Versions map[string]int
}

// bare is the peer: one crypto/tls handshake per endpoint, workers at once.
// With twice, each endpoint gets a second handshake capped at TLS 1.2, as
// tlscheck's second (compression) connection is a TLS 1.2 ClientHello.
func bare(addrs []string, workers int, twice bool) (sample, error) {
	before := accepted.Load()
	var next atomic.Int64
	var failed atomic.Int64
	var mu sync.Mutex
	versions := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[string]int{}
			d := &net.Dialer{Timeout: 10 * time.Second}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(addrs) {
					break
				}
				c, err := tls.DialWithDialer(d, "tcp", addrs[i], &tls.Config{InsecureSkipVerify: true})
				if err != nil {
					failed.Add(1)
					continue
				}
				local[tls.VersionName(c.ConnectionState().Version)]++
				c.Close()
				if twice {
					c, err := tls.DialWithDialer(d, "tcp", addrs[i], &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12})
					if err != nil {
						failed.Add(1)
						continue
					}
					local[tls.VersionName(c.ConnectionState().Version)]++
					c.Close()
				}
			}
			mu.Lock()
			for k, v := range local {
				versions[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	s := sample{rate: float64(len(addrs)) / el, failed: int(failed.Load()), versions: versions}
	s.conns = float64(accepted.Load()-before) / float64(len(addrs))
	return s, nil
}

// tlscheck runs one audit as a child process and reads its JSON lines back
// for the count of endpoints whose handshake failed.
func tlscheck(bin string, args []string, dir string, n int) (sample, error) {
	before := accepted.Load()
	out, err := os.Create(filepath.Join(dir, "audit.jsonl"))
	if err != nil {
		return sample{}, err
	}
	defer out.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout = out
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	el := time.Since(start).Seconds()
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", bin, err, stderr.String())
	}
	s := sample{rate: float64(n) / el, versions: map[string]int{}}
	s.conns = float64(accepted.Load()-before) / float64(n)
	usage(cmd.ProcessState, &s, n)
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return sample{}, err
	}
	lines := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		lines++
		var r struct {
			Connection struct {
				Version string `json:"version"`
			} `json:"connection"`
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return sample{}, fmt.Errorf("audit output line %d: %w", lines, err)
		}
		s.versions[r.Connection.Version]++
		for _, f := range r.Findings {
			if f.ID == "tls.connect-failed" {
				s.failed++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return sample{}, err
	}
	if lines != n {
		return sample{}, fmt.Errorf("audit wrote %d reports for %d endpoints", lines, n)
	}
	return s, nil
}
