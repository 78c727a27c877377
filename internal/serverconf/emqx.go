package serverconf

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// EMQX 5: HOCON, read far enough for the documented listener keys:
//
//	listeners.ssl.default {
//	  bind = "0.0.0.0:8883"
//	  ssl_options { certfile = "etc/certs/cert.pem", verify = verify_peer }
//	}
//	listeners.ssl.default.ssl_options.keyfile = "etc/certs/key.pem"
//
// Supported: objects with or without "=" / ":", dotted keys (merged into one
// tree, later values winning), quoted and unquoted strings, """triple""",
// arrays, "#" and "//" comments, "," or newline separators, include "file".
// ${VAR} substitutions are kept as written and marked Dynamic, except
// ${EMQX_ETC_DIR}, the directory holding the configuration. Relative paths are
// resolved against the EMQX root: the parent of the configuration's directory
// when that is named "etc" (/opt/emqx/etc/emqx.conf -> /opt/emqx), else the
// configuration's directory.

type hoconParser struct {
	c     *Config
	file  string
	src   string
	pos   int
	line  int
	stack []string
	err   bool
}

func loadEMQX(c *Config, file string, data []byte) {
	root := newMap(1)
	parseHOCON(c, file, data, root, []string{file})
	listeners := root.get("listeners")
	dir := filepath.Dir(file)
	base := dir
	if filepath.Base(dir) == "etc" {
		base = filepath.Dir(dir)
	}
	for _, typ := range []string{"ssl", "wss", "quic", "tcp", "ws"} {
		group := listeners.get(typ)
		if group == nil || !group.isMap {
			continue
		}
		for _, name := range group.keys {
			node := group.m[name]
			if !node.isMap {
				continue
			}
			ln := Listener{Kind: facts.ListenerListener, Where: node.pos(file)}
			ln.Name = "emqx listeners." + typ + "." + name
			ep := Endpoint{Where: ln.Where, TLS: typ == "ssl" || typ == "wss" || typ == "quic"}
			if b := node.get("bind"); b != nil {
				ep.Where = b.pos(file)
				bind := b.str()
				if i := strings.LastIndex(bind, ":"); i >= 0 {
					ep.Address = strings.Trim(bind[:i], "[]")
					ep.Port, _ = strconv.Atoi(bind[i+1:])
				} else {
					ep.Port, _ = strconv.Atoi(bind)
				}
				if ep.Address == "0.0.0.0" || ep.Address == "::" {
					ep.Address = ""
				}
				ln.addHost(hostOnly(ep.Address))
			}
			ln.Endpoints = []Endpoint{ep}
			if e := node.get("enable"); e != nil {
				ln.directive(Setting{Directive: "enable", Value: e.str(), Raw: e.str(), Where: e.pos(file)})
			}
			if so := node.get("ssl_options"); so != nil && so.isMap && ep.TLS {
				emqxSSL(c, &ln, so, dir, base, file)
			}
			c.Listeners = append(c.Listeners, ln)
		}
	}
}

