package vuln

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// test describes one vulnerability check.
type test struct {
	id       facts.VulnID
	title    string
	severity checks.Severity
	refs     []string
	doc      string
	fix      string // the general remedy, for explain
	// observed says what the test saw on a vulnerable server; expected
	// what a safe one does.
	observed, expected string
	// fixFor is the concrete fix for the recognised server software.
	fixFor func(f *facts.Facts, sw scanrule.Software) string
}

// register makes the check of t and registers it.
func register(t test) *checks.Check {
	c := &checks.Check{
		ID:       "vuln." + string(t.id),
		Title:    t.title,
		Severity: t.severity,
		Refs:     t.refs,
		Doc:      t.doc,
		Fix:      t.fix,
		Applies:  []*checks.Scope{checks.ScanResults},
		Run:      func(p *checks.Pass) { run(p, t) },
	}
	checks.Register(c)
	return c
}

func run(p *checks.Pass, t test) {
	f := p.Facts
	r := f.Scan.Vuln(t.id)
	switch {
	case r == nil:
		p.NotChecked(string(t.id), scanrule.UntestedReason(f.Scan, "the scan ran no "+string(t.id)+" test", "vuln."+string(t.id)))
		return
	case !r.Tested && r.NotApplicable:
		// Nothing to test (no renegotiation without TLS 1.2 or older, no
		// fallback with one version): no gap in coverage either.
		p.NotApplicable(r.Reason)
		return
	case !r.Tested:
		reason := r.Reason
		if reason == "" {
			reason = scanrule.UntestedReason(f.Scan, "the test did not run", "vuln."+string(t.id))
		}
		p.NotChecked(string(t.id), reason)
		return
	case !r.Vulnerable:
		return
	}
	ev := scanrule.Evidence(r.Evidence)
	msg := t.observed
	if len(ev) > 0 {
		msg += " (" + describe(ev) + ")"
	}
	msg += "; expected " + t.expected
	p.Report(checks.Finding{Subject: scanrule.Subject(f), Message: msg, Evidence: ev, Fix: t.fixFor(f, scanrule.Of(f))})
}

// describe lists evidence as key=value, sorted by key.
func describe(ev map[string]string) string {
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, k+"="+ev[k])
	}
	return strings.Join(out, ", ")
}

// ciphersWithout is the cipher-list fix that keeps the server's good suites
// except those drop rejects.
func ciphersWithout(drop func(suites.Suite) bool) func(*facts.Facts, scanrule.Software) string {
	return func(f *facts.Facts, sw scanrule.Software) string {
		return scanrule.CiphersFix(sw, scanrule.Keep(f.Scan, drop))
	}
}

// protocols is the fix that accepts TLS 1.2 and 1.3 only.
func protocols(_ *facts.Facts, sw scanrule.Software) string { return scanrule.ProtocolsFix(sw) }

// upgrade is the fix for a bug in the TLS library itself.
func upgrade(what string) func(*facts.Facts, scanrule.Software) string {
	return func(_ *facts.Facts, sw scanrule.Software) string {
		switch sw {
		case scanrule.Mosquitto:
			return fmt.Sprintf("upgrade the OpenSSL mosquitto links (%s; `mosquitto -h` names the version, `ldd $(command -v mosquitto) | grep ssl` the library), then restart the broker", what)
		case scanrule.NATS:
			return fmt.Sprintf("nats-server uses Go's crypto/tls, which never had this bug: the TLS in front of it does; upgrade that proxy's OpenSSL (%s) and restart it", what)
		}
		return fmt.Sprintf("upgrade the OpenSSL the server links (%s; `nginx -V` names the one nginx was built with, `openssl version` the system's), then restart the server", what)
	}
}
