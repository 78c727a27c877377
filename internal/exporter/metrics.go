package exporter

import (
	"context"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
	"github.com/tlscheck/tlscheck/report"
)

// The metrics of one /probe run. Every label set is bounded by the run: a
// label takes one value per certificate of the chain, per finding ID, per
// TLS version or per vulnerability test, never per request.
var (
	descSuccess = prometheus.NewDesc("tlscheck_probe_success",
		"1 when the run gathered what it looks at (a completed handshake, the files read), else 0; what is wrong with it is in tlscheck_findings.", nil, nil)
	descDuration = prometheus.NewDesc("tlscheck_probe_duration_seconds",
		"How long the run took, checks included.", nil, nil)
	descTimeout = prometheus.NewDesc("tlscheck_probe_timeout_seconds",
		"The deadline the run was given: the scrape timeout less a margin, the module's timeout, or the default.", nil, nil)
	descFailure = prometheus.NewDesc("tlscheck_probe_failure_info",
		"Why no handshake completed: the stage reached and the kind of failure (refused, timeout, alert, plaintext, ...).", []string{"stage", "kind"}, nil)
	descVersion = prometheus.NewDesc("tlscheck_tls_version_info",
		"The TLS version negotiated.", []string{"version"}, nil)
	descCipher = prometheus.NewDesc("tlscheck_tls_cipher_info",
		"The cipher suite negotiated (IANA name).", []string{"cipher"}, nil)
	certLabels     = []string{"position", "subject", "issuer", "serial", "sha256", "role"}
	descNotBefore  = prometheus.NewDesc("tlscheck_cert_not_before", "The certificate's notBefore, in seconds since the epoch; present whatever is wrong with it.", certLabels, nil)
	descNotAfter   = prometheus.NewDesc("tlscheck_cert_not_after", "The certificate's notAfter, in seconds since the epoch; present whatever is wrong with it.", certLabels, nil)
	descTrusted    = prometheus.NewDesc("tlscheck_chain_trusted", "1 when every certification path built ends at a trust anchor (--ca / ca:, else the system store), else 0.", nil, nil)
	descLeafExpiry = prometheus.NewDesc("tlscheck_leaf_expiry_days", "Days until the leaf certificate expires (negative once expired); the soonest leaf when there are several.", nil, nil)
	descFindings   = prometheus.NewDesc("tlscheck_findings", "Findings of the run, by check ID and severity (see `tlscheck explain ID`).", []string{"id", "severity"}, nil)
	descGrade      = prometheus.NewDesc("tlscheck_grade_info", "The scan's grade (A+ to F, T not trusted, M name mismatch).", []string{"grade"}, nil)
	descScore      = prometheus.NewDesc("tlscheck_grade_score", "The scan's score before caps, 0 to 100.", nil, nil)
	descOffered    = prometheus.NewDesc("tlscheck_scan_version_offered", "1 when the server accepts the protocol version, 0 when it refuses it (versions tested only).", []string{"version"}, nil)
	descAccepted   = prometheus.NewDesc("tlscheck_scan_cipher_accepted", "The number of cipher suites the server accepts, per protocol version.", []string{"version"}, nil)
	descVulnerable = prometheus.NewDesc("tlscheck_scan_vulnerable", "1 when the server is vulnerable, 0 when not (tests that ran only).", []string{"id"}, nil)
	descPolicy     = prometheus.NewDesc("tlscheck_scan_policy_compliant", "1 when the server meets the module's policy, else 0.", []string{"policy"}, nil)
	descScanConns  = prometheus.NewDesc("tlscheck_scan_connections", "Connections the scan opened.", nil, nil)
)

// runDescs are every metric a run can have, for the documentation test.
var runDescs = []*prometheus.Desc{descSuccess, descDuration, descTimeout, descFailure, descVersion, descCipher,
	descNotBefore, descNotAfter, descTrusted, descLeafExpiry, descFindings, descGrade, descScore, descOffered,
	descAccepted, descVulnerable, descPolicy, descScanConns}

// runCollector hands Prometheus the metrics of one finished run; it lives
// in the request's own registry only.
type runCollector struct{ run *Run }

func (c runCollector) Describe(ch chan<- *prometheus.Desc) {} // unchecked: the label sets depend on the run

func (c runCollector) Collect(ch chan<- prometheus.Metric) {
	r := c.run
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		for i, l := range labels {
			labels[i] = labelValue(l)
		}
		if m, err := prometheus.NewConstMetric(d, prometheus.GaugeValue, v, labels...); err == nil {
			ch <- m
		}
	}
	gauge(descSuccess, boolValue(r.Success))
	gauge(descDuration, r.Duration.Seconds())
	gauge(descTimeout, r.Timeout.Seconds())
	if r.Err != nil {
		stage, kind := runErrorKind(r.Err)
		gauge(descFailure, 1, stage, kind)
	}
	rep := r.Report
	if rep == nil {
		return
	}
	f := rep.Facts
	if f != nil && f.Connection != nil {
		conn := f.Connection
		if conn.Failure != nil {
			gauge(descFailure, 1, string(conn.Failure.Stage), string(conn.Failure.Kind))
		}
		if conn.Version != 0 {
			gauge(descVersion, 1, conn.Version.String())
		}
		if conn.CipherSuite != "" {
			gauge(descCipher, 1, conn.CipherSuite)
		}
	}
	if f != nil {
		collectCerts(f, gauge)
	}
	counts := map[[2]string]int{}
	for _, fd := range rep.Findings {
		counts[[2]string{fd.ID, fd.Severity.String()}]++
	}
	for k, n := range counts {
		gauge(descFindings, float64(n), k[0], k[1])
	}
	if s := rep.Scan; s != nil {
		collectScan(s, gauge)
	}
}

