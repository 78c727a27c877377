package facts

// ServerConfig is what `tlscheck config` read from a server's configuration
// for one listener (or, with Listener empty, for the configuration as a
// whole: its Problems). internal/serverconf parses, internal/engine fills
// this view; the config.* checks read only it. Positions are "file:line".
type ServerConfig struct {
	// Type is the server.
	Type ServerType `json:"type"`
	Path string     `json:"path"` // the main configuration file
	// Listener is the listener's name as reports group by it; "" for the
	// configuration-wide view (Problems).
	Listener string `json:"listener,omitempty"`
	// Kind is the block's role.
	Kind     ListenerKind `json:"kind,omitempty"`
	Outgoing bool         `json:"outgoing,omitempty"`
	Where    string       `json:"where,omitempty"`
	Address  string       `json:"address,omitempty"`
	Port     int          `json:"port,omitempty"`
	TLS      bool         `json:"tls,omitempty"`
	Hosts    []string     `json:"hosts,omitempty"`

	// ServiceUser is the user the server reads its files as ("" unknown:
	// files were judged readable by tlscheck's own user); ServiceUserBy is
	// the directive or flag that says so.
	ServiceUser   string `json:"service_user,omitempty"`
	ServiceUserBy string `json:"service_user_by,omitempty"`

	// Files are the files the listener names, with what a stat found.
	Files []ConfigFile `json:"files,omitempty"`

	Ciphers               *ConfigSetting  `json:"ciphers,omitempty"`
	Ciphersuites          *ConfigSetting  `json:"ciphersuites,omitempty"`
	Protocols             *ConfigSetting  `json:"protocols,omitempty"`
	Curves                *ConfigSetting  `json:"curves,omitempty"`
	Verify                VerifyMode      `json:"verify,omitempty"`
	VerifyBy              *ConfigSetting  `json:"verify_by,omitempty"`
	UseIdentityAsUsername *ConfigSetting  `json:"use_identity_as_username,omitempty"`
	VerifyAndMap          *ConfigSetting  `json:"verify_and_map,omitempty"`
	Insecure              *ConfigSetting  `json:"insecure,omitempty"`
	PinnedCerts           []ConfigSetting `json:"pinned_certs,omitempty"`
	Timeout               *ConfigSetting  `json:"timeout,omitempty"`
	KeyPassword           *ConfigSetting  `json:"key_password,omitempty"`
	// Users are the users verify_and_map can map a certificate to.
	Users []string `json:"users,omitempty"`

	// ResolvedCiphers is what the cipher settings resolve to (the suites
	// the server will really offer), nil when not resolved.
	ResolvedCiphers *ResolvedCiphers `json:"resolved_ciphers,omitempty"`
	// UnknownCurves are the curve names the server does not know.
	UnknownCurves []string `json:"unknown_curves,omitempty"`

	// Problems: syntax errors, include loops, unreadable includes (only in
	// the configuration-wide view).
	Problems []ConfigProblem `json:"problems,omitempty"`

	// Served is what the running listener served (--probe), nil without.
	Served *ConfigServed `json:"served,omitempty"`
	// ClientCertPin is the SPKI SHA-256 (hex) of --client-cert, "" without.
	ClientCertPin  string `json:"client_cert_pin,omitempty"`
	ClientCertFile string `json:"client_cert_file,omitempty"`
}

// ConfigSetting is one directive: its name, value and position.
type ConfigSetting struct {
	Directive string   `json:"directive"`
	Value     string   `json:"value"`
	Args      []string `json:"args,omitempty"`
	Where     string   `json:"where"`
}

// ConfigFile roles.
const (
	ConfigCert     = "certificate"
	ConfigKey      = "key"
	ConfigChain    = "chain"
	ConfigCA       = "ca"
	ConfigClientCA = "client-ca"
	ConfigDHParam  = "dhparam"
	ConfigCRL      = "crl"
	ConfigPassword = "password-file"
)

// ConfigFile is a file a listener names and what a stat of it found.
type ConfigFile struct {
	Role    string        `json:"role"`
	Setting ConfigSetting `json:"setting"`
	Path    string        `json:"path"`
	// Dynamic: the path holds a run-time variable; nothing was read.
	Dynamic bool `json:"dynamic,omitempty"`
	Exists  bool `json:"exists"`
	IsDir   bool `json:"is_dir,omitempty"`
	// StatError is why the file could not be looked at (other than not
	// existing), e.g. "permission denied".
	StatError string `json:"stat_error,omitempty"`
	Mode      uint32 `json:"mode,omitempty"`
	Owner     string `json:"owner,omitempty"`
	Group     string `json:"group,omitempty"`
	// Readable says whether ServiceUser (else tlscheck's user) can read
	// the file; ReadableHow how: "owner", "group", "other", "root".
	Readable    bool   `json:"readable"`
	ReadableHow string `json:"readable_how,omitempty"`
	// ReadError is why tlscheck itself could not read the file.
	ReadError string `json:"read_error,omitempty"`
}

