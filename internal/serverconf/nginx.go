package serverconf

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// nginx: the grammar is small (ngx_conf_read_token in src/core/ngx_conf_file.c):
// directives are words ended by ";" or followed by a "{ ... }" block; words may
// be quoted with " or ' (backslash escapes), "#" starts a comment at the start
// of a word, "}" ends a block only at the start of a word, and "${" does not
// open a block. include is expanded where it
// stands, with globs, relative to the conf prefix (the main file's directory).

type ntokKind int

const (
	ntWord ntokKind = iota
	ntOpen
	ntClose
	ntSemi
)

type ntok struct {
	kind ntokKind
	text string
	line int
}

type ndir struct {
	name     string
	args     []string
	where    Position
	hasBlock bool
	block    []*ndir
}

// nginxTokens splits src into tokens. An unterminated quote is an error at
// the line the quote opened.
func nginxTokens(src string) ([]ntok, error) {
	var toks []ntok
	line := 1
	i := 0
	for i < len(src) {
		ch := src[i]
		switch {
		case ch == '\n':
			line++
			i++
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
		case ch == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case ch == '{':
			toks = append(toks, ntok{ntOpen, "{", line})
			i++
		case ch == '}':
			toks = append(toks, ntok{ntClose, "}", line})
			i++
		case ch == ';':
			toks = append(toks, ntok{ntSemi, ";", line})
			i++
		case ch == '"' || ch == '\'':
			start := line
			var b strings.Builder
			i++
			closed := false
			for i < len(src) {
				c := src[i]
				if c == '\\' && i+1 < len(src) {
					switch n := src[i+1]; n {
					case '"', '\'', '\\':
						b.WriteByte(n)
					case 't':
						b.WriteByte('\t')
					case 'r':
						b.WriteByte('\r')
					case 'n':
						b.WriteByte('\n')
					default:
						b.WriteByte('\\')
						b.WriteByte(n)
					}
					if src[i+1] == '\n' {
						line++
					}
					i += 2
					continue
				}
				if c == ch {
					closed = true
					i++
					break
				}
				if c == '\n' {
					line++
				}
				b.WriteByte(c)
				i++
			}
			if !closed {
				return toks, &lineError{start, "unexpected end of file in a quoted string"}
			}
			toks = append(toks, ntok{ntWord, b.String(), start})
		default:
			var b strings.Builder
			for i < len(src) {
				c := src[i]
				// As in ngx_conf_read_token, "}" inside a word is part of it.
				if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' {
					break
				}
				if c == '{' && !(i > 0 && src[i-1] == '$') {
					break
				}
				if c == '\\' && i+1 < len(src) {
					b.WriteByte(c)
					b.WriteByte(src[i+1])
					i += 2
					continue
				}
				b.WriteByte(c)
				i++
			}
			toks = append(toks, ntok{ntWord, b.String(), line})
		}
	}
	return toks, nil
}

type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

type nginxLoader struct {
	ctx     context.Context
	c       *Config
	prefix  string   // conf prefix: the main file's directory
	stack   []string // files being read, for include loops
	eofLine int      // of the file being parsed
	failed  bool     // a syntax error: nginx stops reading there, so do we
}

func loadNginx(ctx context.Context, c *Config, file string, data []byte) {
	l := &nginxLoader{ctx: ctx, c: c, prefix: filepath.Dir(file)}
	dirs := l.parseFile(file, data)
	l.interpret(dirs)
}

// parseFile tokenizes and parses one file, expanding includes.
func (l *nginxLoader) parseFile(file string, data []byte) []*ndir {
	l.stack = append(l.stack, file)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	toks, err := nginxTokens(string(data))
	if err != nil {
		// nginx reads to the end of the file looking for the closing quote.
		l.c.problem(ProblemSyntax, Position{file, 1 + strings.Count(string(data), "\n")},
			`unexpected end of file, expecting ";" or "}" (%v)`, err)
		l.failed = true
	}
	// nginx reports an early end of file at the line after the last newline.
	saved := l.eofLine
	defer func() { l.eofLine = saved }()
	l.eofLine = 1 + strings.Count(string(data), "\n")
	pos := 0
	dirs, _ := l.parseBlock(file, toks, &pos, 0)
	return dirs
}

