package html

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/report"
)

// parse parses a page and fails the test on error.
func parse(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// findAll lists the elements under n that match, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(doc *html.Node, id string) *html.Node {
	found := findAll(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// rowTargets are the targets of the table's rows, in document order.
func rowTargets(t *testing.T, doc *html.Node) []string {
	t.Helper()
	table := byID(doc, "targets")
	if table == nil {
		t.Fatal("no table#targets")
	}
	var out []string
	for _, tr := range findAll(table, func(n *html.Node) bool { return n.Data == "tr" && hasClass(n, "target-row") }) {
		v, _ := attr(tr, "data-target")
		out = append(out, v)
	}
	return out
}

// expiryBars are the expiry chart's bars.
func expiryBars(t *testing.T, doc *html.Node) []*html.Node {
	t.Helper()
	chart := byID(doc, "expiry-chart")
	if chart == nil || chart.Data != "svg" {
		t.Fatal("no svg#expiry-chart")
	}
	return findAll(chart, func(n *html.Node) bool { return n.Data == "g" && hasClass(n, "cert") })
}

func TestRenderSample(t *testing.T) {
	s := newSample(t)
	page := render(t, s.reports, sampleOptions)
	doc := parse(t, page)

	// Nothing is loaded from anywhere: no external src or href, no
	// stylesheet links, and a policy that forbids any.
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if (a.Key == "src" || a.Key == "href") && (strings.Contains(a.Val, "http://") || strings.Contains(a.Val, "https://") || strings.HasPrefix(a.Val, "//")) {
				t.Errorf("<%s %s=%q> loads from the network", n.Data, a.Key, a.Val)
			}
			if a.Key == "src" {
				t.Errorf("<%s src=%q>: the page must be self-contained", n.Data, a.Val)
			}
		}
		if n.Data == "link" || n.Data == "img" || n.Data == "iframe" {
			t.Errorf("unexpected <%s>", n.Data)
		}
	}
	if !strings.Contains(page, `content="default-src 'none'`) {
		t.Error("no Content-Security-Policy default-src 'none'")
	}

	// Every target has its row, in the order given, and its details.
	if got := rowTargets(t, doc); strings.Join(got, "|") != strings.Join(s.labels, "|") {
		t.Errorf("rows %q, want %q", got, s.labels)
	}
	for i, l := range s.labels {
		d := byID(doc, "t"+strconv.Itoa(i+1))
		if d == nil || d.Data != "details" || !strings.Contains(text(d), l) {
			t.Errorf("no details#t%d for %s", i+1, l)
		}
	}

	// One bar per certificate, the expired one left of zero, coloured by
	// threshold.
	bars := expiryBars(t, doc)
	if len(bars) != sampleCerts {
		t.Errorf("expiry chart has %d bars, want %d (one per certificate)", len(bars), sampleCerts)
	}
	classes := map[string]int{}
	for _, g := range bars {
		days, _ := attr(g, "data-days")
		rect := findAll(g, func(n *html.Node) bool { return n.Data == "rect" })
		if len(rect) != 1 {
			t.Fatalf("bar with days %s has %d rects", days, len(rect))
		}
		x, _ := attr(rect[0], "x")
		w, _ := attr(rect[0], "width")
		d, _ := strconv.Atoi(days)
		xf, _ := strconv.ParseFloat(x, 64)
		wf, _ := strconv.ParseFloat(w, 64)
		zero := float64(labelWidth) // the scale starts at the most negative day
		for _, tk := range findAll(byID(doc, "expiry-chart"), func(n *html.Node) bool { return n.Data == "line" && hasClass(n, "zero") }) {
			v, _ := attr(tk, "x1")
			zero, _ = strconv.ParseFloat(v, 64)
		}
		switch {
		case d < 0:
			classes["expired"]++
			if !hasClass(rect[0], "expired") || xf+wf > zero+0.01 {
				t.Errorf("expired bar (%d days) at x=%v w=%v: want it left of zero (%v), class expired", d, xf, wf, zero)
			}
		case d < 30:
			classes["soon"]++
			if !hasClass(rect[0], "soon") || xf < zero-0.01 {
				t.Errorf("bar of %d days: want class soon right of zero", d)
			}
		default:
			classes["ok"]++
			if !hasClass(rect[0], "ok") {
				t.Errorf("bar of %d days: want class ok", d)
			}
		}
		if len(findAll(g, func(n *html.Node) bool { return n.Data == "text" })) != 2 {
			t.Errorf("bar of %d days: want a label and a value", d)
		}
	}
	if classes["expired"] != 1 || classes["soon"] != 1 {
		t.Errorf("bars by class %v, want 1 expired and 1 soon", classes)
	}

	// The grade distribution counts the two scanned targets.
	grades := byID(doc, "grade-chart")
	if grades == nil {
		t.Fatal("no grade chart, yet two reports have grades")
	}
	got := map[string]string{}
	for _, g := range findAll(grades, func(n *html.Node) bool { return n.Data == "g" }) {
		grade, _ := attr(g, "data-grade")
		got[grade], _ = attr(g, "data-count")
	}
	if got["A"] != "1" || got["B"] != "1" || got["F"] != "0" {
		t.Errorf("grade counts %v, want A=1 B=1 F=0", got)
	}

	// Findings come with their fix, under their severity.
	for _, want := range []string{"certbot renew --cert-name old.example.com", "ssl_protocols TLSv1.2 TLSv1.3;", "connection refused"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	fixes := findAll(doc, func(n *html.Node) bool { return n.Data == "pre" && hasClass(n, "fix") })
	if len(fixes) != 5 {
		t.Errorf("%d fixes shown, want 5 (one per finding)", len(fixes))
	}
	if v := byID(doc, "verdict"); v == nil || !strings.HasPrefix(text(v), "FAIL") {
		t.Error("verdict is not FAIL with errors and --fail-on error")
	}
}

func TestRenderTableCells(t *testing.T) {
	s := newSample(t)
	doc := parse(t, render(t, s.reports, sampleOptions))
	cells := map[string][]string{}
	for _, tr := range findAll(byID(doc, "targets"), func(n *html.Node) bool { return n.Data == "tr" && hasClass(n, "target-row") }) {
		target, _ := attr(tr, "data-target")
		for _, td := range findAll(tr, func(n *html.Node) bool { return n.Data == "td" }) {
			cells[target] = append(cells[target], strings.TrimSpace(text(td)))
		}
	}
	want := map[string]string{
		// target, status, version, grade, days, errors, warnings, worst
		"https://www.example.com": "https://www.example.com|ok|TLS 1.3||200|0|0|",
		"old.example.com:443":     "old.example.com:443|findings|TLS 1.3||expired 12d ago|1|0|cert.expired",
		"mqtt.example.com:8883":   "mqtt.example.com:8883|unreachable||||1|0|tls.connect-failed",
		"api.example.com:443":     "api.example.com:443|findings|TLS 1.2|B|20|0|2|cert.expires-soon",
		"shop.example.com:443":    "shop.example.com:443|ok|TLS 1.3|A|80|0|0|",
		"device.pem":              "device.pem|findings|||360|0|0|chain.self-signed",
	}
	for target, w := range want {
		if got := strings.Join(cells[target], "|"); got != w {
			t.Errorf("row %s:\n got %s\nwant %s", target, got, w)
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	s := newSample(t)
	hostile := s.reports[2]
	hostile.Target.Target = `evil.example"><script>alert(1)</script>`
	hostile.Findings[0].Message = `<img src=x onerror=alert(2)>`
	hostile.Findings[0].Fix = `</pre><a href="https://attacker.example/">click</a>`
	page := render(t, s.reports, sampleOptions)
	doc := parse(t, page)
	if n := len(findAll(doc, func(n *html.Node) bool { return n.Data == "script" })); n != 1 {
		t.Errorf("%d <script> elements, want only the page's own", n)
	}
	if n := len(findAll(doc, func(n *html.Node) bool {
		return n.Data == "img" || (n.Data == "a" && strings.Contains(text(n), "click"))
	})); n != 0 {
		t.Error("report data became markup")
	}
	if !strings.Contains(text(doc), `<img src=x onerror=alert(2)>`) {
		t.Error("the hostile message is not shown as text")
	}
	if got := rowTargets(t, doc)[2]; got != hostile.Target.Target {
		t.Errorf("row target %q, want %q", got, hostile.Target.Target)
	}
}

func TestRenderWithoutGrades(t *testing.T) {
	s := newSample(t)
	var plain []*report.Report
	for _, r := range s.reports {
		if r.Scan == nil {
			plain = append(plain, r)
		}
	}
	page := render(t, plain, Options{FailOn: "never"})
	doc := parse(t, page)
	if byID(doc, "grade-chart") != nil {
		t.Error("a grade chart without any grade")
	}
	if v := byID(doc, "verdict"); v == nil || !strings.HasPrefix(text(v), "PASS") {
		t.Error("verdict is not PASS with --fail-on never")
	}
	if strings.Contains(page, "Generated") {
		t.Error("a generation time was shown though none was given")
	}
	if !strings.Contains(page, "<title>tlscheck audit</title>") {
		t.Error("no default title")
	}
}

func TestRenderEmptyAndDeterministic(t *testing.T) {
	doc := parse(t, render(t, nil, Options{}))
	if rows := rowTargets(t, doc); len(rows) != 0 || byID(doc, "expiry-chart") != nil {
		t.Errorf("empty audit: rows %q and a chart", rows)
	}
	s := newSample(t)
	if render(t, s.reports, sampleOptions) != render(t, s.reports, sampleOptions) {
		t.Error("the same reports gave two different pages")
	}
}

func TestRenderFailOnWarning(t *testing.T) {
	s := newSample(t)
	// Only the scanned target with warnings: FAIL at --fail-on warning, PASS at error.
	one := s.reports[3:4]
	if checks.Max(one[0].Findings) != checks.Warning {
		t.Fatal("fixture changed")
	}
	for failOn, want := range map[string]string{"warning": "FAIL", "error": "PASS", "": "PASS"} {
		doc := parse(t, render(t, one, Options{FailOn: failOn}))
		if v := byID(doc, "verdict"); v == nil || !strings.HasPrefix(text(v), want) {
			t.Errorf("--fail-on %q: verdict %q, want %s", failOn, text(v), want)
		}
	}
}

func TestRenderNoSecrets(t *testing.T) {
	s := newSample(t)
	s.reports[0].Target.Target = "https://monitor:hunter2@www.example.com/health"
	page := render(t, s.reports, sampleOptions)
	if strings.Contains(page, "hunter2") || strings.Contains(page, "monitor:") {
		t.Error("the page shows URL credentials")
	}
	if !strings.Contains(page, "https://redacted@www.example.com/health") {
		t.Error("the redacted target is not shown")
	}
	if strings.Contains(page, "PRIVATE KEY") {
		t.Error("the page holds key material")
	}
}

func TestRenderFindingsByCheck(t *testing.T) {
	s := newSample(t)
	// A second target with cert.expired: the check lists both.
	s.reports[4].Findings = append(s.reports[4].Findings, s.reports[1].Findings[0])
	doc := parse(t, render(t, s.reports, sampleOptions))
	table := byID(doc, "checks")
	if table == nil {
		t.Fatal("no table#checks")
	}
	var got []string
	for _, tr := range findAll(table, func(n *html.Node) bool { _, ok := attr(n, "data-id"); return n.Data == "tr" && ok }) {
		id, _ := attr(tr, "data-id")
		var cells []string
		for _, td := range findAll(tr, func(n *html.Node) bool { return n.Data == "td" }) {
			cells = append(cells, text(td))
		}
		got = append(got, id+" "+cells[2]+" "+cells[3])
	}
	want := []string{
		"cert.expired 2 old.example.com:443, shop.example.com:443",
		"tls.connect-failed 1 mqtt.example.com:8883",
		"cert.expires-soon 1 api.example.com:443",
		"proto.tls11 1 api.example.com:443",
		"chain.self-signed 1 device.pem",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings by check:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A large audit draws the certificates that expire soonest and counts the rest.
func TestRenderManyCertificates(t *testing.T) {
	const n = maxBars + 20
	var reports []*report.Report
	for i := range n {
		c := certgen.Leaf("host"+strconv.Itoa(i)+".example.com", nil, certgen.KeyType("p256"), certgen.Validity(day(-10), day(n-i)))
		fc := &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "host" + strconv.Itoa(i) + ".pem"}}
		reports = append(reports, &report.Report{Target: report.Target{Files: []report.TargetFile{{Path: fc.Source.File}}},
			Facts: &facts.Facts{Now: auditNow, Certs: []*facts.Cert{fc}}, Chains: []*facts.Chain{{Leaf: fc, Path: []*facts.Cert{fc}, Status: facts.ChainUntrustedRoot}}})
	}
	doc := parse(t, render(t, reports, Options{}))
	if got := len(rowTargets(t, doc)); got != n {
		t.Errorf("%d rows, want %d", got, n)
	}
	bars := expiryBars(t, doc)
	if len(bars) != maxBars {
		t.Fatalf("%d bars, want %d", len(bars), maxBars)
	}
	for _, g := range bars {
		if d, _ := attr(g, "data-days"); len(d) > 0 && mustAtoi(t, d) > maxBars {
			t.Errorf("bar of %s days drawn, yet shorter ones were left out", d)
		}
	}
	if o := byID(doc, "expiry-omitted"); o == nil || !strings.HasPrefix(text(o), "20 more certificates, each with 101 days or more") {
		t.Errorf("omitted line: %v", o)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
