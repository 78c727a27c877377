package serverconf

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	natsconf "github.com/nats-io/nats-server/v2/conf"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// NATS: the server's own parser (github.com/nats-io/nats-server/v2/conf) in
// its pedantic mode, which wraps every value in a token that knows its file
// and line. That parser follows includes without a loop check (a loop would
// exhaust the stack), so the include graph is walked first, here, with the
// same path rule (relative to the including file), and the NATS parser is
// only run when it is finite and every file is small text.

// natsToken is the method set of the parser's unexported token type.
type natsToken interface {
	Value() any
	Line() int
	SourceFile() string
}

var reNATSInclude = regexp.MustCompile(`(?m)^[ \t]*include[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s;#]+))`)

type natsLoader struct {
	c     *Config
	file  string
	stack []string
	ok    bool
}

func loadNATS(ctx context.Context, c *Config, file string, data []byte) {
	l := &natsLoader{c: c, file: file, ok: true}
	l.scanIncludes(file, data)
	if !l.ok || ctx.Err() != nil {
		return
	}
	m, err := parseNATS(file)
	if err != nil {
		l.parseError(err)
		return
	}
	l.interpret(m)
}

func parseNATS(file string) (m map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Parse error on line 0: the NATS parser failed: %v", r)
		}
	}()
	return natsconf.ParseFileWithChecks(file)
}

// scanIncludes reads the include graph, recording files and problems.
func (l *natsLoader) scanIncludes(file string, data []byte) {
	l.stack = append(l.stack, file)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	for _, m := range reNATSInclude.FindAllStringSubmatchIndex(string(data), -1) {
		var rel string
		for g := 1; g <= 3; g++ {
			if m[2*g] >= 0 {
				rel = string(data[m[2*g]:m[2*g+1]])
			}
		}
		where := Position{file, 1 + strings.Count(string(data[:m[0]]), "\n")}
		inc := filepath.Join(filepath.Dir(file), rel)
		if contains(l.stack, inc) || len(l.stack) >= MaxIncludeDepth {
			l.c.problem(ProblemIncludeLoop, where, "include of %s, which is already being read (%s)", inc, strings.Join(append(l.stack, inc), " -> "))
			l.ok = false
			continue
		}
		d, ok := l.c.readInclude(inc, where)
		if !ok {
			l.ok = false
			continue
		}
		l.scanIncludes(inc, d)
	}
}

var (
	reNATSIncludeErr = regexp.MustCompile(`^error parsing include file '([^']*)', (.*)$`)
	reNATSLine       = regexp.MustCompile(`line (\d+)`)
	reNATSInvalid    = regexp.MustCompile(`\(([^()]*):(\d+):\d+\)`)
)

// parseError turns the NATS parser's error into a Problem. Its errors are
// untyped fmt.Errorf values, so the file and line are read from the text
// (the formats are in conf/parse.go); an include error wraps the inner one.
func (l *natsLoader) parseError(err error) {
	msg := err.Error()
	file := l.file
	for {
		m := reNATSIncludeErr.FindStringSubmatch(msg)
		if m == nil {
			break
		}
		file = filepath.Join(filepath.Dir(file), m[1])
		msg = m[2]
	}
	where := Position{File: file}
	if m := reNATSInvalid.FindStringSubmatch(msg); m != nil {
		where.Line, _ = strconv.Atoi(m[2])
	} else if m := reNATSLine.FindStringSubmatch(msg); m != nil {
		where.Line, _ = strconv.Atoi(m[1])
	}
	kind := ProblemSyntax
	if strings.Contains(msg, "variable reference") {
		kind = ProblemVariable
	}
	if strings.HasPrefix(msg, "open ") || strings.Contains(msg, "no such file") {
		kind = ProblemRead
	}
	l.c.problem(kind, where, "%s", msg)
}

func natsPos(v any) Position {
	if t, ok := v.(natsToken); ok {
		f := t.SourceFile()
		if abs, err := filepath.Abs(f); err == nil {
			f = abs
		}
		return Position{File: f, Line: t.Line()}
	}
	return Position{}
}

func natsVal(v any) any {
	if t, ok := v.(natsToken); ok {
		return t.Value()
	}
	return v
}

func natsMap(v any) map[string]any {
	m, _ := natsVal(v).(map[string]any)
	return m
}

func natsStr(v any) string {
	switch x := natsVal(v).(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, natsStr(e))
		}
		return strings.Join(parts, " ")
	default:
		return fmt.Sprint(x)
	}
}