// parseBlock parses directives until the matching "}" (depth > 0) or the end.
// On a syntax error it records a Problem and returns what it has, with ok false.
func (l *nginxLoader) parseBlock(file string, toks []ntok, pos *int, depth int) (dirs []*ndir, ok bool) {
	var words []ntok
	defer func() {
		if !ok {
			l.failed = true
		}
	}()
	for *pos < len(toks) {
		if l.ctx.Err() != nil || l.failed {
			return dirs, false
		}
		t := toks[*pos]
		*pos++
		switch t.kind {
		case ntWord:
			words = append(words, t)
		case ntSemi:
			if len(words) == 0 {
				l.c.problem(ProblemSyntax, Position{file, t.line}, `unexpected ";"`)
				return dirs, false
			}
			d := newNdir(file, words)
			words = nil
			if d.name == "include" {
				dirs = append(dirs, l.include(d)...)
				if l.failed {
					return dirs, false
				}
				continue
			}
			dirs = append(dirs, d)
		case ntOpen:
			if len(words) == 0 {
				l.c.problem(ProblemSyntax, Position{file, t.line}, `unexpected "{"`)
				return dirs, false
			}
			if depth >= 64 {
				l.c.problem(ProblemSyntax, Position{file, t.line}, "blocks nested more than 64 deep")
				return dirs, false
			}
			d := newNdir(file, words)
			words = nil
			d.hasBlock = true
			var inner bool
			d.block, inner = l.parseBlock(file, toks, pos, depth+1)
			dirs = append(dirs, d)
			if !inner {
				return dirs, false
			}
		case ntClose:
			if len(words) > 0 {
				l.c.problem(ProblemSyntax, Position{file, t.line}, `unexpected "}": directive %q is not terminated by ";"`, words[0].text)
				return dirs, false
			}
			if depth == 0 {
				l.c.problem(ProblemSyntax, Position{file, t.line}, `unexpected "}"`)
				return dirs, false
			}
			return dirs, true
		}
	}
	last := l.eofLine
	if len(words) > 0 {
		l.c.problem(ProblemSyntax, Position{file, last}, `unexpected end of file, expecting ";" or "}" after %q`, words[0].text)
		return dirs, false
	}
	if depth > 0 {
		l.c.problem(ProblemSyntax, Position{file, last}, `unexpected end of file, expecting "}"`)
		return dirs, false
	}
	return dirs, true
}

func newNdir(file string, words []ntok) *ndir {
	d := &ndir{name: words[0].text, where: Position{file, words[0].line}}
	for _, w := range words[1:] {
		d.args = append(d.args, w.text)
	}
	return d
}

// include expands an include directive: a path or glob relative to the conf prefix.
func (l *nginxLoader) include(d *ndir) []*ndir {
	if len(d.args) != 1 {
		l.c.problem(ProblemSyntax, d.where, "invalid number of arguments in \"include\"")
		return nil
	}
	pattern := resolve(l.prefix, d.args[0])
	var files []string
	if strings.ContainsAny(pattern, "*?[") {
		m, err := filepath.Glob(pattern)
		if err != nil {
			l.c.problem(ProblemValue, d.where, "bad include pattern %q: %v", d.args[0], err)
			return nil
		}
		files = m // sorted; no match is not an error for nginx
	} else {
		files = []string{pattern}
	}
	var out []*ndir
	for _, f := range files {
		if len(l.stack) >= MaxIncludeDepth {
			l.c.problem(ProblemIncludeLoop, d.where, "includes nested more than %d deep at %s", MaxIncludeDepth, f)
			continue
		}
		loop := false
		for _, s := range l.stack {
			if s == f {
				loop = true
			}
		}
		if loop {
			l.c.problem(ProblemIncludeLoop, d.where, "include of %s, which is already being read (%s)", f, strings.Join(append(l.stack, f), " -> "))
			continue
		}
		data, ok := l.c.readInclude(f, d.where)
		if !ok {
			continue
		}
		out = append(out, l.parseFile(f, data)...)
	}
	return out
}

