// Command exporterbench is the load generator of scripts/bench-exporter.sh
// (issue 11, "Speed and scale"): `tlscheck exporter` under N concurrent
// /probe requests for a while, its latency against the bare engine.Probe it
// wraps, and its memory over time.
//
//	exporterbench -tlscheck BIN [-duration 5m] [-bare 1m] [-clients 50] [-max-concurrent 64] [-sample 10s]
//
// In order, against one in-process loopback TLS server (a P-256 leaf for
// 127.0.0.1 issued by a root nobody trusts, as many real targets are):
//
//  1. bare: in a child process of this binary (one process serving TLS
//     and one probing, as with the exporter, so both get the same share of
//     a shared machine), after a 3 s warm-up, -clients goroutines call
//     engine.Probe with the ProbeConfig the exporter's probe module builds,
//     for -bare;
//  2. exporter: `BIN exporter --listen 127.0.0.1:PORT --max-concurrent M`
//     runs as a child process and -clients goroutines GET
//     /probe?target=...&module=probe for -duration over kept-alive
//     connections, with the X-Prometheus-Scrape-Timeout-Seconds: 10 that
//     Prometheus would send; every -sample the child's VmRSS
//     (/proc/PID/status) and its go_memstats_heap_inuse_bytes (/metrics)
//     are recorded;
//  3. one client alone against the exporter for -serial (after the memory
//     series ends), the latency of a request without queueing;
//  4. bare again for -bare, so that a change of the machine's load shows,
//     and one bare worker alone for -serial.
//
// It prints requests, errors, throughput and latency percentiles of both,
// the overhead (exporter minus both bare runs pooled, per percentile), and the memory time
// series with first/last/max and the mean of the second minute against the
// mean of the last minute. The child is stopped with SIGTERM at the end
// (SIGKILL after 20 s).
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/tlscheck/tlscheck/checks/all" // every check, as the tlscheck binary runs them
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/exporter"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == childArg {
		bareChildMain(os.Args[2:])
		return
	}
	bin := flag.String("tlscheck", "", "the tlscheck binary (required)")
	duration := flag.Duration("duration", 5*time.Minute, "how long the exporter is loaded")
	bare := flag.Duration("bare", time.Minute, "how long engine.Probe is called directly (0: skip)")
	clients := flag.Int("clients", 50, "concurrent requests (and bare workers)")
	maxConc := flag.Int("max-concurrent", 64, "the exporter's --max-concurrent")
	sample := flag.Duration("sample", 10*time.Second, "memory sampling interval")
	serial := flag.Duration("serial", 15*time.Second, "how long one client alone measures each side after the load (0: skip)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "exporterbench: -tlscheck BIN is required")
		os.Exit(2)
	}
	if err := run(*bin, *duration, *bare, *serial, *clients, *maxConc, *sample); err != nil {
		fmt.Fprintln(os.Stderr, "exporterbench: error:", err)
		os.Exit(1)
	}
}

