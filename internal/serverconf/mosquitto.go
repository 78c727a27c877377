package serverconf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// mosquitto.conf(5): one "option value..." per line, "#" comment lines.
// "listener port [bind address]" opens a listener; the listener options that
// follow (certfile, keyfile, ...) apply to it, and those before the first
// listener apply to the default listener ("port", default 1883).
// include_dir reads every *.conf in a directory, sorted. user defaults to "mosquitto".

// mosquittoListenerOpts are the per-listener options of interest (TLS and
// the ones that shape the listener).
var mosquittoListenerOpts = map[string]bool{
	"cafile": true, "capath": true, "certfile": true, "keyfile": true,
	"ciphers": true, "ciphers_tls1.3": true, "crlfile": true, "dhparamfile": true,
	"require_certificate": true, "tls_version": true, "use_identity_as_username": true,
	"use_subject_as_username": true, "tls_engine": true, "tls_keyform": true,
	"tls_engine_kpass_sha1": true, "psk_hint": true, "psk_file": true,
	"protocol": true, "socket_domain": true, "mount_point": true, "bind_interface": true,
	"http_dir": true, "max_connections": true, "use_username_as_clientid": true,
}

// mosquittoKnown lists the options of mosquitto.conf(5) for mosquitto 2.0,
// plus the plugin_opt_ and auth_opt_ prefixes. mosquitto refuses to start on
// any other ("Unknown configuration variable"); a newer mosquitto may know more,
// so an unknown name is a ProblemUnknownDirective, not a syntax error.
var mosquittoKnown = map[string]bool{
	"acl_file": true, "address": true, "allow_anonymous": true, "allow_duplicate_messages": true,
	"allow_zero_length_clientid": true, "auth_plugin": true,
	"auth_plugin_deny_special_chars": true, "auto_id_prefix": true, "autosave_interval": true,
	"autosave_on_changes": true, "bind_address": true, "bind_interface": true,
	"bridge_alpn": true, "bridge_attempt_unsubscribe": true, "bridge_bind_address": true,
	"bridge_cafile": true, "bridge_capath": true, "bridge_certfile": true,
	"bridge_identity": true, "bridge_insecure": true, "bridge_keyfile": true,
	"bridge_max_packet_size": true, "bridge_outgoing_retain": true,
	"bridge_protocol_version": true, "bridge_psk": true, "bridge_require_ocsp": true,
	"bridge_tls_version": true, "cafile": true, "capath": true, "certfile": true,
	"check_retain_source": true, "ciphers": true, "ciphers_tls1.3": true, "cleansession": true,
	"clientid_prefixes": true, "connection": true, "connection_messages": true, "crlfile": true,
	"dhparamfile": true, "http_dir": true, "idle_timeout": true, "include_dir": true,
	"keepalive_interval": true, "keyfile": true, "listener": true, "local_cleansession": true,
	"local_clientid": true, "local_password": true, "local_username": true, "log_dest": true,
	"log_facility": true, "log_timestamp": true, "log_timestamp_format": true, "log_type": true,
	"max_connections": true, "max_inflight_bytes": true, "max_inflight_messages": true,
	"max_keepalive": true, "max_packet_size": true, "max_qos": true, "max_queued_bytes": true,
	"max_queued_messages": true, "max_topic_alias": true, "memory_limit": true,
	"message_size_limit": true, "mount_point": true, "notification_topic": true,
	"notifications": true, "notifications_local_only": true, "password_file": true,
	"per_listener_settings": true, "persistence": true, "persistence_file": true,
	"persistence_location": true, "persistent_client_expiration": true, "pid_file": true,
	"plugin": true, "port": true, "protocol": true, "psk_file": true, "psk_hint": true,
	"queue_qos0_messages": true, "remote_clientid": true, "remote_password": true,
	"remote_username": true, "require_certificate": true, "restart_timeout": true,
	"retain_available": true, "round_robin": true, "set_tcp_nodelay": true,
	"socket_domain": true, "start_type": true, "sys_interval": true, "threshold": true,
	"tls_engine": true, "tls_engine_kpass_sha1": true, "tls_keyform": true, "tls_version": true,
	"topic": true, "try_private": true, "upgrade_outgoing_qos": true,
	"use_identity_as_username": true, "use_subject_as_username": true,
	"use_username_as_clientid": true, "user": true, "websockets_headers_size": true,
	"websockets_log_level": true,
}

