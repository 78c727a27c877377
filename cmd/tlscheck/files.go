package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks/policy"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

// passwordEnv names the environment variable that carries the PKCS#12 password.
const passwordEnv = "TLSCHECK_PASSWORD"

func filesUsage(w io.Writer) { fmt.Fprint(w, filesHelp) }

// filesHelp is the text of `tlscheck files -h`.
const filesHelp = `Usage: tlscheck files [flags] PATH...

Checks the certificate, key, chain and CA files a server or client will load,
as one deployment. PATH may be a file, a directory (walked) or - for standard
input; files are recognised by content (PEM, DER, PKCS#7, PKCS#12, keys, CSRs,
DH parameters, CRLs). In a directory, a file named like a certificate or key
(.crt .pem .cer .der .key .p12 .pfx .csr .crl) that holds none is reported
(file.format-unknown); other files are skipped. Flags may come before or
after the paths.

Roles (repeatable; each names a file whose role you know):
  --cert FILE        the server (or client) certificate, leaf first
  --key FILE         its private key
  --chain FILE       intermediates sent after the certificate (e.g. chain_certificates)
  --ca FILE          trust anchors the clients use (default: the system roots,
                     else an embedded Mozilla bundle)
  --client-ca FILE   the CA that verifies client certificates (mutual TLS)
  --untrusted FILE   candidate intermediates in no particular order, used only
                     to build paths (like openssl verify -untrusted)
  --crl FILE         a certificate revocation list to check the paths against

Expectations:
  --host NAME        a DNS name or IP the certificate must cover (repeatable,
                     or comma-separated); no server certificate among the
                     inputs is then an error (host.no-certificate)
  --purpose P        server, client, both, or any (no EKU required)
                     (default server)
  --max-chain-depth N  at most N intermediates on a path (self-issued ones
                     not counted; like openssl verify -verify_depth)
  --at TIME          validate as of TIME: RFC 3339 or YYYY-MM-DD (default now)
  --warn-days N      warn when a certificate expires within N days (default 30;
                     0 turns the warning off)
  --profile P        auto, private or webpki: which zlint rule sets apply
                     (default auto: CA/Browser Forum rules only for public roots)
  --checks PATTERNS  which checks run, e.g. all,-zlint.* or chain.*,key.*:
                     comma-separated IDs with * wildcards, applied left to
                     right; a bare family (chain) is chain.*, - excludes,
                     zlint.lints is every zlint lint (zlint.*); empty ('')
                     means all; a pattern matching no check, an empty
                     pattern (',') or a list selecting no check ('-all')
                     is an error (exit 2)

Output and exit status:
  --format F         text, json or sarif (default text)
  --fail-on S        exit 1 when a finding is at or above S: error, warning,
                     info or never (default error)
  --color C          auto, always or never (default auto; NO_COLOR is honoured)
  -v, --verbose      also list checks that passed or did not apply

Other:
  --policy P         judge the files against a platform's upload rules:
                     emqx-cloud (policy.emqx-cloud)
  --password PW      password of PKCS#12 bundles; visible to other users in ps,
                     prefer the environment variable TLSCHECK_PASSWORD
  --fetch-aia        fetch a missing intermediate from its AIA URL (network)

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run.

Examples:
  tlscheck files /etc/letsencrypt/live/example.com/
  tlscheck files --host mqtt.example.com --ca ca.pem server.crt server.key
  tlscheck files --cert server.crt --chain chain.pem --key server.key --at 2027-01-01
  tlscheck files --format sarif --fail-on warning certs/ > tlscheck.sarif
`

// filesOptions are the parsed flags of `tlscheck files`.
type filesOptions struct {
	paths                       []string
	cert, key, chain, ca, clica stringList
	untrusted, crl              stringList
	maxDepth                    optionalCount
	hosts                       commaList
	purpose, at                 string
	password                    string
	policy                      string
	fetchAIA                    bool
	reportFlags
}

