package exporter

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// A real Prometheus (Debian's prometheus package) scrapes two exporters
// through the shipped configurations, examples/prometheus/prometheus.yml
// and prometheus-sharded.yml, with the shipped rules. Everything listens on
// 127.0.0.1 and is stopped at the end.
func TestPrometheusScrapesExporter(t *testing.T) {
	prometheusBin := tool(t, "prometheus")
	dir := t.TempDir()

	// The targets: an expired certificate from a CA the module trusts, a
	// self-signed one for another name, a refused port, and good servers.
	root := certgen.Root("Prometheus Test Root", validFor(3650))
	past := time.Now().Add(-10 * 24 * time.Hour)
	expired := tlsServer(t, certgen.Leaf("127.0.0.1", root, certgen.Validity(past.Add(-90*24*time.Hour), past)))
	mismatch := tlsServer(t, certgen.Leaf("other.example", nil, validFor(60)))
	refused := refusedPort(t)
	targets := []string{expired, mismatch, refused}
	// Enough good servers that both shards have targets: which shard a
	// target falls in depends on its (random) port.
	for len(targets) < 20 && (len(targets) < 5 || !bothShards(targets)) {
		targets = append(targets, tlsServer(t, certgen.Leaf("127.0.0.1", root, validFor(60))))
	}
	if !bothShards(targets) {
		t.Fatalf("20 targets, one shard: %v", targets)
	}
	// The rest mostly waits on Prometheus: let the other tests run. (The
	// certificates are made before, as certgen is not safe for concurrent use.)
	t.Parallel()
	os.MkdirAll(filepath.Join(dir, "targets"), 0o755)
	targetsYAML := fmt.Sprintf("- labels: {__param_module: internal}\n  targets: [%q]\n- targets: [%s]\n",
		expired, quoteAll(targets[1:]))
	os.WriteFile(filepath.Join(dir, "targets", "test.yml"), []byte(targetsYAML), 0o644)

	// Two exporters, as the sharded set-up has.
	ca := writeFile(t, "ca.pem", root.PEM())
	cfg := mustConfig(t, "modules:\n  probe: {}\n  internal:\n    ca: "+ca+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	var serving sync.WaitGroup
	t.Cleanup(func() { cancel(); serving.Wait() })
	exporters := make([]string, 2)
	for i := range exporters {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		exporters[i] = l.Addr().String()
		h := New(Options{Config: cfg}).Handler()
		serving.Go(func() { Serve(ctx, l, h, "", nil) })
	}

	// The shipped configurations, pointed at the exporters and the
	// targets file, merged into one, scraping every second.
	config := prometheusConfig(t, dir, exporters)
	configFile := filepath.Join(dir, "prometheus.yml")
	os.WriteFile(configFile, config, 0o644)
	// A free port for Prometheus. Between finding it and Prometheus
	// binding it another test may take it: then Prometheus exits, and it
	// is started again on another (three tries).
	var promAddr string
	var promLog scantest.LockedBuffer
	var promDone <-chan struct{}
	for try := 0; ; try++ {
		promAddr = refusedPort(t)
		promLog.Reset()
		cmd := exec.Command(prometheusBin, "--config.file="+configFile, "--storage.tsdb.path="+filepath.Join(dir, fmt.Sprintf("data%d", try)),
			"--web.listen-address="+promAddr, "--log.level=warn")
		cmd.Stdout, cmd.Stderr = &promLog, &promLog
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-exited })
		if promReady(promAddr, exited) {
			promDone = exited
			break
		}
		if try == 2 {
			t.Fatalf("prometheus did not start on 127.0.0.1 in three tries:\n%s", promLog.String())
		}
	}
	conds := []struct {
		name  string
		query string
		check func([]promSample) error
	}{
		{"the expired leaf's not_after is present and before time()",
			fmt.Sprintf(`tlscheck_cert_not_after{job="tlscheck", target=%q, role="leaf"} < time()`, expired), exactly(1)},
		{"the expired target's other certificate (the root) is there too",
			fmt.Sprintf(`tlscheck_cert_not_after{job="tlscheck", target=%q, role="root"} > time()`, expired), exactly(1)},
		{"cert.expired finding",
			fmt.Sprintf(`tlscheck_findings{job="tlscheck", target=%q, id="cert.expired", severity="error"}`, expired), exactly(1)},
		{"host.mismatch finding",
			fmt.Sprintf(`tlscheck_findings{job="tlscheck", target=%q, id="host.mismatch", severity="error"}`, mismatch), exactly(1)},
		{"the mismatched certificate's not_after",
			fmt.Sprintf(`tlscheck_cert_not_after{job="tlscheck", target=%q, subject="CN=other.example"}`, mismatch), exactly(1)},
		{"probe failure for the refused port",
			fmt.Sprintf(`tlscheck_probe_success{job="tlscheck", target=%q} == 0`, refused), exactly(1)},
		{"the good targets succeed",
			`tlscheck_probe_success{job="tlscheck"} == 1`, exactly(len(targets) - 1)},
		{"TLSCertificateExpired fires",
			fmt.Sprintf(`ALERTS{alertname="TLSCertificateExpired", alertstate="firing", job="tlscheck", target=%q}`, expired), exactly(1)},
		{"each target probed by exactly one exporter, the one its hash picks",
			`count by (target, instance) (tlscheck_probe_success{job="tlscheck-sharded"})`, sharded(targets, exporters)},
	}
	pending := conds
	deadline := time.Now().Add(60 * time.Second)
	var lastErr map[string]error
	for len(pending) > 0 && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		lastErr = map[string]error{}
		var still = pending[:0:0]
		for _, c := range pending {
			samples, err := promQuery(promAddr, c.query)
			if err == nil {
				err = c.check(samples)
			}
			if err != nil {
				lastErr[c.name] = err
				still = append(still, c)
			}
		}
		pending = still
		select {
		case <-promDone:
			t.Fatalf("prometheus exited before the series were there:\n%s", promLog.String())
		default:
		}
	}
	for _, c := range pending {
		t.Errorf("%s: %v\n  query: %s", c.name, lastErr[c.name], c.query)
	}
	if t.Failed() {
		t.Logf("prometheus log:\n%s", promLog.String())
	}
}