func run(bin string, duration, bareFor, serialFor time.Duration, clients, maxConc int, sample time.Duration) error {
	target, stop, err := tlsTarget()
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("target: in-process crypto/tls server on %s (P-256 leaf, untrusted root); %d clients\n", target, clients)

	bareOnce := func(n int, d time.Duration) result {
		r, err := bareChild(target, n, d)
		if err != nil {
			r.errors++
			r.firstErrors = append(r.firstErrors, "bare child: "+err.Error())
		}
		return r
	}
	var bareBefore, bareAfter, bareRes result
	if bareFor > 0 {
		fmt.Printf("bare (before): engine.Probe in a child process, %d workers, %s ...\n", clients, bareFor)
		bareBefore = bareOnce(clients, bareFor)
	}

	fmt.Printf("exporter: %s exporter --max-concurrent %d, %d clients, %s ...\n", bin, maxConc, clients, duration)
	expRes, expSerial, mem, err := loadExporter(bin, target, clients, maxConc, duration, sample, serialFor)
	if err != nil {
		return err
	}
	if bareFor > 0 {
		// Again after, so that a change in the machine's load during the
		// run shows as a difference between the two bare rows.
		fmt.Printf("bare (after): %s ...\n", bareFor)
		bareAfter = bareOnce(clients, bareFor)
		bareRes = merge(bareBefore, bareAfter)
	}
	var bareSerial result
	if serialFor > 0 {
		fmt.Printf("bare, one client: %s ...\n", serialFor)
		bareSerial = bareOnce(1, serialFor)
	}

	fmt.Println()
	fmt.Printf("%-9s %9s %7s %8s %9s %9s %9s %9s %9s\n", "", "requests", "errors", "req/s", "p50", "p90", "p99", "p99.9", "max")
	row := func(name string, r result) {
		fmt.Printf("%-9s %9d %7d %8.1f %9s %9s %9s %9s %9s\n", name, len(r.lat), r.errors, float64(len(r.lat))/r.elapsed.Seconds(),
			ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(99.9)), ms(r.pct(100)))
	}
	row("exporter", expRes)
	if bareFor > 0 {
		row("bare 1st", bareBefore)
		row("bare 2nd", bareAfter)
		row("bare", bareRes)
		fmt.Printf("%-9s %9s %7s %8s %9s %9s %9s %9s\n", "overhead", "", "", "",
			ms(expRes.pct(50)-bareRes.pct(50)), ms(expRes.pct(90)-bareRes.pct(90)), ms(expRes.pct(99)-bareRes.pct(99)), ms(expRes.pct(99.9)-bareRes.pct(99.9)))
	}
	if serialFor > 0 {
		fmt.Println("one client at a time (no queueing):")
		row("exporter", expSerial)
		row("bare", bareSerial)
		fmt.Printf("%-9s %9s %7s %8s %9s %9s %9s %9s\n", "overhead", "", "", "",
			ms(expSerial.pct(50)-bareSerial.pct(50)), ms(expSerial.pct(90)-bareSerial.pct(90)), ms(expSerial.pct(99)-bareSerial.pct(99)), ms(expSerial.pct(99.9)-bareSerial.pct(99.9)))
	}
	for _, e := range slices.Concat(expRes.firstErrors, expSerial.firstErrors) {
		fmt.Println("  exporter error:", e)
	}
	for _, e := range slices.Concat(bareRes.firstErrors, bareSerial.firstErrors) {
		fmt.Println("  bare error:", e)
	}
	mem.print(duration)
	return nil
}

// tlsTarget is a loopback TLS server that completes handshakes and answers
// nothing else (the probe only handshakes).
func tlsTarget() (string, func(), error) {
	root := certgen.Root("Exporter Bench Root")
	leaf := certgen.Leaf("127.0.0.1", root, certgen.Days(30))
	cert := tls.Certificate{Certificate: [][]byte{leaf.DER}, PrivateKey: leaf.Key}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
		ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l) //nolint:errcheck // ends with Close
	return l.Addr().String(), func() { srv.Close() }, nil
}

// scrapeTimeout is what the load generator tells the exporter, as
// Prometheus does with a 10 s scrape_timeout.
const scrapeTimeout = 10 * time.Second

// bareProbe is what the exporter's default module runs for one /probe
// (exporter.runModule), without the HTTP, the registry and the exposition.
func bareProbe(ctx context.Context, target string) error {
	timeout := scrapeTimeout - 500*time.Millisecond
	inner := timeout * 9 / 10
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, err := engine.Probe(ctx, engine.ProbeConfig{
		Checking:         engine.Checking{WarnDays: exporter.DefaultWarnDays},
		Target:           target,
		ConnectTimeout:   min(5*time.Second, inner),
		HandshakeTimeout: min(5*time.Second, inner),
		Timeout:          inner,
		HandshakeBudget:  500 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	if r.Facts == nil || r.Facts.Connection == nil || r.Facts.Connection.Failure != nil {
		return errors.New("no handshake")
	}
	return nil
}

type result struct {
	lat         []time.Duration
	errors      int
	firstErrors []string
	elapsed     time.Duration
}

// pct is the p-th percentile (nearest rank) of the latencies, sorted.
func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat))*p/100+0.5) - 1
	return r.lat[max(0, min(i, len(r.lat)-1))]
}

// childArg runs this binary as the bare side: engine.Probe from N
// goroutines in a process of its own, as the exporter is one, so that both
// sides are one process probing and one (this) serving TLS, and get the
// same share of a shared machine.
const childArg = "bare-child"

// bareChild runs `exporterbench bare-child TARGET N D` and reads its
// latencies.
func bareChild(target string, n int, d time.Duration) (result, error) {
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(self, childArg, target, strconv.Itoa(n), d.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, err
	}
	var r result
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "E "):
			r.firstErrors = append(r.firstErrors, line[2:])
		case strings.HasPrefix(line, "errors "):
			r.errors, _ = strconv.Atoi(line[7:])
		case strings.HasPrefix(line, "elapsed "):
			ns, _ := strconv.ParseInt(line[8:], 10, 64)
			r.elapsed = time.Duration(ns)
		case line != "":
			ns, err := strconv.ParseInt(line, 10, 64)
			if err != nil {
				return r, fmt.Errorf("bare child: %q", line)
			}
			r.lat = append(r.lat, time.Duration(ns))
		}
	}
	slices.Sort(r.lat)
	return r, nil
}