func runFiles(args []string, e env) int {
	o, code := parseFilesFlags(args, e)
	if code >= 0 {
		return code
	}
	cfg, settings, code := o.config(e)
	if code >= 0 {
		return code
	}
	r, err := engine.Files(e.ctx, cfg)
	var noFiles *engine.NoFilesError
	if errors.As(err, &noFiles) {
		errorf(e.stderr, "found no files to check in %s", strings.Join(o.paths, ", "))
		if len(noFiles.LookedAt) > 0 {
			hintf(e.stderr, "looked at %s: none is named like a certificate or key (.crt .pem .cer .der .key .p12 .pfx .csr .crl) or holds PEM or DER; name the file explicitly to check it anyway",
				strings.Join(noFiles.LookedAt, ", "))
		}
		return exitCannot
	}
	if err != nil {
		return cannotRun(e, err, cfg.Password)
	}
	if o.verbose {
		f := r.Facts
		anchors := fmt.Sprintf("%d trust anchor(s)", len(f.Roots))
		if len(o.ca) == 0 {
			anchors = fmt.Sprintf("%d of the system store's %d roots issued an input", len(f.Roots), engine.SystemStoreSize())
		}
		fmt.Fprintf(e.stderr, "tlscheck: read %d file(s): %d certificate(s), %d key(s), %s; checking as of %s\n",
			len(f.Files), len(f.Certs), len(f.Keys), anchors, f.Now.UTC().Format(time.RFC3339))
	}
	return emit(e, r, settings, cfg.Password)
}

// parseFilesFlags reads the flags and paths of `tlscheck files`.
func parseFilesFlags(args []string, e env) (filesOptions, int) {
	var o filesOptions
	fs := newFlagSet("files")
	fs.Var(&o.cert, "cert", "")
	fs.Var(&o.key, "key", "")
	fs.Var(&o.chain, "chain", "")
	fs.Var(&o.ca, "ca", "")
	fs.Var(&o.clica, "client-ca", "")
	fs.Var(&o.untrusted, "untrusted", "")
	fs.Var(&o.crl, "crl", "")
	fs.Var(&o.maxDepth, "max-chain-depth", "")
	fs.Var(&o.hosts, "host", "")
	fs.StringVar(&o.purpose, "purpose", facts.PurposeServer, "")
	fs.StringVar(&o.at, "at", "", "")
	fs.StringVar(&o.password, "password", "", "")
	fs.BoolVar(&o.fetchAIA, "fetch-aia", false, "")
	fs.StringVar(&o.policy, "policy", "", "")
	o.reportFlags.register(fs)
	positional, code := parseInterleaved(fs, args, e)
	o.paths = positional
	return o, code
}

// config validates every flag before any file is read and turns them into
// the engine's configuration; the int is an exit code >= 0 when the run must
// end (the error and hint are written).
func (o filesOptions) config(e env) (engine.FilesConfig, reportSettings, int) {
	var cfg engine.FilesConfig
	settings, code := o.reportFlags.validate(e)
	if code >= 0 {
		return cfg, settings, code
	}
	switch o.purpose {
	case facts.PurposeServer, facts.PurposeClient, facts.PurposeBoth, facts.PurposeAny:
	default:
		errorf(e.stderr, "unknown --purpose %q", o.purpose)
		hintf(e.stderr, "%s", formatHint(o.purpose, []string{"server", "client", "both", "any"}))
		return cfg, settings, exitCannot
	}
	if o.policy != "" && !contains(policy.PlatformNames(), o.policy) {
		errorf(e.stderr, "unknown --policy %q for files", o.policy)
		hintf(e.stderr, "%s", formatHint(o.policy, policy.PlatformNames()))
		return cfg, settings, exitCannot
	}
	now, code := parseAtFlag(o.at, e)
	if code >= 0 {
		return cfg, settings, code
	}
	hosts, code := normaliseHosts(o.hosts, e)
	if code >= 0 {
		return cfg, settings, code
	}
	password := passwordFrom(o.password, e)
	if code := o.checkSomethingToCheck(e); code >= 0 {
		return cfg, settings, code
	}
	if code := checkPaths(o, e); code >= 0 {
		return cfg, settings, code
	}
	return engine.FilesConfig{
		Checking: o.checking(settings, hosts, now),
		Paths:    o.paths, Cert: o.cert, Key: o.key, Chain: o.chain, CA: o.ca, ClientCA: o.clica,
		Untrusted: o.untrusted, CRL: o.crl,
		Stdin: e.stdin, Password: password, FetchAIA: o.fetchAIA, Purpose: o.purpose,
		MaxChainDepth: o.maxDepth.n, HasMaxChainDepth: o.maxDepth.set, Policy: o.policy,
	}, settings, -1
}