func natsList(v any) []string {
	switch x := natsVal(v).(type) {
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, natsStr(e))
		}
		return out
	case nil:
		return nil
	default:
		return []string{natsStr(x)}
	}
}

// natsKey finds a key case-insensitively, as the server does.
func natsKey(m map[string]any, names ...string) (any, bool) {
	for k, v := range m {
		for _, n := range names {
			if strings.EqualFold(k, n) {
				return v, true
			}
		}
	}
	return nil, false
}

func (l *natsLoader) interpret(top map[string]any) {
	// The client listener: always there (port 4222 unless set).
	client := Listener{Kind: facts.ListenerServer, Where: Position{File: l.file, Line: 1}}
	l.endpoint(&client, top, 4222)
	if v, ok := natsKey(top, "tls"); ok {
		l.tls(&client, v, "tls")
	}
	client.Name = fmt.Sprintf("nats client port %d", client.Endpoints[0].Port)
	l.c.Listeners = append(l.c.Listeners, client)
	for _, k := range []string{"server_name", "ocsp", "ocsp_cache"} {
		if v, ok := natsKey(top, k); ok {
			l.c.global(Setting{Directive: k, Value: natsStr(v), Raw: natsStr(v), Where: natsPos(v)})
		}
	}

	l.users(top)

	blocks := []struct {
		key     string
		kind    facts.ListenerKind
		defPort int
	}{
		{"cluster", facts.ListenerCluster, 0}, {"gateway", facts.ListenerGateway, 0}, {"leafnodes", facts.ListenerLeafnode, 0},
		{"leaf", facts.ListenerLeafnode, 0}, {"websocket", facts.ListenerWebsocket, 0}, {"ws", facts.ListenerWebsocket, 0},
		{"mqtt", facts.ListenerMQTT, 1883},
	}
	for _, b := range blocks {
		v, ok := natsKey(top, b.key)
		if !ok {
			continue
		}
		m := natsMap(v)
		if m == nil {
			continue
		}
		ln := Listener{Kind: b.kind, Where: natsPos(v)}
		l.endpoint(&ln, m, b.defPort)
		if tv, ok := natsKey(m, "tls"); ok {
			l.tls(&ln, tv, b.key+".tls")
		}
		if nt, ok := natsKey(m, "no_tls"); ok && natsStr(nt) == "true" {
			// websocket: no_tls overrides a tls block
			ln.TLS = false
			for i := range ln.Endpoints {
				ln.Endpoints[i].TLS = false
			}
			ln.directive(Setting{Directive: b.key + ".no_tls", Value: "true", Raw: "true", Where: natsPos(nt)})
		}
		ln.Name = "nats " + string(b.kind)
		if n, ok := natsKey(m, "name"); ok {
			ln.Name += " " + natsStr(n)
		}
		if r, ok := natsKey(m, "routes"); ok {
			for _, u := range natsList(r) {
				ln.addHost(urlHost(u))
			}
		}
		l.c.Listeners = append(l.c.Listeners, ln)
		// Outgoing connections with their own tls blocks.
		switch b.kind {
		case facts.ListenerGateway:
			if gs, ok := natsKey(m, "gateways"); ok {
				l.remotes(gs, facts.ListenerGatewayRemote, b.key+".gateways")
			}
		case facts.ListenerLeafnode:
			if rs, ok := natsKey(m, "remotes"); ok {
				l.remotes(rs, facts.ListenerLeafnodeRemote, b.key+".remotes")
			}
		}
	}
}

func (l *natsLoader) remotes(v any, kind facts.ListenerKind, path string) {
	list, _ := natsVal(v).([]any)
	for i, e := range list {
		m := natsMap(e)
		if m == nil {
			continue
		}
		ln := Listener{Kind: kind, Outgoing: true, Where: natsPos(e)}
		ln.Name = fmt.Sprintf("nats %s %d", kind, i)
		if n, ok := natsKey(m, "name"); ok {
			ln.Name = "nats " + string(kind) + " " + natsStr(n)
		}
		for _, k := range []string{"url", "urls"} {
			if u, ok := natsKey(m, k); ok {
				for _, s := range natsList(u) {
					ln.addHost(urlHost(s))
				}
			}
		}
		if tv, ok := natsKey(m, "tls"); ok {
			l.tls(&ln, tv, path+".tls")
			ln.TLS = true
		}
		l.c.Listeners = append(l.c.Listeners, ln)
	}
}