// interpret walks the main context: user, http{} and stream{} servers.
func (l *nginxLoader) interpret(dirs []*ndir) {
	for _, d := range dirs {
		switch d.name {
		case "user":
			if len(d.args) > 0 {
				s := Setting{Directive: "user", Value: d.args[0], Raw: strings.Join(d.args, " "), Args: d.args, Where: d.where}
				l.c.ServiceUser = d.args[0]
				l.c.ServiceUserBy = &s
				l.c.global(s)
			}
		case "http", "stream":
			l.context(d)
		}
	}
}

// context handles an http{} or stream{} block: its ssl_* directives are
// inherited by each server{} that does not set the same directive itself.
func (l *nginxLoader) context(ctxDir *ndir) {
	var inherited []*ndir
	for _, d := range ctxDir.block {
		if isNginxTLS(d.name) {
			inherited = append(inherited, d)
			l.c.global(l.setting(d, ctxDir.name+" "+d.name))
		}
	}
	for _, d := range ctxDir.block {
		if d.name == "server" && d.hasBlock {
			l.server(ctxDir.name, d, inherited)
		}
	}
}

func isNginxTLS(name string) bool {
	return name == "ssl" || strings.HasPrefix(name, "ssl_")
}

func (l *nginxLoader) setting(d *ndir, directive string) Setting {
	s := Setting{Directive: directive, Raw: strings.Join(d.args, " "), Args: d.args, Where: d.where}
	if len(d.args) > 0 {
		s.Value = d.args[0]
	}
	return s
}

// pathSetting resolves a file argument against the conf prefix; values with
// variables are left as written and marked Dynamic.
func (l *nginxLoader) pathSetting(d *ndir) Setting {
	s := l.setting(d, d.name)
	if strings.Contains(s.Value, "$") || strings.HasPrefix(s.Value, "data:") {
		s.Dynamic = true
		l.c.problem(ProblemVariable, d.where, "%s %q is expanded per connection; the file cannot be checked now", d.name, s.Value)
		return s
	}
	s.Value = resolve(l.prefix, s.Value)
	return s
}