// checkSomethingToCheck refuses a run with no input but --ca, or none at all.
func (o filesOptions) checkSomethingToCheck(e env) int {
	if len(o.paths)+len(o.cert)+len(o.key)+len(o.chain)+len(o.clica)+len(o.untrusted) > 0 {
		return -1
	}
	if len(o.ca) > 0 {
		errorf(e.stderr, "nothing to check: --ca only names the trust anchors")
		hintf(e.stderr, "give the files to check too, e.g. `tlscheck files --ca %s server.crt server.key`", o.ca[0])
	} else {
		errorf(e.stderr, "no files to check")
		hintf(e.stderr, "e.g. `tlscheck files /etc/letsencrypt/live/example.com/`; `tlscheck files -h` shows the flags")
	}
	filesUsage(e.stderr)
	return exitCannot
}

// parseAt reads --at: RFC 3339, or a date (midnight UTC).
func parseAt(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

// normaliseHosts accepts DNS names and IP literals (IPv6 with or without
// brackets) and refuses URLs and host:port, which certificates never name.
func normaliseHosts(in []string, e env) ([]string, int) {
	var out []string
	for _, h := range in {
		if strings.Contains(h, "://") {
			errorf(e.stderr, "--host %q is a URL; it takes a name or an IP address", h)
			rest := h[strings.Index(h, "://")+3:]
			rest, _, _ = strings.Cut(rest, "/")
			if host, _, err := net.SplitHostPort(rest); err == nil {
				rest = host
			}
			hintf(e.stderr, "use --host %s", rest)
			return nil, exitCannot
		}
		if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			h = strings.Trim(h, "[]")
		}
		if net.ParseIP(h) == nil {
			if host, port, err := net.SplitHostPort(h); err == nil {
				errorf(e.stderr, "--host %q carries a port; certificates name hosts, not ports", h)
				hintf(e.stderr, "use --host %s (port %s does not matter to the certificate)", host, port)
				return nil, exitCannot
			}
		}
		out = append(out, h)
	}
	return out, -1
}

// checkPaths makes "a path that does not exist" a could-not-run error before
// anything is read, naming the path and, when a sibling is spelt alike, it.
func checkPaths(o filesOptions, e env) int {
	stdinUsed := false
	for _, group := range [][]string{o.paths, o.cert, o.key, o.chain, o.ca, o.clica, o.untrusted, o.crl} {
		for _, p := range group {
			if p == "-" {
				if stdinUsed {
					errorf(e.stderr, "standard input (-) can be read only once")
					return exitCannot
				}
				stdinUsed = true
				continue
			}
			if code := unusablePath(p, e); code >= 0 {
				return code
			}
		}
	}
	return -1
}

// unusablePath reports a path that cannot be read at all (exit 2), with a
// hint when a sibling is spelt alike; -1 when it is fine.
func unusablePath(p string, e env) int {
	err := load.CheckPath(p)
	if err == nil {
		return -1
	}
	errorf(e.stderr, "%v", err)
	var uerr *load.UnusablePathError
	if errors.As(err, &uerr) && uerr.LinkTarget == "" {
		if s := similarSibling(p); s != "" {
			hintf(e.stderr, "did you mean %s?", s)
		}
	}
	return exitCannot
}

// similarSibling returns an existing path in the same directory whose name
// is a small edit away from p's.
func similarSibling(p string) string {
	dir, names := load.Siblings(p)
	_, base := filepath.Split(filepath.Clean(p))
	if c := closest(base, names); c != "" {
		if dir == "." && !strings.HasPrefix(p, "./") {
			return c
		}
		return filepath.Join(dir, c)
	}
	return ""
}

// scrub keeps a password out of anything tlscheck prints, whatever a
// library put in an error message.
func scrub(s, password string) string {
	if password == "" {
		return s
	}
	return strings.ReplaceAll(s, password, "********")
}
