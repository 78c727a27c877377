// Package serverconf reads the TLS side of server configuration files (nginx,
// mosquitto, NATS, Crossbar.io, EMQX) into one typed model: the listeners a
// server opens and, per listener, the files and settings its TLS uses, each with
// the file and line it came from.
//
// The package only parses. It never opens the certificate, key or CA files a
// configuration names, and never judges a setting: that is for the config.*
// checks. A configuration that cannot be parsed in full still yields what could
// be read, plus Problems with file and line; Load returns an error only when not
// even the first file can be read.
//
// Paths: every file-valued Setting has Value resolved to an absolute path the way
// the server resolves it where that is known (nginx: relative to the directory of
// the main configuration file, its conf prefix), and otherwise relative to the
// directory of the file that holds the directive (mosquitto, NATS and EMQX resolve
// relative paths against their working directory, which for a service is rarely
// known; Crossbar.io against its node directory, the one holding config.json).
// Raw always keeps the text as written.
package serverconf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// ServerType names a configuration format: facts' type, which the checks
// compare with.
type ServerType = facts.ServerType

const (
	Unknown   ServerType = ""
	Nginx                = facts.ServerNginx
	Mosquitto            = facts.ServerMosquitto
	NATS                 = facts.ServerNATS
	Crossbar             = facts.ServerCrossbar
	EMQX                 = facts.ServerEMQX
)

// Types lists the supported formats, for --type and its help.
var Types = []ServerType{Nginx, Mosquitto, NATS, Crossbar, EMQX}

// ParseType maps a --type value to a ServerType ("nats-server" and "crossbario"
// are accepted as aliases).
func ParseType(s string) (ServerType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nginx":
		return Nginx, nil
	case "mosquitto":
		return Mosquitto, nil
	case "nats", "nats-server":
		return NATS, nil
	case "crossbar", "crossbario", "crossbar.io":
		return Crossbar, nil
	case "emqx":
		return EMQX, nil
	}
	return Unknown, fmt.Errorf("unknown configuration type %q (want one of nginx, mosquitto, nats, crossbar, emqx)", s)
}

// Position is where something was written: a file and a 1-based line (0 when
// the format gives no line, as for a whole file).
type Position struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Setting is one directive as the configuration gives it.
type Setting struct {
	// Directive is the name as written in the configuration, qualified where
	// the format nests it: "ssl_certificate", "certfile", "tls.cert_file",
	// "endpoint.tls.certificate", "ssl_options.certfile", "ssl_conf_command Ciphersuites".
	Directive string `json:"directive"`
	// Value is the value the server uses: for a file or directory, the path
	// resolved as described in the package documentation; for a list, the
	// elements joined by the format's own separator (":" for cipher and curve
	// lists, " " otherwise); else the single argument.
	Value string `json:"value"`
	// Raw is the value as written (arguments joined by one space).
	Raw string `json:"raw,omitempty"`
	// Args are the individual arguments or list elements, as written.
	Args []string `json:"args,omitempty"`
	// Dynamic is set when the value holds a variable the server expands only at
	// run time (nginx "$ssl_server_name"), so it names no file that can be read now.
	Dynamic bool     `json:"dynamic,omitempty"`
	Where   Position `json:"where"`
}

// VerifyMode is whether a listener asks for and requires a peer (client) certificate.
type VerifyMode int

const (
	// VerifyNone: no client certificate is requested (every server's default).
	VerifyNone VerifyMode = iota
	// VerifyOptional: a certificate is requested and verified if sent
	// (nginx "ssl_verify_client optional", EMQX verify_peer without
	// fail_if_no_peer_cert).
	VerifyOptional
	// VerifyOptionalNoCA: requested but not verified against a CA (nginx
	// "optional_no_ca").
	VerifyOptionalNoCA
	// VerifyRequired: a verified client certificate is required (nginx "on",
	// mosquitto require_certificate true, NATS verify / verify_and_map, EMQX
	// verify_peer with fail_if_no_peer_cert true).
	VerifyRequired
)

// Fact is the mode as the checks know it (facts.ServerConfig.Verify).
func (v VerifyMode) Fact() facts.VerifyMode {
	switch v {
	case VerifyNone:
		return facts.VerifyNone
	case VerifyOptional:
		return facts.VerifyOptional
	case VerifyOptionalNoCA:
		return facts.VerifyOptionalNoCA
	case VerifyRequired:
		return facts.VerifyRequired
	}
	return facts.VerifyMode(fmt.Sprintf("VerifyMode(%d)", int(v)))
}

func (v VerifyMode) String() string { return string(v.Fact()) }

// MarshalText makes VerifyMode a string in JSON.
func (v VerifyMode) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Endpoint is one address a listener binds.
type Endpoint struct {
	// Address is the host or IP bound, "" for all addresses; "unix:/path" for
	// an nginx UNIX socket (Port 0).
	Address string `json:"address,omitempty"`
	Port    int    `json:"port"`
	// TLS is set when this endpoint speaks TLS (nginx "listen ... ssl" or "ssl on").
	TLS   bool     `json:"tls"`
	Where Position `json:"where"`
}