// ResolvedCiphers is a cipher setting resolved to suites.
type ResolvedCiphers struct {
	// By says how: "openssl ciphers -V -s (OpenSSL 3.0.2)", "Go crypto/tls names".
	By string `json:"by,omitempty"`
	// NotChecked is why the string could not be resolved ("" when it was).
	NotChecked string `json:"not_checked,omitempty"`
	// Suites are the IANA code points offered, in order.
	Suites []uint16 `json:"suites,omitempty"`
	// Unknown are names the server does not know; NATS refuses to start
	// on them, OpenSSL-based servers skip them.
	Unknown []string `json:"unknown,omitempty"`
	// FailsToStart: the server refuses the setting as a whole (NATS on
	// any unknown name; OpenSSL when nothing at all matches).
	FailsToStart bool `json:"fails_to_start,omitempty"`
}

// ServerType is the server a configuration is for. In JSON it is the name.
type ServerType string

// Server types.
const (
	ServerNginx     ServerType = "nginx"
	ServerMosquitto ServerType = "mosquitto"
	ServerNATS      ServerType = "nats"
	ServerCrossbar  ServerType = "crossbar"
	ServerEMQX      ServerType = "emqx"
)

// VerifyMode is whether a listener asks for and requires a peer (client)
// certificate. In JSON it is the name.
type VerifyMode string

// Verify modes.
const (
	VerifyNone         VerifyMode = "none"           // no client certificate is requested
	VerifyOptional     VerifyMode = "optional"       // requested, and verified if sent
	VerifyOptionalNoCA VerifyMode = "optional_no_ca" // requested, not verified against a CA
	VerifyRequired     VerifyMode = "required"       // a verified client certificate is required
)

// ListenerKind is the role of a listener or TLS block in a server's
// configuration. In JSON it is the name.
type ListenerKind string

// Listener kinds.
const (
	ListenerServer         ListenerKind = "server"          // nginx http server, NATS client port
	ListenerStream         ListenerKind = "stream"          // nginx stream server
	ListenerListener       ListenerKind = "listener"        // mosquitto, EMQX
	ListenerCluster        ListenerKind = "cluster"         // NATS cluster routes
	ListenerGateway        ListenerKind = "gateway"         // NATS gateway
	ListenerGatewayRemote  ListenerKind = "gateway remote"  // a NATS gateway the server connects to
	ListenerLeafnode       ListenerKind = "leafnode"        // NATS leafnode port
	ListenerLeafnodeRemote ListenerKind = "leafnode remote" // a NATS leafnode remote the server connects to
	ListenerWebsocket      ListenerKind = "websocket"       // NATS websocket
	ListenerMQTT           ListenerKind = "mqtt"            // NATS MQTT
	ListenerTransport      ListenerKind = "transport"       // Crossbar.io
)

// PeersAreServers says whether the peers on this port are servers too (NATS
// cluster, gateway and leafnode ports): then the CA verifies servers, and a
// certificate there is used as client and server alike.
func (k ListenerKind) PeersAreServers() bool {
	return k == ListenerCluster || k == ListenerGateway || k == ListenerLeafnode
}

// ConfigProblemKind says what kept a configuration from being read in
// full. In JSON it is the name.
type ConfigProblemKind string

// Configuration problem kinds.
const (
	ConfigProblemSyntax           ConfigProblemKind = "syntax"
	ConfigProblemRead             ConfigProblemKind = "read"
	ConfigProblemIncludeLoop      ConfigProblemKind = "include-loop"
	ConfigProblemTooLarge         ConfigProblemKind = "too-large"
	ConfigProblemBinary           ConfigProblemKind = "binary"
	ConfigProblemValue            ConfigProblemKind = "value"
	ConfigProblemVariable         ConfigProblemKind = "variable" // noted, not an error of the file
	ConfigProblemUnknownDirective ConfigProblemKind = "unknown-directive"
)

// ConfigProblem is a problem reading the configuration itself.
type ConfigProblem struct {
	Kind    ConfigProblemKind `json:"kind"`
	Where   string            `json:"where"`
	Message string            `json:"message"`
}

// ConfigServed is what a probe of the listener saw.
type ConfigServed struct {
	Address string `json:"address"`
	// Error is why nothing was served (refused, handshake failed).
	Error string `json:"error,omitempty"`
	// Chain is the served chain, DER, leaf first.
	Chain [][]byte `json:"chain,omitempty"`
	// Version and CipherSuite (IANA name) are what the handshake negotiated.
	Version     TLSVersion `json:"version,omitempty"`
	CipherSuite string     `json:"cipher_suite,omitempty"`
}