func bareChildMain(args []string) {
	if len(args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: exporterbench bare-child TARGET N DURATION")
		os.Exit(2)
	}
	target := args[0]
	n, err1 := strconv.Atoi(args[1])
	d, err2 := time.ParseDuration(args[2])
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintln(os.Stderr, "exporterbench bare-child:", err)
		os.Exit(2)
	}
	once := func(ctx context.Context) error { return bareProbe(ctx, target) }
	// Unmeasured warm-up: the first probes of a process pay for lazy
	// initialisation (zlint tables, caches) that the exporter has paid for
	// in its first seconds too.
	load(n, 3*time.Second, once)
	r := load(n, d, once)
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "errors %d\nelapsed %d\n", r.errors, r.elapsed)
	for _, e := range r.firstErrors {
		fmt.Fprintf(w, "E %s\n", strings.ReplaceAll(e, "\n", " "))
	}
	for _, l := range r.lat {
		fmt.Fprintf(w, "%d\n", l)
	}
	w.Flush() //nolint:errcheck
}

// merge pools two runs' latencies.
func merge(a, b result) result {
	r := result{errors: a.errors + b.errors, elapsed: a.elapsed + b.elapsed}
	r.lat = slices.Concat(a.lat, b.lat)
	slices.Sort(r.lat)
	r.firstErrors = slices.Concat(a.firstErrors, b.firstErrors)
	return r
}

// load runs fn from n goroutines for d and gathers every latency (errors
// included: a failed request took its time too).
func load(n int, d time.Duration, fn func(context.Context) error) result {
	ctx := context.Background()
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var res result
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			var errs int
			var first []string
			for time.Now().Before(deadline) {
				t0 := time.Now()
				err := fn(ctx)
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs++
					if len(first) < 3 {
						first = append(first, err.Error())
					}
				}
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			res.errors += errs
			if len(res.firstErrors) < 5 {
				res.firstErrors = append(res.firstErrors, first[:min(len(first), 5-len(res.firstErrors))]...)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.lat)
	return res
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func loadExporter(bin, target string, clients, maxConc int, d, every, serialFor time.Duration) (res, serial result, mem *memSeries, err error) {
	listen, err := freePort()
	if err != nil {
		return res, serial, nil, err
	}
	cmd := exec.Command(bin, "exporter", "--listen", listen, "--max-concurrent", strconv.Itoa(maxConc), "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return res, serial, nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stopChild(cmd, exited)

	base := "http://" + listen
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute}}
	if err := waitReady(client, base, exited); err != nil {
		return res, serial, nil, err
	}
	fmt.Printf("exporter: pid %d on %s\n", cmd.Process.Pid, listen)

	mem = &memSeries{}
	start := time.Now()
	mem.sample(client, base, cmd.Process.Pid, 0) // before any load
	done := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				mem.sample(client, base, cmd.Process.Pid, time.Since(start))
			}
		}
	}()

	probeURL := base + "/probe?" + url.Values{"target": {target}, "module": {exporter.DefaultModule}}.Encode()
	probeOnce := func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, probeURL, nil)
		if err != nil {
			return err
		}
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", strconv.FormatFloat(scrapeTimeout.Seconds(), 'f', -1, 64))
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
		}
		if !bytes.Contains(body, []byte("\ntlscheck_probe_success 1\n")) {
			return errors.New("tlscheck_probe_success is not 1")
		}
		return nil
	}
	res = load(clients, d, probeOnce)
	close(done)
	sampler.Wait()
	mem.sample(client, base, cmd.Process.Pid, time.Since(start)) // at the end, load over
	if serialFor > 0 {
		fmt.Printf("exporter, one client: %s ...\n", serialFor)
		serial = load(1, serialFor, probeOnce)
	}
	select {
	case err := <-exited:
		exited <- err
		return res, serial, mem, fmt.Errorf("the exporter exited during the run: %v", err)
	default:
	}
	return res, serial, mem, nil
}