// Listener is one listener or TLS block: an nginx server{}, a mosquitto
// listener, a NATS client/cluster/gateway/leafnode/websocket/mqtt block, a
// Crossbar.io transport, an EMQX listener.
type Listener struct {
	// Name identifies the listener to people, as reports group by it:
	// "nginx server_name example.com, listen 443 ssl", "mosquitto listener 8883",
	// "nats cluster", "crossbar worker 0 transport 1", "emqx listeners.ssl.default".
	Name string `json:"name"`
	// Kind is the role of the block.
	Kind facts.ListenerKind `json:"kind"`
	// Outgoing is set for blocks that configure connections the server makes
	// (NATS leafnode remotes and gateway remotes); their Cert is a client certificate.
	Outgoing bool     `json:"outgoing,omitempty"`
	Where    Position `json:"where"`
	// TLS is set when the listener speaks TLS as configured.
	TLS bool `json:"tls"`
	// Address and Port are those of the first TLS endpoint (else the first endpoint).
	Address   string     `json:"address,omitempty"`
	Port      int        `json:"port,omitempty"`
	Endpoints []Endpoint `json:"endpoints,omitempty"`
	// Hosts are the names clients use: nginx server_name (without "_", "" and
	// regular expressions), Crossbar.io url hosts, NATS route/gateway/remote URL
	// hosts, EMQX/mosquitto bind host names. Unique, in order of appearance.
	Hosts []string `json:"hosts,omitempty"`

	// Cert holds the certificate (chain) files; nginx allows several (RSA and ECDSA).
	Cert []Setting `json:"cert,omitempty"`
	// Key holds the private key files, in the order of Cert.
	Key []Setting `json:"key,omitempty"`
	// Chain holds separate intermediate files (Crossbar.io chain_certificates).
	Chain []Setting `json:"chain,omitempty"`
	// CA holds the CA files or directories peers are verified with
	// (mosquitto cafile/capath, NATS ca_file, Crossbar.io ca_certificates,
	// EMQX cacertfile, nginx ssl_trusted_certificate).
	CA []Setting `json:"ca,omitempty"`
	// ClientCA holds nginx ssl_client_certificate: CAs clients are verified
	// with and whose names are sent to clients.
	ClientCA []Setting `json:"client_ca,omitempty"`
	DHParam  []Setting `json:"dhparam,omitempty"`
	CRL      []Setting `json:"crl,omitempty"`
	// KeyPassword is the passphrase source for an encrypted key (nginx
	// ssl_password_file, EMQX ssl_options.password).
	KeyPassword *Setting `json:"key_password,omitempty"`

	// Ciphers is the TLS 1.2-and-below cipher list: an OpenSSL string (nginx
	// ssl_ciphers, mosquitto ciphers, Crossbar.io ciphers, EMQX ciphers, which
	// may also hold TLS 1.3 names) or Go suite names (NATS cipher_suites, in Args).
	Ciphers *Setting `json:"ciphers,omitempty"`
	// Ciphersuites is the TLS 1.3 list (nginx "ssl_conf_command Ciphersuites",
	// mosquitto ciphers_tls1.3).
	Ciphersuites *Setting `json:"ciphersuites,omitempty"`
	// Protocols is the version setting: nginx ssl_protocols, mosquitto
	// tls_version, EMQX versions, NATS min_version (a minimum, not a list);
	// Args holds the versions as written.
	Protocols *Setting `json:"protocols,omitempty"`
	// Curves is nginx ssl_ecdh_curve or NATS curve_preferences.
	Curves *Setting `json:"curves,omitempty"`

	Verify VerifyMode `json:"verify"`
	// VerifyBy is the directive that set Verify, nil when not configured.
	VerifyBy *Setting `json:"verify_by,omitempty"`
	// UseIdentityAsUsername: mosquitto use_identity_as_username (or
	// use_subject_as_username, see Directives).
	UseIdentityAsUsername bool `json:"use_identity_as_username,omitempty"`
	// NATS verify_and_map and verify_cert_and_check_known_urls; insecure
	// (skip verification of the servers this block connects to).
	VerifyAndMap                bool      `json:"verify_and_map,omitempty"`
	VerifyCertAndCheckKnownURLs bool      `json:"verify_cert_and_check_known_urls,omitempty"`
	Insecure                    bool      `json:"insecure,omitempty"`
	PinnedCerts                 []Setting `json:"pinned_certs,omitempty"`
	// Timeout is the NATS tls timeout as written (seconds, a number or a duration).
	Timeout *Setting `json:"timeout,omitempty"`
	// OCSPStapling is nginx ssl_stapling; nil when not set.
	OCSPStapling *bool `json:"ocsp_stapling,omitempty"`

	// Directives holds every TLS-related directive seen for this listener,
	// keyed by Setting.Directive, including those inherited (nginx http{}) and
	// those without a typed field above, in order of appearance.
	Directives map[string][]Setting `json:"directives,omitempty"`
}

// VerifyCAs is CA then ClientCA: every file a client certificate is verified against.
func (l *Listener) VerifyCAs() []Setting {
	return append(append([]Setting(nil), l.CA...), l.ClientCA...)
}