// collectCerts writes one not_before and not_after per distinct certificate
// on the built paths (leaf first, then its issuers, position 0, 1, ...),
// then any other certificate served or read. Nothing here depends on the
// certificate being valid: an expired, untrusted or wrong-host certificate
// is reported like a good one.
func collectCerts(f *facts.Facts, gauge func(*prometheus.Desc, float64, ...string)) {
	seen := map[string]bool{}
	emit := func(c *facts.Cert, position int, role string) {
		if c == nil || c.X509 == nil || seen[c.Fingerprint()] {
			return
		}
		seen[c.Fingerprint()] = true
		x := c.X509
		labels := []string{strconv.Itoa(position), checks.DN(x.Subject), checks.DN(x.Issuer),
			hex.EncodeToString(x.SerialNumber.Bytes()), c.Fingerprint(), role}
		gauge(descNotBefore, float64(x.NotBefore.Unix()), labels...)
		gauge(descNotAfter, float64(x.NotAfter.Unix()), labels...)
	}
	chains := paths.Chains(f)
	trusted := len(chains) > 0
	var leafExpiry *float64
	for _, ch := range chains {
		if ch.Status != facts.ChainTrusted {
			trusted = false
		}
		for i, c := range ch.Path {
			role := "intermediate"
			switch {
			case i == 0:
				role = "leaf"
				if c.X509 != nil {
					days := c.X509.NotAfter.Sub(f.Now).Hours() / 24
					if leafExpiry == nil || days < *leafExpiry {
						leafExpiry = &days
					}
				}
			case i == len(ch.Path)-1 && (c.SelfSigned() || c.Anchor()):
				role = "root"
			}
			emit(c, i, role)
		}
	}
	for _, c := range f.Certs {
		emit(c, c.Source.Index, "other")
	}
	if len(chains) > 0 {
		gauge(descTrusted, boolValue(trusted))
	}
	if leafExpiry != nil {
		gauge(descLeafExpiry, *leafExpiry)
	}
}

func collectScan(s *report.Scan, gauge func(*prometheus.Desc, float64, ...string)) {
	for _, v := range s.Versions {
		if v.Tested {
			gauge(descOffered, boolValue(v.Offered), v.Version)
		}
	}
	accepted := map[string]int{}
	for _, c := range s.Ciphers {
		accepted[c.Version]++
	}
	for _, v := range s.Versions {
		if v.Offered {
			gauge(descAccepted, float64(accepted[v.Version]), v.Version)
		}
	}
	for _, v := range s.Vulnerabilities {
		if v.Tested {
			gauge(descVulnerable, boolValue(v.Vulnerable), v.ID)
		}
	}
	if s.Grade != nil {
		gauge(descGrade, 1, s.Grade.Grade)
		gauge(descScore, float64(s.Grade.Score))
	}
	if s.Policy != nil {
		gauge(descPolicy, boolValue(s.Policy.Compliant), s.Policy.Name)
	}
	gauge(descScanConns, float64(s.Stats.Connections))
}

// runErrorKind labels a run that could not complete: it ran out of time
// (stage run, kind deadline), was cancelled (the scrape went away, or a
// shutdown), or could not start from the module's settings (stage setup,
// kind config: a ca: or cert: file that cannot be used, no files found).
func runErrorKind(err error) (stage, kind string) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "run", "deadline"
	case errors.Is(err, context.Canceled):
		return "run", "canceled"
	}
	return "setup", "config"
}

// maxLabelValue bounds a label value that a server supplies (a subject or
// issuer DN): a certificate can hold names of any length.
const maxLabelValue = 256

// labelValue makes a value a server supplies fit to be a label: valid
// UTF-8 (Prometheus requires it; a hostile certificate need not be) and of
// bounded length.
func labelValue(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > maxLabelValue {
		cut := maxLabelValue
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// leafDays is the soonest leaf's whole days to expiry, for the status page.
func leafDays(r *report.Report) (int, bool) {
	days, found := 0, false
	for _, ch := range paths.Chains(r.Facts) {
		if len(ch.Path) == 0 || ch.Path[0].X509 == nil {
			continue
		}
		d := facts.DaysUntil(ch.Path[0].X509.NotAfter, r.Facts.Now)
		if !found || d < days {
			days, found = d, true
		}
	}
	return days, found
}