func emqxSSL(c *Config, ln *Listener, so *cnode, dir, base, file string) {
	verifyPeer, failNoCert := false, false
	var verifyBy *Setting
	for _, k := range so.keys {
		v := so.m[k]
		s := Setting{Directive: "ssl_options." + k, Value: v.str(), Args: v.strs(), Where: v.pos(file)}
		s.Raw = strings.Join(s.Args, " ")
		switch k {
		case "certfile", "keyfile", "cacertfile", "dhfile", "crlfile":
			val := strings.ReplaceAll(s.Value, "${EMQX_ETC_DIR}", dir)
			if strings.Contains(val, "${") {
				s.Dynamic = true
				c.problem(ProblemVariable, s.Where, "%s %q uses a variable set only in the server's environment", s.Directive, s.Value)
			} else {
				s.Value = resolve(base, val)
			}
		case "versions", "ciphers":
			sep := ","
			if k == "versions" {
				sep = " "
			}
			if v.isList {
				s.Value = strings.Join(s.Args, sep)
			} else {
				s.Args = strings.Split(s.Value, ",")
				for i := range s.Args {
					s.Args[i] = strings.TrimSpace(s.Args[i])
				}
			}
		}
		ln.directive(s)
		sc := s
		switch k {
		case "certfile":
			ln.Cert = append(ln.Cert, s)
		case "keyfile":
			ln.Key = append(ln.Key, s)
		case "cacertfile":
			ln.CA = append(ln.CA, s)
		case "dhfile":
			ln.DHParam = append(ln.DHParam, s)
		case "password":
			ln.KeyPassword = &sc
		case "ciphers":
			ln.Ciphers = &sc
		case "versions":
			ln.Protocols = &sc
		case "verify":
			verifyPeer = s.Value == "verify_peer"
			verifyBy = &sc
		case "fail_if_no_peer_cert":
			failNoCert = s.Value == "true"
		}
	}
	switch {
	case verifyPeer && failNoCert:
		ln.Verify = VerifyRequired
	case verifyPeer:
		ln.Verify = VerifyOptional
	}
	ln.VerifyBy = verifyBy
}

// parseHOCON parses data into root, recording syntax errors as Problems.
func parseHOCON(c *Config, file string, data []byte, root *cnode, stack []string) {
	p := &hoconParser{c: c, file: file, src: string(data), line: 1, stack: stack}
	p.skipSpace(true)
	if p.peek() == '{' { // a root object may be braced
		p.pos++
		p.members(root, '}', 0)
		if !p.err && p.peek() != '}' {
			p.fail("expected \"}\" to close the root object")
		}
		return
	}
	p.members(root, 0, 0)
}

func (p *hoconParser) fail(format string, args ...any) {
	if !p.err {
		p.c.problem(ProblemSyntax, Position{p.file, p.line}, format, args...)
	}
	p.err = true
}