// ProblemKind says what went wrong reading a configuration.
type ProblemKind int

const (
	// ProblemSyntax: the file does not parse (the server would refuse it).
	ProblemSyntax ProblemKind = iota + 1
	// ProblemRead: a file (the main one or an include) cannot be read.
	ProblemRead
	// ProblemIncludeLoop: an include names a file already being read.
	ProblemIncludeLoop
	// ProblemTooLarge: a file is over MaxFileSize, or there are more than MaxFiles.
	ProblemTooLarge
	// ProblemBinary: a file is not text.
	ProblemBinary
	// ProblemValue: a directive has a value the server would reject
	// (a bad port, an unknown verify mode).
	ProblemValue
	// ProblemVariable: a value uses a variable that could not be resolved or
	// that the server expands at run time; noted, not an error of the file.
	ProblemVariable
	// ProblemUnknownDirective: a directive the server version this package
	// knows does not have (a typo, or an option of a newer release).
	ProblemUnknownDirective
)

// Fact is the kind as the checks know it (facts.ConfigProblem).
func (k ProblemKind) Fact() facts.ConfigProblemKind {
	switch k {
	case ProblemSyntax:
		return facts.ConfigProblemSyntax
	case ProblemRead:
		return facts.ConfigProblemRead
	case ProblemIncludeLoop:
		return facts.ConfigProblemIncludeLoop
	case ProblemTooLarge:
		return facts.ConfigProblemTooLarge
	case ProblemBinary:
		return facts.ConfigProblemBinary
	case ProblemValue:
		return facts.ConfigProblemValue
	case ProblemVariable:
		return facts.ConfigProblemVariable
	case ProblemUnknownDirective:
		return facts.ConfigProblemUnknownDirective
	}
	return facts.ConfigProblemKind(fmt.Sprintf("ProblemKind(%d)", int(k)))
}

func (k ProblemKind) String() string { return string(k.Fact()) }

// MarshalText makes ProblemKind a string in JSON.
func (k ProblemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Problem is something that kept a configuration from being read in full.
type Problem struct {
	Kind    ProblemKind `json:"kind"`
	Where   Position    `json:"where"`
	Message string      `json:"message"`
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Where, p.Kind, p.Message) }

// Config is one server configuration as read.
type Config struct {
	Type ServerType `json:"type"`
	// Path is the main file given to Load.
	Path string `json:"path"`
	// Files is every file read, the main one first, then includes in the order read.
	Files     []string   `json:"files"`
	Listeners []Listener `json:"listeners"`
	// ServiceUser is the user the server runs as when the configuration says
	// (nginx user, mosquitto user, default "mosquitto"); "" when unknown.
	ServiceUser string `json:"service_user,omitempty"`
	// ServiceUserBy is the directive that named ServiceUser; nil for a default.
	ServiceUserBy *Setting `json:"service_user_by,omitempty"`
	// Globals holds server-wide directives that are not per listener
	// (mosquitto per_listener_settings, nginx ssl_* at http{} level, NATS
	// top-level keys of interest), keyed by directive.
	Globals map[string][]Setting `json:"globals,omitempty"`
	// Users are the user names the server authenticates (NATS
	// authorization.users and accounts.*.users): verify_and_map maps a client
	// certificate's subject or SAN to one of them.
	Users []Setting `json:"users,omitempty"`
	// Problems are syntax errors, unreadable includes, include loops, ... with
	// file and line. A configuration with Problems may be partly read.
	Problems []Problem `json:"problems,omitempty"`
}

func (c *Config) problem(kind ProblemKind, where Position, format string, args ...any) {
	c.Problems = append(c.Problems, Problem{Kind: kind, Where: where, Message: fmt.Sprintf(format, args...)})
}

func (c *Config) addFile(path string) {
	for _, f := range c.Files {
		if f == path {
			return
		}
	}
	c.Files = append(c.Files, path)
}

func (c *Config) global(s Setting) {
	if c.Globals == nil {
		c.Globals = map[string][]Setting{}
	}
	c.Globals[s.Directive] = append(c.Globals[s.Directive], s)
}

// directive records s in l.Directives.
func (l *Listener) directive(s Setting) {
	if l.Directives == nil {
		l.Directives = map[string][]Setting{}
	}
	l.Directives[s.Directive] = append(l.Directives[s.Directive], s)
}

func (l *Listener) addHost(h string) {
	h = strings.TrimSpace(h)
	if h == "" {
		return
	}
	for _, x := range l.Hosts {
		if strings.EqualFold(x, h) {
			return
		}
	}
	l.Hosts = append(l.Hosts, h)
}

// finish sets Address/Port/TLS from Endpoints.
func (l *Listener) finish() {
	if len(l.Endpoints) == 0 {
		return
	}
	pick := l.Endpoints[0]
	for _, e := range l.Endpoints {
		if e.TLS {
			pick = e
			l.TLS = true
			break
		}
	}
	l.Address, l.Port = pick.Address, pick.Port
}

// DirectiveNames lists the keys of Directives, sorted (for stable output).
func (l *Listener) DirectiveNames() []string {
	var names []string
	for k := range l.Directives {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