func urlHost(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Hostname()
}

// endpoint reads listen/host/net/port from a block.
func (l *natsLoader) endpoint(ln *Listener, m map[string]any, defPort int) {
	ep := Endpoint{Port: defPort, Where: ln.Where}
	if v, ok := natsKey(m, "listen"); ok {
		s := natsStr(v)
		ep.Where = natsPos(v)
		if h, p, err := net.SplitHostPort(s); err == nil {
			ep.Address = h
			ep.Port, _ = strconv.Atoi(p)
		} else if n, err := strconv.Atoi(s); err == nil {
			ep.Port = n
		} else {
			ep.Address = s
		}
	}
	if v, ok := natsKey(m, "host", "net"); ok {
		ep.Address = natsStr(v)
	}
	if v, ok := natsKey(m, "port"); ok {
		ep.Port, _ = strconv.Atoi(natsStr(v))
		ep.Where = natsPos(v)
	}
	if ep.Address == "0.0.0.0" || ep.Address == "[::]" || ep.Address == "::" {
		ep.Address = ""
	}
	ln.addHost(hostOnly(ep.Address))
	ln.Endpoints = append(ln.Endpoints, ep)
}

func (l *natsLoader) tls(ln *Listener, v any, prefix string) {
	m := natsMap(v)
	if m == nil {
		l.c.problem(ProblemValue, natsPos(v), "%s is not a map", prefix)
		return
	}
	for i := range ln.Endpoints {
		ln.Endpoints[i].TLS = true
	}
	ln.TLS = true
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val := m[k]
		key := strings.ToLower(k)
		where := natsPos(val)
		if where.File == "" {
			where = natsPos(v)
		}
		s := Setting{Directive: prefix + "." + k, Value: natsStr(val), Args: natsList(val), Where: where}
		s.Raw = strings.Join(s.Args, " ")
		switch key {
		case "cert_file", "key_file", "ca_file":
			s.Value = resolve(filepath.Dir(where.File), s.Value)
		case "cipher_suites", "curve_preferences":
			s.Value = strings.Join(s.Args, ":")
		}
		ln.directive(s)
		sc := s
		b := s.Value == "true"
		switch key {
		case "cert_file":
			ln.Cert = append(ln.Cert, s)
		case "key_file":
			ln.Key = append(ln.Key, s)
		case "ca_file":
			ln.CA = append(ln.CA, s)
		case "verify":
			if b {
				ln.Verify, ln.VerifyBy = VerifyRequired, &sc
			}
		case "verify_and_map":
			ln.VerifyAndMap = b
			if b {
				ln.Verify, ln.VerifyBy = VerifyRequired, &sc
			}
		case "verify_cert_and_check_known_urls":
			ln.VerifyCertAndCheckKnownURLs = b
			if b {
				ln.Verify, ln.VerifyBy = VerifyRequired, &sc
			}
		case "insecure":
			ln.Insecure = b
		case "pinned_certs":
			for _, p := range s.Args {
				ps := s
				ps.Value, ps.Raw, ps.Args = p, p, nil
				ln.PinnedCerts = append(ln.PinnedCerts, ps)
			}
		case "cipher_suites":
			ln.Ciphers = &sc
		case "curve_preferences":
			ln.Curves = &sc
		case "timeout":
			ln.Timeout = &sc
		case "min_version":
			ln.Protocols = &sc
		}
	}
}

// users collects user names from authorization{} and accounts{}.
func (l *natsLoader) users(top map[string]any) {
	add := func(list any, prefix string) {
		items, _ := natsVal(list).([]any)
		for _, it := range items {
			m := natsMap(it)
			if u, ok := natsKey(m, "user", "username"); ok {
				l.c.Users = append(l.c.Users, Setting{Directive: prefix + ".user", Value: natsStr(u), Raw: natsStr(u), Where: natsPos(u)})
			}
		}
	}
	if a, ok := natsKey(top, "authorization"); ok {
		if u, ok := natsKey(natsMap(a), "users"); ok {
			add(u, "authorization.users")
		}
	}
	if accs, ok := natsKey(top, "accounts"); ok {
		m := natsMap(accs)
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			if u, ok := natsKey(natsMap(m[name]), "users"); ok {
				add(u, "accounts."+name+".users")
			}
		}
	}
}