func mosquittoKnownOption(opt string) bool {
	return mosquittoKnown[opt] || strings.HasPrefix(opt, "plugin_opt_") || strings.HasPrefix(opt, "auth_opt_")
}

var mosquittoPathOpts = map[string]bool{
	"cafile": true, "capath": true, "certfile": true, "keyfile": true,
	"crlfile": true, "dhparamfile": true, "psk_file": true,
}

var mosquittoBoolOpts = map[string]bool{
	"require_certificate": true, "use_identity_as_username": true, "use_subject_as_username": true,
	"per_listener_settings": true, "allow_anonymous": true, "persistence": true,
	"use_username_as_clientid": true, "allow_zero_length_clientid": true,
}

type mosqLoader struct {
	ctx      context.Context
	c        *Config
	cur      *Listener // nil: the default listener
	def      Listener
	defUsed  bool
	defPort  int
	defBind  string
	defWhere Position
	list     []*Listener
	stack    []string
}

func loadMosquitto(ctx context.Context, c *Config, file string, data []byte) {
	l := &mosqLoader{ctx: ctx, c: c, defPort: 1883}
	l.def = Listener{Kind: facts.ListenerListener}
	c.ServiceUser = "mosquitto"
	l.parse(file, data)
	var out []Listener
	if l.defUsed {
		d := l.def
		d.Where = l.defWhere
		d.Endpoints = []Endpoint{{Address: l.defBind, Port: l.defPort, TLS: len(d.Cert) > 0, Where: l.defWhere}}
		d.Name = fmt.Sprintf("mosquitto default listener (port %d)", l.defPort)
		d.addHost(hostOnly(l.defBind))
		out = append(out, d)
	}
	for _, ln := range l.list {
		for i := range ln.Endpoints {
			ln.Endpoints[i].TLS = len(ln.Cert) > 0
		}
		out = append(out, *ln)
	}
	c.Listeners = append(c.Listeners, out...)
}

// hostOnly keeps a bind address that is a host name, not an IP or a socket.
func hostOnly(s string) string {
	if s == "" || strings.HasPrefix(s, "/") || strings.Trim(s, "0123456789.:abcdefABCDEF") == "" {
		return ""
	}
	return s
}

