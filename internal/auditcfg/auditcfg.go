// Package auditcfg reads the audit.yaml of `tlscheck audit`: defaults and
// targets (endpoints and file deployments) with per-target settings. An
// unknown key or a value of the wrong type is an *Error naming the line, so
// a typo never silently audits something else.
package auditcfg

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/tlscheck/tlscheck/internal/load"
)

// Config is an audit.yaml: settings every target starts from, and the
// targets.
type Config struct {
	Defaults Settings `yaml:"defaults"`
	Targets  []Target `yaml:"targets"`
}

// Settings are what a target may set and the defaults may give for all of
// them. A nil pointer or an empty value means "not set here": the default,
// else the command-line flag, applies.
type Settings struct {
	ServerName string            `yaml:"servername"`
	CA         List              `yaml:"ca"`
	Cert       string            `yaml:"cert"`
	Key        string            `yaml:"key"`
	StartTLS   string            `yaml:"starttls"`
	Scan       *bool             `yaml:"scan"`
	Policy     string            `yaml:"policy"`
	WarnDays   *int              `yaml:"warn_days"`
	Labels     map[string]string `yaml:"labels"`
}

// Target is one entry of targets: an endpoint (url) or a file deployment
// (files, with the host its certificate must cover).
type Target struct {
	Settings `yaml:",inline"`
	URL      string `yaml:"url"`
	Files    List   `yaml:"files"`
	Host     List   `yaml:"host"`
	// Line is the line the target starts on, for messages about it.
	Line int `yaml:"-"`
	// lines are the lines of the target's keys.
	lines map[string]int
}

// List is a YAML sequence of strings, or one string.
type List []string

// UnmarshalYAML takes a string or a sequence of strings.
func (l *List) UnmarshalYAML(node ast.Node) error {
	switch n := node.(type) {
	case *ast.StringNode:
		*l = List{n.Value}
		return nil
	case *ast.SequenceNode:
		var many []string
		for _, v := range n.Values {
			s, ok := v.(*ast.StringNode)
			if !ok {
				return &lineError{v.GetToken().Position.Line, "want a string or a list of strings"}
			}
			many = append(many, s.Value)
		}
		*l = many
		return nil
	case *ast.NullNode:
		*l = nil
		return nil
	}
	return &lineError{node.GetToken().Position.Line, "want a string or a list of strings"}
}

// lineError is a bad value found by our own unmarshalling, with its line.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// Error is a problem in the file at a line (0 when it has none).
type Error struct {
	File string
	Line int
	Msg  string
	Kind ErrorKind
}

// ErrorKind says what sort of problem an Error is, so callers can add
// advice without reading its wording.
type ErrorKind int

const (
	// ErrInvalid is a value that is not allowed, or a file that is not YAML.
	ErrInvalid ErrorKind = iota
	// ErrUnknownField is a key the configuration does not have (a typo, or
	// a setting of another tool).
	ErrUnknownField
)

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Read reads and parses the file at path.
// maxConfigSize bounds the configuration file: far above any real one.
const maxConfigSize = 16 << 20

func Read(path string) (*Config, error) {
	data, err := load.ReadRegularFile(path, maxConfigSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses data, named name in errors. Unknown keys are errors; a
// target must have a url or files, not both, and every target is merged
// with the defaults (a target's own value wins; labels are merged key by
// key).
func Parse(name string, data []byte) (*Config, error) {
	var cfg Config
	if err := yaml.UnmarshalWithOptions(data, &cfg, yaml.Strict()); err != nil {
		return nil, yamlError(name, err)
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		t.lines = keyLines(file, fmt.Sprintf("$.targets[%d]", i))
		t.Line = t.lines[""]
		switch {
		case t.URL == "" && len(t.Files) == 0:
			return nil, &Error{name, t.Line, fmt.Sprintf("target %d has neither url nor files", i+1), ErrInvalid}
		case t.URL != "" && len(t.Files) > 0:
			return nil, &Error{name, t.Line, fmt.Sprintf("target %d has both url and files: make them two targets", i+1), ErrInvalid}
		case t.URL == "" && t.Scan != nil && *t.Scan:
			return nil, &Error{name, t.LineOf("scan"), "scan: true needs a url (files are not scanned)", ErrInvalid}
		}
		if t.WarnDays != nil && *t.WarnDays < 0 {
			return nil, &Error{name, t.LineOf("warn_days"), fmt.Sprintf("warn_days must be 0 or more, got %d", *t.WarnDays), ErrInvalid}
		}
		t.merge(cfg.Defaults)
	}
	if d := cfg.Defaults.WarnDays; d != nil && *d < 0 {
		return nil, &Error{name, keyLines(file, "$.defaults")["warn_days"], fmt.Sprintf("warn_days must be 0 or more, got %d", *d), ErrInvalid}
	}
	return &cfg, nil
}

// LineOf is the line of key in the target (a key the target inherited
// from the defaults has the target's line).
func (t *Target) LineOf(key string) int {
	if n, ok := t.lines[key]; ok {
		return n
	}
	return t.Line
}

func (t *Target) merge(d Settings) {
	if t.ServerName == "" {
		t.ServerName = d.ServerName
	}
	if len(t.CA) == 0 {
		t.CA = d.CA
	}
	if t.Cert == "" && t.Key == "" {
		t.Cert, t.Key = d.Cert, d.Key
	}
	if t.StartTLS == "" {
		t.StartTLS = d.StartTLS
	}
	if t.Scan == nil && t.URL != "" {
		t.Scan = d.Scan
	}
	if t.Policy == "" {
		t.Policy = d.Policy
	}
	if t.WarnDays == nil {
		t.WarnDays = d.WarnDays
	}
	if len(d.Labels) > 0 {
		labels := make(map[string]string, len(d.Labels)+len(t.Labels))
		for k, v := range d.Labels {
			labels[k] = v
		}
		for k, v := range t.Labels {
			labels[k] = v
		}
		t.Labels = labels
	}
}

// Name is how the target is shown: its url, or its files.
func (t *Target) Name() string {
	if t.URL != "" {
		return t.URL
	}
	return strings.Join(t.Files, ",")
}

// LabelString is the labels as k=v pairs sorted by key.
func LabelString(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + labels[k]
	}
	return strings.Join(parts, ",")
}

// keyLines maps each key of the mapping at path to its line; "" is the
// mapping's own line.
func keyLines(file *ast.File, path string) map[string]int {
	lines := map[string]int{}
	p, err := yaml.PathString(path)
	if err != nil {
		return lines
	}
	node, err := p.FilterFile(file)
	if err != nil || node == nil {
		return lines
	}
	if tk := node.GetToken(); tk != nil {
		lines[""] = tk.Position.Line
	}
	var values []*ast.MappingValueNode
	switch m := node.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	}
	for _, kv := range values {
		lines[kv.Key.String()] = kv.Key.GetToken().Position.Line
	}
	if len(values) > 0 {
		lines[""] = values[0].Key.GetToken().Position.Line
	}
	return lines
}

// yamlError turns the YAML library's error into an *Error with its line.
func yamlError(name string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return &Error{name, le.line, le.msg, ErrInvalid}
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		line := 0
		if tk := ye.GetToken(); tk != nil {
			line = tk.Position.Line
		}
		kind := ErrInvalid
		var uf *yaml.UnknownFieldError
		if errors.As(err, &uf) {
			kind = ErrUnknownField
		}
		return &Error{name, line, ye.GetMessage(), kind}
	}
	return &Error{File: name, Msg: err.Error()}
}