func (p *hoconParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// skipSpace skips blanks and comments, and newlines when nl is set.
func (p *hoconParser) skipSpace(nl bool) {
	for p.pos < len(p.src) {
		ch := p.src[p.pos]
		switch {
		case ch == '\n':
			if !nl {
				return
			}
			p.line++
			p.pos++
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == 0xEF || ch == 0xBB || ch == 0xBF:
			p.pos++
		case ch == '#' || (ch == '/' && strings.HasPrefix(p.src[p.pos:], "//")):
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// members parses "key = value" entries until end (0: end of input).
func (p *hoconParser) members(obj *cnode, end byte, depth int) {
	if depth > 100 {
		p.fail("objects nested more than 100 deep")
		return
	}
	for !p.err {
		p.skipSpace(true)
		ch := p.peek()
		if ch == ',' {
			p.pos++
			continue
		}
		if ch == 0 {
			if end != 0 {
				p.fail("unexpected end of file, expecting %q", end)
			}
			return
		}
		if ch == end {
			p.pos++
			return
		}
		if ch == '}' || ch == ']' {
			p.fail("unexpected %q", ch)
			return
		}
		line := p.line
		key, ok := p.key()
		if !ok {
			return
		}
		p.skipSpace(false)
		if len(key) == 1 && key[0] == "include" && (p.peek() == '"' || strings.HasPrefix(p.src[p.pos:], "file(") || strings.HasPrefix(p.src[p.pos:], "required(")) {
			p.include(obj, line)
			continue
		}
		p.skipSpace(false)
		switch p.peek() {
		case '=', ':':
			p.pos++
		case '+':
			if strings.HasPrefix(p.src[p.pos:], "+=") {
				p.pos += 2
			}
		case '{':
		default:
			p.fail("expected \"=\", \":\" or \"{\" after key %q", strings.Join(key, "."))
			return
		}
		p.skipSpace(false)
		v := p.value(depth + 1)
		if p.err {
			return
		}
		v.line, v.file = line, p.file
		// a.b.c = v  ==  a { b { c = v } }
		for i := len(key) - 1; i > 0; i-- {
			m := newMap(line)
			m.set(key[i], v)
			v = m
		}
		obj.set(key[0], v)
	}
}

// key reads a possibly dotted, possibly quoted key path.
func (p *hoconParser) key() ([]string, bool) {
	var parts []string
	for {
		if p.peek() == '"' {
			s, ok := p.quoted()
			if !ok {
				return nil, false
			}
			parts = append(parts, s)
		} else {
			start := p.pos
			for p.pos < len(p.src) && !strings.ContainsRune(" \t\r\n.=:{}[],\"#+", rune(p.src[p.pos])) {
				if strings.HasPrefix(p.src[p.pos:], "//") {
					break
				}
				p.pos++
			}
			if p.pos == start {
				p.fail("expected a key, found %q", p.peek())
				return nil, false
			}
			parts = append(parts, p.src[start:p.pos])
		}
		if p.peek() != '.' {
			return parts, true
		}
		p.pos++
	}
}

func (p *hoconParser) quoted() (string, bool) {
	if strings.HasPrefix(p.src[p.pos:], `"""`) {
		end := strings.Index(p.src[p.pos+3:], `"""`)
		if end < 0 {
			p.fail("unterminated \"\"\" string")
			return "", false
		}
		s := p.src[p.pos+3 : p.pos+3+end]
		p.line += strings.Count(s, "\n")
		p.pos += 6 + end
		return s, true
	}
	start := p.pos
	p.pos++
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '\\':
			p.pos += 2
			continue
		case '\n':
			p.fail("unterminated string")
			return "", false
		case '"':
			p.pos++
			s, err := strconv.Unquote(p.src[start:p.pos])
			if err != nil {
				s = p.src[start+1 : p.pos-1]
			}
			return s, true
		}
		p.pos++
	}
	p.fail("unterminated string")
	return "", false
}

func (p *hoconParser) value(depth int) *cnode {
	line := p.line
	switch ch := p.peek(); {
	case ch == '{':
		p.pos++
		m := newMap(line)
		p.members(m, '}', depth)
		return m
	case ch == '[':
		p.pos++
		l := &cnode{line: line, isList: true}
		for !p.err {
			p.skipSpace(true)
			switch p.peek() {
			case ',':
				p.pos++
				continue
			case ']':
				p.pos++
				return l
			case 0:
				p.fail("unexpected end of file, expecting \"]\"")
				return l
			}
			e := p.value(depth + 1)
			e.file = p.file
			l.list = append(l.list, e)
		}
		return l
	case ch == '"':
		s, _ := p.quoted()
		return &cnode{line: line, scalar: s}
	case ch == 0 || ch == '\n' || ch == ',' || ch == '}' || ch == ']':
		p.fail("missing value")
		return &cnode{line: line}
	default:
		start := p.pos
		for p.pos < len(p.src) {
			c := p.src[p.pos]
			if c == '\n' || c == ',' || c == '}' || c == ']' || c == '#' || strings.HasPrefix(p.src[p.pos:], "//") {
				break
			}
			p.pos++
		}
		return &cnode{line: line, scalar: strings.TrimSpace(p.src[start:p.pos])}
	}
}

// include reads include "file" / include file("file") / include required(...)
// relative to the including file's directory, merging into obj.
func (p *hoconParser) include(obj *cnode, line int) {
	rest := p.src[p.pos:]
	end := strings.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	}
	arg := rest[:end]
	p.pos += end
	q1 := strings.IndexByte(arg, '"')
	q2 := strings.LastIndexByte(arg, '"')
	if q1 < 0 || q2 <= q1 {
		p.fail("include without a quoted file name")
		return
	}
	f := resolve(filepath.Dir(p.file), arg[q1+1:q2])
	where := Position{p.file, line}
	if contains(p.stack, f) || len(p.stack) >= MaxIncludeDepth {
		p.c.problem(ProblemIncludeLoop, where, "include of %s, which is already being read (%s)", f, strings.Join(append(p.stack, f), " -> "))
		return
	}
	data, ok := p.c.readInclude(f, where)
	if !ok {
		return
	}
	parseHOCON(p.c, f, data, obj, append(append([]string(nil), p.stack...), f))
}
