package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// manyServers writes an nginx configuration of servers server blocks over
// certs certificate files (block i uses pair i % certs) and returns its path.
func manyServers(t testing.TB, servers, certs int) (conf, ca string) {
	dir := t.TempDir()
	certgenMu.Lock()
	defer certgenMu.Unlock()
	root := certgen.Root("Bench Root")
	ca = filepath.Join(dir, "ca.pem")
	writeTB(t, ca, root.PEM())
	for i := 0; i < certs; i++ {
		leaf := certgen.Leaf(fmt.Sprintf("site%d.example.com", i), root, certgen.KeyType("p256"))
		writeTB(t, filepath.Join(dir, fmt.Sprintf("site%d.pem", i)), leaf.PEM())
		writeTB(t, filepath.Join(dir, fmt.Sprintf("site%d.key", i)), leaf.KeyPEM())
	}
	var b strings.Builder
	b.WriteString("events {}\nhttp {\n  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_ciphers ECDHE+AESGCM;\n")
	for i := 0; i < servers; i++ {
		n := i % certs
		fmt.Fprintf(&b, "  server {\n    listen %d ssl;\n    server_name site%d.example.com;\n    ssl_certificate site%d.pem;\n    ssl_certificate_key site%d.key;\n  }\n", 10000+i, n, n, n)
	}
	b.WriteString("}\n")
	conf = filepath.Join(dir, "nginx.conf")
	writeTB(t, conf, []byte(b.String()))
	return conf, ca
}

func writeTB(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := writeFileMode(path, data); err != nil {
		t.Fatal(err)
	}
}

// Each certificate file is parsed once, however many server blocks name it.
func TestConfigParsesEachFileSetOnce(t *testing.T) {
	conf, ca := manyServers(t, 200, 20)
	before := fileSetLoads.Load()
	groups := runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{ca}, NoSystemRoots: true})
	if len(groups) != 200 {
		t.Fatalf("%d groups, want 200", len(groups))
	}
	if n := fileSetLoads.Load() - before; n != 20 {
		t.Errorf("%d file sets loaded, want 20", n)
	}
	for _, g := range groups {
		for _, f := range g.Report.Findings {
			if f.ID == "host.mismatch" {
				t.Errorf("%s: %s (each block must be judged against its own server_name)", g.Name, f.Message)
			}
		}
	}
}

// BenchmarkConfig200Servers is the benchmark: 200 server blocks
// over 20 certificate files (BENCHMARKS.md).
func BenchmarkConfig200Servers(b *testing.B) {
	conf, ca := manyServers(b, 200, 20)
	cfg := ConfigConfig{Paths: []string{conf}, CA: []string{ca}, NoSystemRoots: true}
	cfg.At = configAt
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Config(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func writeFileMode(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

// BenchmarkConfig200ServersUncached is the baseline: every block loads its
// files itself.
func BenchmarkConfig200ServersUncached(b *testing.B) {
	noFileSetCache = true
	defer func() { noFileSetCache = false }()
	BenchmarkConfig200Servers(b)
}
