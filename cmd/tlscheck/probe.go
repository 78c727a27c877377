package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/engine"
)

func probeUsage(w io.Writer) { fmt.Fprint(w, probeHelp) }

// probeHelp is the text of `tlscheck probe -h`.
const probeHelp = `Usage: tlscheck probe [flags] TARGET

Connects to a TLS server the way a client would, records the handshake, and
explains why it fails: refused, timed out, plaintext, alerts decoded to their
cause (client certificate required or rejected, SNI, no shared version or
suite), then checks the served certificates and chain like 'tlscheck files'.

TARGET is host, host:port, [v6addr]:port, or a URL: https:// wss:// (443),
mqtts:// (8883), nats:// (4222, INFO then TLS), tls://, and the STARTTLS
schemes smtp:// imap:// pop3:// ftp:// xmpp:// ldap:// postgres:// mysql://.

Connection:
  --servername NAME      SNI to send (default: the host, none for an IP)
  --no-sni               send no server_name
  --alpn PROTOS          ALPN protocols to offer (repeatable or comma-separated)
  --starttls PROTO       force a STARTTLS protocol: smtp, imap, pop3, ftp, xmpp,
                         ldap, postgres, mysql, nats
  --cert FILE --key FILE client certificate for mutual TLS (PEM, or a PKCS#12
                         bundle as --cert alone; password from TLSCHECK_PASSWORD)
  --ca FILE              trust anchors (repeatable; default: the system roots)
  --connect-timeout D    TCP connect timeout (default 5s)
  --handshake-timeout D  TLS handshake timeout (default 5s)
  --timeout D            bound on the whole probe, every connection and retry
                         included (default 10s)
  --handshake-budget D   warn when the handshake takes longer (default 500ms)
  --app-check            prove the application answers over TLS (NATS PING,
                         MQTT CONNECT, WebSocket upgrade, HTTPS HEAD)
  -4, -6                 use IPv4 or IPv6 only

Expectations and output (as for 'tlscheck files'):
  --host NAME            another name the certificate must cover (repeatable)
  --at TIME              validate as of TIME (RFC 3339 or YYYY-MM-DD)
  --warn-days N, --profile P, --checks PATTERNS
  --format F             text, json or sarif (default text)
  --fail-on S            error, warning, info or never (default error)
  --color C              auto, always or never
  -v, --verbose          also list checks that passed or did not apply
  --password PW          PKCS#12 password (prefer TLSCHECK_PASSWORD)

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run
(bad flags or target). A server that cannot be reached is a finding (exit 1).

Examples:
  tlscheck probe example.com
  tlscheck probe mqtts://broker.example.com --cert dev.pem --key dev.key
  tlscheck probe nats://nats.example.com:4222 --app-check
  tlscheck probe --starttls smtp mail.example.com:587
`

// durationFlag is a duration flag that also takes plain seconds ("5").
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f durationFlag) Set(v string) error {
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		*f.d = time.Duration(secs * float64(time.Second))
	} else {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration (use 5s, 500ms or seconds)")
		}
		*f.d = d
	}
	if *f.d <= 0 {
		return fmt.Errorf("a duration must be positive (e.g. 5s, 500ms or 10), not %s", v)
	}
	return nil
}

// probeOptions are the parsed flags of `tlscheck probe`.
type probeOptions struct {
	target                    string
	servername, starttls, at  string
	cert, key, password       string
	ca                        stringList
	alpn, hosts               commaList
	noSNI, appCheck, ip4, ip6 bool
	connectTimeout            time.Duration
	handshakeTimeout          time.Duration
	timeout                   time.Duration
	handshakeBudget           time.Duration
	reportFlags
}

func runProbe(args []string, e env) int {
	o, positional, code := parseProbeFlags(args, e)
	if code >= 0 {
		return code
	}
	cfg, settings, code := o.config("probe", positional, e)
	if code >= 0 {
		return code
	}
	r, err := engine.Probe(e.ctx, cfg)
	if err != nil {
		return cannotRun(e, err, cfg.Password)
	}
	if o.verbose {
		f := r.Facts
		c := f.Connection
		fmt.Fprintf(e.stderr, "tlscheck: probed %s: stage %s, %d certificate(s) served; checking as of %s\n",
			c.Target, c.Stage, len(f.Certs), f.Now.UTC().Format(time.RFC3339))
	}
	return emit(e, r, settings, cfg.Password)
}

// parseProbeFlags reads the flags and positional arguments of `tlscheck probe`.
func parseProbeFlags(args []string, e env) (probeOptions, []string, int) {
	o := defaultProbeOptions()
	fs := newFlagSet("probe")
	o.register(fs)
	positional, code := parseInterleaved(fs, args, e)
	return o, positional, code
}

// defaultProbeOptions are probe's defaults; scan starts from them too.
func defaultProbeOptions() probeOptions {
	return probeOptions{connectTimeout: 5 * time.Second, handshakeTimeout: 5 * time.Second, timeout: 10 * time.Second, handshakeBudget: 500 * time.Millisecond}
}

