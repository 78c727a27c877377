package exporter

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"golang.org/x/crypto/bcrypt"
)

// examplesDir is examples/prometheus, the files the README points to.
const examplesDir = "../../examples/prometheus"

// tool finds a binary of Debian's prometheus package; a test fails, never
// skips, without it (.ci/run installs the package).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install Debian's prometheus package (apt-get install prometheus)", name)
	}
	return p
}

func runTool(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// The shipped configuration and rules are valid, and the rules do what
// their unit tests say.
func TestExamplesPromtool(t *testing.T) {
	for _, args := range [][]string{
		{"check", "config", "prometheus.yml"},
		{"check", "config", "prometheus-sharded.yml"},
		{"check", "rules", "rules.yml"},
		{"test", "rules", "rules_test.yml"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			runTool(t, examplesDir, "promtool", args...)
		})
	}
}

func TestExampleExporterConfig(t *testing.T) {
	c, err := LoadConfig(filepath.Join(examplesDir, "exporter.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"probe", "internal", "nats-mtls", "scan", "nginx-files"} {
		if c.Modules[name] == nil {
			t.Errorf("exporter.yaml has no module %q", name)
		}
	}
}

// web.yml's hash is a real bcrypt hash of the password its comment gives.
func TestExampleWebConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(examplesDir, "web.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var web struct {
		TLS   map[string]string `yaml:"tls_server_config"`
		Users map[string]string `yaml:"basic_auth_users"`
	}
	if err := yaml.Unmarshal(data, &web); err != nil {
		t.Fatal(err)
	}
	if err := bcrypt.CompareHashAndPassword([]byte(web.Users["prometheus"]), []byte("changeme")); err != nil {
		t.Errorf("web.yml: %v", err)
	}
	if web.TLS["cert_file"] == "" || web.TLS["key_file"] == "" {
		t.Errorf("web.yml has no TLS files: %v", web.TLS)
	}
}

// Every metric a run can have is in the README's table.
func TestReadmeListsMetrics(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`fqName: "([a-z_]+)"`)
	for _, d := range runDescs {
		m := name.FindStringSubmatch(d.String())
		if m == nil {
			t.Fatalf("no name in %s", d)
		}
		if !strings.Contains(string(readme), "`"+m[1]+"`") {
			t.Errorf("README.md does not list %s", m[1])
		}
	}
}
