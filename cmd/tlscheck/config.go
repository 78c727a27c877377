package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/policy"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/serverconf"
	"github.com/tlscheck/tlscheck/report"
)

func configUsage(w io.Writer) { fmt.Fprint(w, configHelp) }

// configHelp is the text of `tlscheck config -h`.
const configHelp = `Usage: tlscheck config [flags] FILE...

Reads a server's configuration (nginx, mosquitto, NATS, Crossbar.io, EMQX),
follows its includes, and checks every listener: the certificate, key, chain,
CA, client CA, DH parameter and CRL files it names (every files check, with
the roles made explicit and the listener's host names), and the configuration
itself (config.* checks: missing or unreadable files, client verification
without a CA, unknown ciphers and curves, the suites a cipher string really
enables, timeouts, pinning, a syntax error with its file:line). The report is
grouped by listener.

Flags:
  --type T           nginx, mosquitto, nats, crossbar or emqx (default: by content)
  --host NAME        a name the certificates must cover, besides those the
                     configuration gives (server_name, url, route URLs)
  --service-user U   the user the server reads its files as, when the
                     configuration does not say (nginx/mosquitto user)
  --ca FILE          trust anchors for the server certificates (default: the
                     system roots)
  --client-cert FILE a client certificate that NATS pinned_certs must list
  --policy P         judge the files against a platform's rules: emqx-cloud
  --probe            connect to each TLS listener and compare what it serves
                     with the files (config.stale-certificate)
  --probe-host H     connect there instead of the listener's address
                     (default: its address; 127.0.0.1 for a wildcard)
  --probe-timeout D  bound each probe (default 10s)
  --at TIME          validate as of TIME (RFC 3339 or YYYY-MM-DD)
  --warn-days N      warn when a certificate expires within N days (default 30)
  --profile P        auto, private or webpki (zlint rule sets)
  --checks PATTERNS  which checks run (see tlscheck files -h)
  --format F         text, json or sarif (default text)
  --fail-on S        error, warning, info or never (default error)
  --color C          auto, always or never
  -v, --verbose      also list checks that passed or did not apply
  --password PW      password of encrypted keys (prefer TLSCHECK_PASSWORD)

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run.

Examples:
  tlscheck config /etc/nginx/nginx.conf
  tlscheck config --probe /etc/mosquitto/mosquitto.conf
  tlscheck config --type nats --client-cert client.pem nats.conf
  tlscheck config --policy emqx-cloud /etc/emqx/emqx.conf
`

type configOptions struct {
	paths                []string
	typ, serviceUser, at string
	clientCert, password string
	policy, probeHost    string
	probe                bool
	probeTimeout         time.Duration
	ca                   stringList
	hosts                commaList
	reportFlags
}

func runConfig(args []string, e env) int {
	cfg, settings, code := parseConfigFlags(args, e)
	if code >= 0 {
		return code
	}
	groups, err := engine.Config(e.ctx, cfg)
	if err != nil {
		code := cannotRun(e, err, cfg.Password)
		var ue *serverconf.UndetectedTypeError
		if errors.As(err, &ue) {
			hintf(e.stderr, "give --type %s", typeNames("|"))
		}
		return code
	}
	tool := report.Tool{Name: "tlscheck", Version: versionString()}
	switch settings.format {
	case "json":
		err = report.ConfigJSON(e.stdout, tool, groups)
	case "sarif":
		err = report.ConfigSARIF(e.stdout, tool, groups)
	default:
		err = report.ConfigText(e.stdout, groups, report.Options{Color: settings.color, Verbose: settings.verbose, FailOn: settings.failOn.String(), Width: decideWidth(e)})
	}
	if err != nil {
		errorf(e.stderr, "writing the %s report: %s", settings.format, scrub(err.Error(), cfg.Password))
		return exitCannot
	}
	if settings.failOn != checks.None && checks.Max(report.ConfigFindings(groups)) >= settings.failOn {
		return exitFindings
	}
	return exitOK
}

// typeNames lists the configuration types --type takes, joined by sep.
func typeNames(sep string) string {
	var names []string
	for _, t := range serverconf.Types {
		names = append(names, string(t))
	}
	return strings.Join(names, sep)
}

// parseConfigFlags reads and validates config's flags into the engine's
// configuration; code is -1 unless the command should exit with it.
func parseConfigFlags(args []string, e env) (cfg engine.ConfigConfig, settings reportSettings, code int) {
	var o configOptions
	fs := newFlagSet("config")
	fs.StringVar(&o.typ, "type", "", "")
	fs.StringVar(&o.serviceUser, "service-user", "", "")
	fs.StringVar(&o.at, "at", "", "")
	fs.StringVar(&o.clientCert, "client-cert", "", "")
	fs.StringVar(&o.password, "password", "", "")
	fs.StringVar(&o.policy, "policy", "", "")
	fs.StringVar(&o.probeHost, "probe-host", "", "")
	fs.BoolVar(&o.probe, "probe", false, "")
	fs.DurationVar(&o.probeTimeout, "probe-timeout", 10*time.Second, "")
	fs.Var(&o.ca, "ca", "")
	fs.Var(&o.hosts, "host", "")
	o.reportFlags.register(fs)
	if o.paths, code = parseInterleaved(fs, args, e); code >= 0 {
		return cfg, settings, code
	}
	if settings, code = o.reportFlags.validate(e); code >= 0 {
		return cfg, settings, code
	}
	if len(o.paths) == 0 {
		errorf(e.stderr, "no configuration file to check")
		hintf(e.stderr, "e.g. `tlscheck config /etc/nginx/nginx.conf`; `tlscheck config -h` shows the flags")
		return cfg, settings, exitCannot
	}
	typ, code := o.serverType(e)
	if code >= 0 {
		return cfg, settings, code
	}
	now, code := parseAtFlag(o.at, e)
	if code >= 0 {
		return cfg, settings, code
	}
	hosts, code := normaliseHosts(o.hosts, e)
	if code >= 0 {
		return cfg, settings, code
	}
	for _, p := range append(append(append([]string(nil), o.paths...), o.ca...), nonEmptyStrings(o.clientCert)...) {
		if code := unusablePath(p, e); code >= 0 {
			return cfg, settings, code
		}
	}
	return engine.ConfigConfig{
		Checking: o.checking(settings, hosts, now),
		Paths:    o.paths, Type: typ, ServiceUser: o.serviceUser, CA: o.ca,
		Password: passwordFrom(o.password, e), ClientCert: o.clientCert, Policy: o.policy,
		Probe: o.probe, ProbeHost: o.probeHost, ProbeTimeout: o.probeTimeout,
	}, settings, -1
}

// serverType reads --type and --policy, which both name things config knows.
func (o *configOptions) serverType(e env) (serverconf.ServerType, int) {
	if o.policy != "" && !contains(policy.PlatformNames(), o.policy) {
		errorf(e.stderr, "unknown --policy %q for config", o.policy)
		hintf(e.stderr, "%s", formatHint(o.policy, policy.PlatformNames()))
		return serverconf.Unknown, exitCannot
	}
	if o.typ == "" {
		return serverconf.Unknown, -1
	}
	t, err := serverconf.ParseType(o.typ)
	if err != nil {
		errorf(e.stderr, "unknown --type %q", o.typ)
		hintf(e.stderr, "%s", formatHint(o.typ, strings.Split(typeNames(","), ",")))
		return serverconf.Unknown, exitCannot
	}
	return t, -1
}
