package exporter

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/tlscheck/tlscheck/checks/policy"
	"github.com/tlscheck/tlscheck/internal/load"
)

// The probers a module can use: what one /probe request runs.
const (
	ProberProbe = "probe" // one handshake (engine.Probe)
	ProberScan  = "scan"  // everything the server accepts (engine.Scan)
	ProberFiles = "files" // certificate files on disk (engine.Files)
)

// DefaultModule is the module a request without module= uses, and the one
// module there is without --config.
const DefaultModule = "probe"

// Config is exporter.yaml: named modules, each saying how a target is
// checked. The settings are those of an audit target.
type Config struct {
	Modules map[string]*Module `yaml:"modules"`
}

// Module is one way of checking a target.
type Module struct {
	Prober     string     `yaml:"prober"`     // probe (default), scan or files
	ServerName string     `yaml:"servername"` // SNI and the name to check; "" = the target's host
	CA         StringList `yaml:"ca"`         // trust anchors (a path or a list); none = the system store
	Cert       string     `yaml:"cert"`       // client certificate (PEM or PKCS#12) for mutual TLS
	Key        string     `yaml:"key"`
	StartTLS   string     `yaml:"starttls"` // force a STARTTLS protocol (smtp, imap, nats, ...)
	Policy     string     `yaml:"policy"`   // scan: mozilla-modern, mozilla-intermediate, mozilla-old
	// WarnDays is when cert.expires-soon warns; nil = 30, 0 = never.
	WarnDays *int `yaml:"warn_days"`
	// Files and Host: a files module checks these paths, against Host.
	Files StringList `yaml:"files"`
	Host  string     `yaml:"host"`
	// Timeout bounds one run when it is shorter than the scrape's own
	// timeout (X-Prometheus-Scrape-Timeout-Seconds).
	Timeout Duration `yaml:"timeout"`
	// MaxConnections bounds a scan's connections at once (0: 8).
	MaxConnections int `yaml:"max_connections"`
}

// StringList is a YAML list of strings that may also be written as one
// string (`ca: ca.pem`).
type StringList []string

// UnmarshalYAML takes a string or a list of strings.
func (l *StringList) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*l = StringList{one}
		return nil
	}
	var many []string
	if err := unmarshal(&many); err != nil {
		return errors.New("want a path or a list of paths")
	}
	*l = many
	return nil
}

// Duration is a Go duration written as text ("5s", "1m30s").
type Duration time.Duration

// UnmarshalYAML parses the text with time.ParseDuration. It takes the
// node, not the value, so that a bad duration names its line and column
// as the library's own errors do.
func (d *Duration) UnmarshalYAML(node ast.Node) error {
	text := strings.Trim(node.String(), `"'`)
	v, err := time.ParseDuration(text)
	if err != nil {
		pos := node.GetToken().Position
		return fmt.Errorf("[%d:%d] %q is not a duration such as 5s or 1m30s", pos.Line, pos.Column, text)
	}
	*d = Duration(v)
	return nil
}

// DefaultWarnDays is warn_days when a module does not set it.
const DefaultWarnDays = 30

func (m *Module) warnDays() int {
	if m.WarnDays == nil {
		return DefaultWarnDays
	}
	return *m.WarnDays
}

// DefaultConfig is the configuration without --config: one probe module.
func DefaultConfig() *Config {
	return &Config{Modules: map[string]*Module{DefaultModule: {Prober: ProberProbe}}}
}

// LoadConfig reads and checks exporter.yaml.
// maxConfigSize bounds the configuration file: far above any real one.
const maxConfigSize = 16 << 20

func LoadConfig(path string) (*Config, error) {
	data, err := load.ReadRegularFile(path, maxConfigSize)
	if err != nil {
		return nil, err
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseConfig parses exporter.yaml strictly: an unknown key or a value of
// the wrong type is an error that names the line.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.Strict())
	if err := dec.Decode(&c); err != nil {
		return nil, errors.New(yaml.FormatError(err, false, true))
	}
	if len(c.Modules) == 0 {
		return nil, errors.New("no modules: the file needs a `modules:` map with at least one module")
	}
	for _, name := range c.moduleNames() {
		m := c.Modules[name]
		if m == nil {
			m = &Module{}
			c.Modules[name] = m
		}
		if err := m.validate(); err != nil {
			return nil, fmt.Errorf("module %q: %w", name, err)
		}
	}
	return &c, nil
}

func (c *Config) moduleNames() []string {
	names := make([]string, 0, len(c.Modules))
	for name := range c.Modules {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (m *Module) validate() error {
	if m.Prober == "" {
		m.Prober = ProberProbe
	}
	switch m.Prober {
	case ProberProbe, ProberScan:
		if len(m.Files) > 0 || m.Host != "" {
			return fmt.Errorf("files and host belong to a files module; this one is prober %s", m.Prober)
		}
	case ProberFiles:
		if len(m.Files) == 0 {
			return errors.New("prober files needs files: [paths]")
		}
		if m.Cert != "" || m.Key != "" || m.StartTLS != "" || m.ServerName != "" || m.Policy != "" {
			return errors.New("cert, key, starttls, servername and policy belong to probe and scan modules, not files")
		}
	default:
		return fmt.Errorf("prober %q: want probe, scan or files", m.Prober)
	}
	if m.Policy != "" && m.Prober != ProberScan {
		return errors.New("policy is judged by a scan: set prober: scan")
	}
	if m.Policy != "" && !slices.Contains(policy.Names(), m.Policy) {
		return fmt.Errorf("policy %q: want one of %s", m.Policy, strings.Join(policy.Names(), ", "))
	}
	if m.Key != "" && m.Cert == "" {
		return errors.New("key without cert")
	}
	if m.WarnDays != nil && *m.WarnDays < 0 {
		return fmt.Errorf("warn_days %d: want 0 or more", *m.WarnDays)
	}
	if m.Timeout < 0 || m.MaxConnections < 0 {
		return errors.New("timeout and max_connections cannot be negative")
	}
	m.StartTLS = strings.ToLower(m.StartTLS)
	return nil
}