func waitReady(client *http.Client, base string, exited chan error) error {
	for range 200 {
		select {
		case err := <-exited:
			exited <- err
			return fmt.Errorf("the exporter exited at start: %v", err)
		default:
		}
		if resp, err := client.Get(base + "/metrics"); err == nil {
			io.Copy(io.Discard, resp.Body) //nolint:errcheck
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("the exporter did not answer /metrics within 10 s")
}

// stopChild ends the exporter: SIGTERM, then SIGKILL after 20 s.
func stopChild(cmd *exec.Cmd, exited chan error) {
	select {
	case err := <-exited:
		exited <- err
		return
	default:
	}
	cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck
	select {
	case err := <-exited:
		fmt.Printf("exporter: stopped with SIGTERM (%v)\n", exitStatus(err))
	case <-time.After(20 * time.Second):
		cmd.Process.Kill() //nolint:errcheck
		<-exited
		fmt.Println("exporter: killed after 20 s")
	}
}

func exitStatus(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}

type memPoint struct {
	at          time.Duration
	rss, heapIn int64 // bytes; -1 when unread
}

type memSeries struct {
	mu     sync.Mutex
	points []memPoint
}

func (m *memSeries) sample(client *http.Client, base string, pid int, at time.Duration) {
	p := memPoint{at: at, rss: vmRSS(pid), heapIn: heapInuse(client, base)}
	m.mu.Lock()
	m.points = append(m.points, p)
	m.mu.Unlock()
}

// vmRSS is VmRSS of /proc/PID/status in bytes.
func vmRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest) // "12345 kB"
			if len(fields) == 2 && fields[1] == "kB" {
				if kb, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
					return kb << 10
				}
			}
		}
	}
	return -1
}

// heapInuse is go_memstats_heap_inuse_bytes of the exporter's /metrics.
func heapInuse(client *http.Client, base string) int64 {
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	s := bufio.NewScanner(resp.Body)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "go_memstats_heap_inuse_bytes "); ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64); err == nil {
				return int64(v)
			}
		}
	}
	return -1
}

func (m *memSeries) print(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Println()
	fmt.Println("exporter memory (t=0 before the load, the last row after it):")
	fmt.Printf("%8s %10s %14s\n", "t", "VmRSS MiB", "heap inuse MiB")
	for _, p := range m.points {
		fmt.Printf("%8s %10s %14s\n", p.at.Round(time.Second), mib(p.rss), mib(p.heapIn))
	}
	if len(m.points) < 3 {
		return
	}
	// Under load: every sample but the one before it.
	loaded := m.points[1:]
	first, last := loaded[0], loaded[len(loaded)-1]
	maxRSS, maxHeap := first.rss, first.heapIn
	for _, p := range loaded {
		maxRSS, maxHeap = max(maxRSS, p.rss), max(maxHeap, p.heapIn)
	}
	fmt.Printf("VmRSS       first %s  last %s  max %s MiB (before the load %s)\n", mib(first.rss), mib(last.rss), mib(maxRSS), mib(m.points[0].rss))
	fmt.Printf("heap inuse  first %s  last %s  max %s MiB (before the load %s)\n", mib(first.heapIn), mib(last.heapIn), mib(maxHeap), mib(m.points[0].heapIn))
	// Flat: the mean of the second fifth of the run (the second minute of
	// five) against the mean of the last fifth (the last minute).
	win := d / 5
	early := meanIn(loaded, win, 2*win)
	late := meanIn(loaded[:len(loaded)-1], d-win, d+time.Hour) // not the sample after the load
	if early.n > 0 && late.n > 0 {
		fmt.Printf("flat? mean of [%s, %s) against [%s, end]: VmRSS %s -> %s MiB (%+.1f%%), heap inuse %s -> %s MiB (%+.1f%%)\n",
			win, 2*win, d-win, mib(int64(early.rss)), mib(int64(late.rss)), 100*(late.rss/early.rss-1),
			mib(int64(early.heap)), mib(int64(late.heap)), 100*(late.heap/early.heap-1))
	}
}

type means struct {
	rss, heap float64
	n         int
}

func meanIn(ps []memPoint, from, to time.Duration) means {
	var m means
	for _, p := range ps {
		if p.at >= from && p.at < to && p.rss >= 0 && p.heapIn >= 0 {
			m.rss += float64(p.rss)
			m.heap += float64(p.heapIn)
			m.n++
		}
	}
	if m.n > 0 {
		m.rss /= float64(m.n)
		m.heap /= float64(m.n)
	}
	return m
}

func mib(b int64) string {
	if b < 0 {
		return "?"
	}
	return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64)
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + "ms"
}
