package serverconf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/internal/load"
)

// Limits on what Load reads. A configuration is small; anything bigger is a
// mistake (a log or a binary given by accident) and becomes a Problem.
const (
	MaxFileSize     = 4 << 20 // bytes per file
	MaxFiles        = 1000    // files per configuration, includes counted
	MaxIncludeDepth = 32
)

// Load reads the configuration at path, following its includes. typ selects
// the format; Unknown detects it from the content (see Detect). The error is
// non-nil only when path cannot be read at all or its format cannot be told;
// everything else, syntax errors included, is a Problem in the Config.
// UndetectedTypeError is a configuration whose server type its content
// does not tell; the caller names the type instead.
type UndetectedTypeError struct {
	Path string
}

func (e *UndetectedTypeError) Error() string {
	return e.Path + ": cannot tell the server type from the content"
}

func Load(ctx context.Context, path string, typ ServerType) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := readBounded(abs)
	if err != nil {
		return nil, err
	}
	if typ == Unknown {
		typ = Detect(data, abs)
		if typ == Unknown {
			return nil, &UndetectedTypeError{Path: path}
		}
	}
	c := &Config{Type: typ, Path: abs}
	c.addFile(abs)
	if !c.checkContent(abs, data) {
		return c, nil
	}
	if err := ctx.Err(); err != nil {
		return c, err
	}
	switch typ {
	case Nginx:
		loadNginx(ctx, c, abs, data)
	case Mosquitto:
		loadMosquitto(ctx, c, abs, data)
	case NATS:
		loadNATS(ctx, c, abs, data)
	case Crossbar:
		loadCrossbar(c, abs, data)
	case EMQX:
		loadEMQX(c, abs, data)
	default:
		return nil, fmt.Errorf("unknown configuration type %q", typ)
	}
	for i := range c.Listeners {
		c.Listeners[i].finish()
	}
	return c, ctx.Err()
}

// checkContent turns an oversized or binary file into a Problem and reports
// whether the content may be parsed.
func (c *Config) checkContent(file string, data []byte) bool {
	if len(data) > MaxFileSize {
		c.problem(ProblemTooLarge, Position{File: file}, "file is %d bytes, more than the %d a configuration may have", len(data), MaxFileSize)
		return false
	}
	if isBinary(data) {
		c.problem(ProblemBinary, Position{File: file}, "file is not text (it holds NUL bytes or invalid UTF-8)")
		return false
	}
	return true
}

// readInclude reads an included file with the same limits as the main one.
func (c *Config) readInclude(file string, from Position) ([]byte, bool) {
	if len(c.Files) >= MaxFiles {
		c.problem(ProblemTooLarge, from, "more than %d files included; %s not read", MaxFiles, file)
		return nil, false
	}
	fi, err := os.Stat(file)
	if err == nil && fi.Size() > MaxFileSize {
		c.addFile(file)
		c.problem(ProblemTooLarge, Position{File: file}, "file is %d bytes, more than the %d a configuration may have", fi.Size(), MaxFileSize)
		return nil, false
	}
	data, err := readBounded(file)
	if err != nil {
		var pe *os.PathError
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		c.problem(ProblemRead, from, "cannot read included file %s: %s", file, msg)
		return nil, false
	}
	c.addFile(file)
	return data, c.checkContent(file, data)
}

// readBounded reads a configuration file: a regular file (load refuses
// devices and FIFOs before opening them), at most one byte more than
// MaxFileSize, which checkContent turns into a problem.
func readBounded(path string) ([]byte, error) {
	data, err := load.ReadRegularFile(path, MaxFileSize)
	var pe *os.PathError
	if err != nil && len(data) > MaxFileSize && errors.As(err, &pe) {
		return data, nil // too large: checkContent says so with the file's name
	}
	return data, err
}

func isBinary(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	// A cut in the middle of a rune at the 64 KiB mark is not an error.
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n == 1 && len(head) > 3 {
			return true
		}
		head = head[n:]
	}
	return false
}

var (
	reNginx     = regexp.MustCompile(`(?m)^\s*(http|stream|events|server)\s*\{|^\s*(ssl_certificate|listen|server_name|worker_processes|ssl_protocols)\s+[^;\n]*;`)
	reMosquitto = regexp.MustCompile(`(?m)^(listener|certfile|keyfile|cafile|capath|require_certificate|per_listener_settings|include_dir|persistence|allow_anonymous|password_file|log_dest|tls_version|bind_address)\s`)
	reNATS      = regexp.MustCompile(`(?m)^\s*(cluster|gateway|leafnodes|websocket|mqtt|jetstream|accounts|authorization|tls)\s*[:=]?\s*\{|^\s*(cert_file|key_file|ca_file|server_name|http_port|max_payload)\s*[:=]`)
	reEMQX      = regexp.MustCompile(`(?m)^\s*(listeners\.(ssl|tcp|ws|wss|quic)\b|listeners\s*\{|node\s*\{|node\.(name|cookie)|ssl_options\s*\{|dashboard\s*\{|authentication\s*[=\[])`)
)

// Detect tells the format of a configuration from its content, with the file
// name as a hint for JSON and YAML (Crossbar.io's config.json / config.yaml).
// It returns Unknown when it cannot tell; the caller then needs --type.
func Detect(content []byte, filename string) ServerType {
	if isBinary(content) {
		return Unknown
	}
	s := string(content)
	if len(s) > 1<<20 {
		s = s[:1<<20]
	}
	trim := strings.TrimSpace(s)
	base := strings.ToLower(filepath.Base(filename))
	ext := filepath.Ext(base)
	if strings.Contains(s, `"workers"`) || regexp.MustCompile(`(?m)^workers\s*:`).MatchString(s) ||
		((ext == ".json" || ext == ".yaml" || ext == ".yml") && strings.Contains(s, "transports")) {
		return Crossbar
	}
	if strings.HasPrefix(trim, "{") && strings.Contains(s, `"version"`) && strings.Contains(s, `"controller"`) {
		return Crossbar
	}
	score := map[ServerType]int{
		Nginx:     len(reNginx.FindAllStringIndex(s, 50)),
		Mosquitto: len(reMosquitto.FindAllStringIndex(s, 50)),
		NATS:      len(reNATS.FindAllStringIndex(s, 50)),
		EMQX:      len(reEMQX.FindAllStringIndex(s, 50)),
	}
	switch {
	case strings.Contains(base, "nginx"):
		score[Nginx] += 2
	case strings.Contains(base, "mosquitto"):
		score[Mosquitto] += 2
	case strings.Contains(base, "nats"):
		score[NATS] += 2
	case strings.Contains(base, "emqx") || ext == ".hocon":
		score[EMQX] += 2
	}
	best, bestScore := Unknown, 0
	for _, t := range []ServerType{Nginx, Mosquitto, NATS, EMQX} {
		if score[t] > bestScore {
			best, bestScore = t, score[t]
		}
	}
	return best
}

// resolve makes p absolute against dir, leaving absolute paths alone.
func resolve(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