func (l *mosqLoader) parse(file string, data []byte) {
	l.stack = append(l.stack, file)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	dir := filepath.Dir(file)
	for n, line := range strings.Split(string(data), "\n") {
		if l.ctx.Err() != nil {
			return
		}
		where := Position{file, n + 1}
		line = strings.TrimRight(line, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		fields := strings.Fields(trimmed)
		opt, args := fields[0], fields[1:]
		s := Setting{Directive: opt, Args: args, Raw: strings.Join(args, " "), Where: where}
		if len(args) > 0 {
			s.Value = args[0]
		}
		if !mosquittoKnownOption(opt) {
			l.c.problem(ProblemUnknownDirective, where, "unknown configuration variable %q (mosquitto 2.0 refuses to start on it)", opt)
			continue
		}
		if len(args) == 0 && opt != "clientid_prefixes" {
			l.c.problem(ProblemSyntax, where, "empty %s value in configuration", opt)
			continue
		}
		if mosquittoBoolOpts[opt] && s.Value != "true" && s.Value != "false" {
			l.c.problem(ProblemValue, where, "invalid %s value (%s): want true or false", opt, s.Value)
			continue
		}
		switch opt {
		case "listener":
			// mosquitto reads the port with atoi: "eighty" is 0, and port 0
			// with a path is a UNIX socket.
			port := atoi(args[0])
			if port < 0 || port > 65535 || (port == 0 && len(args) < 2) {
				l.c.problem(ProblemValue, where, "invalid listener port value (%s)", args[0])
				continue
			}
			ln := &Listener{Kind: facts.ListenerListener, Where: where}
			ep := Endpoint{Port: port, Where: where}
			if len(args) > 1 {
				ep.Address = args[1]
				if port == 0 {
					ep.Address = "unix:" + args[1]
				}
				ln.addHost(hostOnly(args[1]))
			}
			ln.Endpoints = []Endpoint{ep}
			ln.Name = "mosquitto listener " + strings.Join(args, " ")
			if port == 0 && len(args) > 1 {
				ln.Name = "mosquitto listener on socket " + args[1]
			}
			l.list = append(l.list, ln)
			l.cur = ln
			continue
		case "port":
			port := atoi(args[0])
			if port < 1 || port > 65535 {
				l.c.problem(ProblemValue, where, "invalid port value (%s)", args[0])
				continue
			}
			l.defPort, l.defUsed, l.defWhere = port, true, where
			continue
		case "bind_address":
			l.defBind, l.defUsed = args[0], true
			if l.defWhere.File == "" {
				l.defWhere = where
			}
			continue
		case "user":
			sc := s
			l.c.ServiceUser = s.Value
			l.c.ServiceUserBy = &sc
			l.c.global(s)
			continue
		case "include_dir":
			l.includeDir(resolve(dir, s.Value), where)
			continue
		}
		if !mosquittoListenerOpts[opt] {
			if opt == "per_listener_settings" || strings.HasPrefix(opt, "tls") || opt == "psk_file" {
				l.c.global(s)
			}
			continue
		}
		if mosquittoPathOpts[opt] {
			s.Value = resolve(dir, s.Value)
		}
		ln := l.cur
		if ln == nil {
			ln = &l.def
			if !l.defUsed {
				l.defUsed, l.defWhere = true, where
			}
		}
		ln.directive(s)
		sc := s
		switch opt {
		case "certfile":
			ln.Cert = append(ln.Cert, s)
		case "keyfile":
			ln.Key = append(ln.Key, s)
		case "cafile", "capath":
			ln.CA = append(ln.CA, s)
		case "crlfile":
			ln.CRL = append(ln.CRL, s)
		case "dhparamfile":
			ln.DHParam = append(ln.DHParam, s)
		case "ciphers":
			ln.Ciphers = &sc
		case "ciphers_tls1.3":
			ln.Ciphersuites = &sc
		case "tls_version":
			ln.Protocols = &sc
		case "require_certificate":
			ln.VerifyBy = &sc
			ln.Verify = VerifyNone
			if s.Value == "true" {
				ln.Verify = VerifyRequired
			}
		case "use_identity_as_username", "use_subject_as_username":
			if s.Value == "true" {
				ln.UseIdentityAsUsername = true
			}
		}
	}
}

func (l *mosqLoader) includeDir(dir string, where Position) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.c.problem(ProblemRead, where, "cannot open include_dir %s: %v", dir, unwrapPathError(err))
		return
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".conf") && !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		f := filepath.Join(dir, n)
		if len(l.stack) >= MaxIncludeDepth || contains(l.stack, f) {
			l.c.problem(ProblemIncludeLoop, where, "include_dir %s includes %s, which is already being read (%s)", dir, f, strings.Join(append(l.stack, f), " -> "))
			continue
		}
		data, ok := l.c.readInclude(f, where)
		if !ok {
			continue
		}
		l.parse(f, data)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// atoi is C's atoi: leading blanks, an optional sign, digits; 0 when none.
func atoi(s string) int {
	s = strings.TrimLeft(s, " \t")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > 1<<24 {
			break
		}
		n = n*10 + int(r-'0')
	}
	if neg {
		return -n
	}
	return n
}