// register defines the flags of a probe (target, trust, client certificate,
// SNI, timeouts, report) on fs; `tlscheck scan` shares them.
func (o *probeOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.servername, "servername", "", "")
	fs.BoolVar(&o.noSNI, "no-sni", false, "")
	fs.Var(&o.alpn, "alpn", "")
	fs.StringVar(&o.starttls, "starttls", "", "")
	fs.StringVar(&o.cert, "cert", "", "")
	fs.StringVar(&o.key, "key", "", "")
	fs.StringVar(&o.password, "password", "", "")
	fs.Var(&o.ca, "ca", "")
	fs.Var(durationFlag{&o.connectTimeout}, "connect-timeout", "")
	fs.Var(durationFlag{&o.handshakeTimeout}, "handshake-timeout", "")
	fs.Var(durationFlag{&o.timeout}, "timeout", "")
	fs.Var(durationFlag{&o.handshakeBudget}, "handshake-budget", "")
	fs.BoolVar(&o.appCheck, "app-check", false, "")
	fs.BoolVar(&o.ip4, "4", false, "")
	fs.BoolVar(&o.ip6, "6", false, "")
	fs.Var(&o.hosts, "host", "")
	fs.StringVar(&o.at, "at", "", "")
	o.reportFlags.register(fs)
}

// config validates the flags before anything is dialled and turns them into
// the engine's configuration; the int is an exit code >= 0 when the run must
// end (the error and hint are written).
func (o probeOptions) config(cmd string, positional []string, e env) (engine.ProbeConfig, reportSettings, int) {
	var cfg engine.ProbeConfig
	settings, code := o.reportFlags.validate(e)
	if code >= 0 {
		return cfg, settings, code
	}
	if code := o.setTarget(cmd, positional, e); code >= 0 {
		return cfg, settings, code
	}
	now, code := parseAtFlag(o.at, e)
	if code >= 0 {
		return cfg, settings, code
	}
	if code := o.checkConnection(e); code >= 0 {
		return cfg, settings, code
	}
	extra, code := normaliseHosts(o.hosts, e)
	if code >= 0 {
		return cfg, settings, code
	}
	if code := o.checkClientCert(e); code >= 0 {
		return cfg, settings, code
	}
	password := passwordFrom(o.password, e)
	if code := checkProbeFiles(append(append([]string{}, o.ca...), nonEmptyStrings(o.cert, o.key)...), e); code >= 0 {
		return cfg, settings, code
	}
	cfg = engine.ProbeConfig{
		Checking: o.checking(settings, extra, now),
		Target:   o.target, StartTLS: o.starttls, ServerName: o.servername, NoSNI: o.noSNI, ALPN: o.alpn,
		ClientCert: o.cert, ClientKey: o.key, Password: password, CA: o.ca,
		ConnectTimeout: o.connectTimeout, HandshakeTimeout: o.handshakeTimeout, Timeout: o.timeout, HandshakeBudget: o.handshakeBudget,
		AppCheck: o.appCheck,
	}
	if o.ip4 {
		cfg.IPVersion = 4
	} else if o.ip6 {
		cfg.IPVersion = 6
	}
	return cfg, settings, -1
}

// setTarget takes the one positional argument as the target of cmd
// (probe or scan).
func (o *probeOptions) setTarget(cmd string, positional []string, e env) int {
	switch len(positional) {
	case 1:
		o.target = positional[0]
		return -1
	case 0:
		errorf(e.stderr, "%s needs a target", cmd)
		hintf(e.stderr, "e.g. `tlscheck %[1]s example.com`, `tlscheck %[1]s mqtts://broker:8883`; `tlscheck %[1]s -h` shows the flags", cmd)
	default:
		redacted := make([]string, len(positional))
		for i, p := range positional {
			redacted[i] = engine.RedactTarget(p)
		}
		errorf(e.stderr, "%s takes one target, got %d: %s", cmd, len(positional), strings.Join(redacted, " "))
		hintf(e.stderr, "%s one server per run; extra names the certificate must cover go in --host", cmd)
	}
	return exitCannot
}

// checkConnection refuses flags that exclude each other and a target that
// cannot be probed.
func (o probeOptions) checkConnection(e env) int {
	if o.ip4 && o.ip6 {
		errorf(e.stderr, "-4 and -6 exclude each other")
		return exitCannot
	}
	if o.noSNI && o.servername != "" {
		errorf(e.stderr, "--no-sni and --servername exclude each other")
		return exitCannot
	}
	if err := engine.CheckTarget(o.target, o.starttls); err != nil {
		errorf(e.stderr, "%v", err)
		hintf(e.stderr, "targets look like host, host:port, [::1]:8443, https://host, mqtts://host, nats://host:4222")
		return exitCannot
	}
	return -1
}

// checkClientCert wants --cert and --key together, or a PKCS#12 --cert alone.
func (o probeOptions) checkClientCert(e env) int {
	if (o.cert == "") == (o.key == "") || (o.cert != "" && isPKCS12Name(o.cert)) {
		return -1
	}
	if o.cert == "" {
		errorf(e.stderr, "--key needs --cert (the client certificate it belongs to)")
	} else {
		errorf(e.stderr, "--cert needs --key (or give a PKCS#12 bundle: --cert client.p12)")
	}
	return exitCannot
}

// checkProbeFiles makes a --ca, --cert or --key file that cannot be found a
// could-not-run error, with a hint when a sibling is spelt alike.
func checkProbeFiles(paths []string, e env) int {
	for _, p := range paths {
		if code := unusablePath(p, e); code >= 0 {
			return code
		}
	}
	return -1
}

func isPKCS12Name(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, ".p12") || strings.HasSuffix(l, ".pfx")
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