// prometheusConfig merges the two shipped configurations into one that
// Prometheus runs here: the exporters' placeholders become their loopback
// addresses, the targets come from dir, rules from examples, no
// Alertmanager, and a scrape every second.
func prometheusConfig(t *testing.T, dir string, exporters []string) []byte {
	t.Helper()
	rules, err := filepath.Abs(filepath.Join(examplesDir, "rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	replacer := strings.NewReplacer(
		"tlscheck-exporter.example.net:9553", exporters[0],
		"tlscheck-exporter-0.example.net:9553", exporters[0],
		"tlscheck-exporter-1.example.net:9553", exporters[1],
		"targets/*.yml", filepath.Join(dir, "targets", "*.yml"))
	var scrapeConfigs []any
	for _, name := range []string{"prometheus.yml", "prometheus-sharded.yml"} {
		data, err := os.ReadFile(filepath.Join(examplesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := yaml.Unmarshal([]byte(replacer.Replace(string(data))), &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(fmt.Sprint(c["scrape_configs"]), "example.net") {
			t.Fatalf("%s: a placeholder is left: %v", name, c["scrape_configs"])
		}
		scrapeConfigs = append(scrapeConfigs, c["scrape_configs"].([]any)...)
	}
	out, err := yaml.Marshal(map[string]any{
		"global":         map[string]any{"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
		"rule_files":     []string{rules},
		"scrape_configs": scrapeConfigs,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// shardOf is Prometheus's hashmod relabelling: the MD5 of the value, its
// last 8 bytes big-endian, modulo the number of shards.
func shardOf(value string, modulus uint64) int {
	sum := md5.Sum([]byte(value))
	return int(binary.BigEndian.Uint64(sum[8:]) % modulus)
}

func bothShards(targets []string) bool {
	seen := map[int]bool{}
	for _, t := range targets {
		seen[shardOf(t, 2)] = true
	}
	return len(seen) == 2
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func promQuery(addr, query string) ([]promSample, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + addr + "/api/v1/query?" + url.Values{"query": {query}}.Encode())
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []promSample `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("query failed: %s", body.Error)
	}
	return body.Data.Result, nil
}

func exactly(n int) func([]promSample) error {
	return func(s []promSample) error {
		if len(s) != n {
			return fmt.Errorf("%d series, want %d: %v", len(s), n, s)
		}
		return nil
	}
}

// sharded checks that every target has one series, from the exporter its
// shard maps to (the relabelling sends shard i to exporter i).
func sharded(targets, exporters []string) func([]promSample) error {
	return func(s []promSample) error {
		got := map[string][]string{}
		for _, sample := range s {
			got[sample.Metric["target"]] = append(got[sample.Metric["target"]], sample.Metric["instance"])
		}
		var problems []string
		for _, target := range targets {
			want := exporters[shardOf(target, 2)]
			if instances := got[target]; len(instances) != 1 || instances[0] != want {
				problems = append(problems, fmt.Sprintf("%s probed by %v, want only %s", target, instances, want))
			}
		}
		if len(got) != len(targets) {
			problems = append(problems, fmt.Sprintf("%d targets have series, want %d", len(got), len(targets)))
		}
		sort.Strings(problems)
		if len(problems) > 0 {
			return fmt.Errorf("%s", strings.Join(problems, "; "))
		}
		return nil
	}
}

// promReady waits (at most 30 s) until Prometheus at addr answers
// /-/ready, or its process has exited (false).
func promReady(addr string, exited <-chan struct{}) bool {
	for range 300 {
		select {
		case <-exited:
			return false
		default:
		}
		resp, err := http.Get("http://" + addr + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