func (l *nginxLoader) server(ctxName string, sd *ndir, inherited []*ndir) {
	kind := facts.ListenerServer
	if ctxName == "stream" {
		kind = facts.ListenerStream
	}
	ln := Listener{Kind: kind, Where: sd.where}
	own := map[string]bool{}
	for _, d := range sd.block {
		own[d.name] = true
	}
	var eff []*ndir
	for _, d := range inherited {
		if !own[d.name] {
			eff = append(eff, d)
		}
	}
	eff = append(eff, sd.block...)

	sslOn := false
	var firstTLSListen, firstListen string
	for _, d := range eff {
		switch d.name {
		case "listen":
			ep, err := parseNginxListen(d)
			if err != nil {
				l.c.problem(ProblemValue, d.where, "%v", err)
				continue
			}
			ln.Endpoints = append(ln.Endpoints, ep)
			if firstListen == "" {
				firstListen = strings.Join(d.args, " ")
			}
			if ep.TLS && firstTLSListen == "" {
				firstTLSListen = strings.Join(d.args, " ")
			}
		case "server_name":
			for _, a := range d.args {
				if a == "" || a == "_" || strings.HasPrefix(a, "~") || strings.Contains(a, "$") {
					continue
				}
				ln.addHost(strings.TrimPrefix(a, "."))
			}
		}
		if !isNginxTLS(d.name) {
			continue
		}
		var s Setting
		switch d.name {
		case "ssl_certificate", "ssl_certificate_key", "ssl_trusted_certificate", "ssl_client_certificate",
			"ssl_dhparam", "ssl_crl", "ssl_password_file", "ssl_stapling_file":
			s = l.pathSetting(d)
		case "ssl_conf_command":
			s = l.setting(d, d.name)
			if len(d.args) == 2 {
				s.Directive = "ssl_conf_command " + d.args[0]
				s.Value = d.args[1]
			}
		default:
			s = l.setting(d, d.name)
		}
		ln.directive(s)
		sc := s
		switch s.Directive {
		case "ssl":
			sslOn = s.Value == "on"
		case "ssl_certificate":
			ln.Cert = append(ln.Cert, s)
		case "ssl_certificate_key":
			ln.Key = append(ln.Key, s)
		case "ssl_trusted_certificate":
			ln.CA = append(ln.CA, s)
		case "ssl_client_certificate":
			ln.ClientCA = append(ln.ClientCA, s)
		case "ssl_dhparam":
			ln.DHParam = append(ln.DHParam, s)
		case "ssl_crl":
			ln.CRL = append(ln.CRL, s)
		case "ssl_password_file":
			ln.KeyPassword = &sc
		case "ssl_ciphers":
			ln.Ciphers = &sc
		case "ssl_conf_command Ciphersuites":
			ln.Ciphersuites = &sc
		case "ssl_protocols":
			sc.Value = strings.Join(d.args, " ")
			ln.Protocols = &sc
		case "ssl_ecdh_curve":
			ln.Curves = &sc
		case "ssl_stapling":
			on := s.Value == "on"
			ln.OCSPStapling = &on
		case "ssl_verify_client":
			switch s.Value {
			case "on":
				ln.Verify = VerifyRequired
			case "optional":
				ln.Verify = VerifyOptional
			case "optional_no_ca":
				ln.Verify = VerifyOptionalNoCA
			case "off":
				ln.Verify = VerifyNone
			default:
				l.c.problem(ProblemValue, d.where, "ssl_verify_client %q: want on, off, optional or optional_no_ca", s.Value)
			}
			ln.VerifyBy = &sc
		}
	}
	if len(ln.Endpoints) == 0 && kind == facts.ListenerServer {
		// nginx's default for an http server without listen is *:80 (8000 when not root).
		ln.Endpoints = append(ln.Endpoints, Endpoint{Port: 80, Where: sd.where})
		firstListen = "80 (default)"
	}
	if sslOn {
		for i := range ln.Endpoints {
			ln.Endpoints[i].TLS = true
		}
		if firstTLSListen == "" {
			firstTLSListen = firstListen + " (ssl on)"
		}
	}
	name := "nginx " + string(kind)
	if kind == facts.ListenerServer {
		name = "nginx server"
	}
	if len(ln.Hosts) > 0 {
		name += " server_name " + ln.Hosts[0]
	} else {
		name += fmt.Sprintf(" at %s", sd.where)
	}
	switch {
	case firstTLSListen != "":
		name += ", listen " + firstTLSListen
	case firstListen != "":
		name += ", listen " + firstListen
	}
	ln.Name = strings.Replace(name, "nginx server server_name", "nginx server_name", 1)
	l.c.Listeners = append(l.c.Listeners, ln)
}

// parseNginxListen reads "listen address[:port] [ssl] [...]".
func parseNginxListen(d *ndir) (Endpoint, error) {
	ep := Endpoint{Where: d.where}
	if len(d.args) == 0 {
		return ep, fmt.Errorf("listen without an address")
	}
	a := d.args[0]
	for _, p := range d.args[1:] {
		if p == "ssl" {
			ep.TLS = true
		}
	}
	port := func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 65535 {
			return 0, fmt.Errorf("invalid port %q in listen %q", s, a)
		}
		return n, nil
	}
	var err error
	switch {
	case strings.HasPrefix(a, "unix:"):
		ep.Address = a
	case strings.HasPrefix(a, "["):
		end := strings.Index(a, "]")
		if end < 0 {
			return ep, fmt.Errorf("invalid IPv6 address in listen %q", a)
		}
		ep.Address = a[1:end]
		ep.Port = 80
		if rest := a[end+1:]; strings.HasPrefix(rest, ":") {
			ep.Port, err = port(rest[1:])
		}
	case isDigits(a):
		ep.Port, err = port(a)
	default:
		host, p, found := strings.Cut(a, ":")
		ep.Address = host
		ep.Port = 80
		if found {
			ep.Port, err = port(p)
		}
	}
	if ep.Address == "*" {
		ep.Address = ""
	}
	return ep, err
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
