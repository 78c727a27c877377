package report

import (
	"bufio"
	"crypto/x509"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Text writes the human report: what was checked, a table per chain with
// its status in words, the objects that are on no chain, the findings by
// severity with their evidence and fix, and a one-line verdict. Colour, when
// o.Color is set, marks severity tags and the verdict only.
func Text(w io.Writer, r *Report, o Options) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, r: r, f: r.facts(), o: o, pal: newPalette(o.Color)}
	t.inv = newInventory(t.f, r.chains())
	t.header()
	if c := t.f.Connection; c != nil {
		for _, l := range connectionLines(c) {
			for _, part := range fitLine(l, "  ", t.o.width()) {
				t.printf("%s\n", part)
			}
		}
	}
	if s := r.Scan; s != nil {
		if err := t.scanVersionsText(s); err != nil {
			return err
		}
		t.scanGroupsText(s)
	}
	if err := t.chains(); err != nil {
		return err
	}
	t.others()
	if s := r.Scan; s != nil {
		t.scanFeaturesText(s)
		if err := t.scanVulnsText(s); err != nil {
			return err
		}
		if err := t.scanClientsText(s); err != nil {
			return err
		}
		t.scanGradeText(s)
	}
	t.findings()
	if o.Verbose {
		t.passed()
	}
	t.verdict()
	return bw.Flush()
}

type textWriter struct {
	w   *bufio.Writer
	r   *Report
	f   *facts.Facts
	o   Options
	pal palette
	inv *inventory
}

func (t *textWriter) printf(format string, a ...any) { fmt.Fprintf(t.w, format, a...) }

// header says what was checked and as of when.
func (t *textWriter) header() {
	what := targetText(t.r.Target, t.f)
	if !t.f.Now.IsZero() {
		what += " as of " + t.f.Now.UTC().Format("2006-01-02 15:04 UTC")
	}
	t.wrapped("tlscheck: "+what, "  ")
}

func targetText(target Target, f *facts.Facts) string {
	if target.Host != "" {
		s := target.Host + ":" + strconv.Itoa(target.Port)
		if target.SNI != "" && target.SNI != target.Host {
			s += " (SNI " + target.SNI + ")"
		}
		return "checked " + s
	}
	// The files read (a directory named on the command line is its files),
	// else the files named.
	var files []string
	for _, file := range f.Files {
		files = append(files, file.Path)
	}
	if len(files) == 0 {
		for _, file := range target.Files {
			files = append(files, file.Path)
		}
	}
	if len(files) == 0 {
		return "checked no input"
	}
	for i, f := range files {
		if f == "-" {
			files[i] = "standard input"
		}
	}
	return fmt.Sprintf("checked %s (%s)", strings.Join(files, ", "), plural(len(files), "file"))
}

// chainColumns are the chain table's columns; dropOrder is which to move
// out of the table, least important first, when it is wider than the
// terminal: what a dropped column said is printed under the table instead.
var (
	chainColumns = []string{"#", "subject", "issuer", "key", "signature", "days left", "found in"}
	dropOrder    = []int{6, 4, 3, 2} // found in, signature, key, issuer
)

// chains writes, for each built path, a summary of its leaf, a table of the
// path and its status.
func (t *textWriter) chains() error {
	chains := t.r.chains()
	for i, ch := range chains {
		t.printf("\nChain %d of %d: %s\n", i+1, len(chains), checks.Name(ch.Leaf))
		t.leafSummary(ch.Leaf)
		var rows [][]string
		for pos, c := range ch.Path {
			rows = append(rows, []string{
				strconv.Itoa(pos),
				checks.Name(c),
				issuerName(c),
				keyDescription(c),
				sigAlg(c),
				validityText(c, t.f.Now),
				where(c.Source),
			})
		}
		if ch.Status == facts.ChainMissingIssuer && ch.Missing != nil {
			rows = append(rows, []string{strconv.Itoa(len(ch.Path)), ch.Missing.Subject, "?", "?", "?", "?", "MISSING"})
		}
		if err := t.chainTable(rows); err != nil {
			return err
		}
		t.wrapped(chainStatus(ch), "  ")
		for _, p := range ch.Problems {
			name := "?"
			if p.Index >= 0 && p.Index < len(ch.Path) {
				name = checks.Name(ch.Path[p.Index])
			}
			t.wrapped(fmt.Sprintf("  problem at #%d %s: %s", p.Index, name, p.Reason), "    ")
		}
	}
	return nil
}

// chainTable writes the rows with as many columns as fit the width. What
// the dropped columns say follows the table, one line per row. When even
// "#", "subject" and "days left" do not fit, each row becomes a short block
// of lines instead of a table.
func (t *textWriter) chainTable(rows [][]string) error {
	keep := make([]bool, len(chainColumns))
	for i := range keep {
		keep[i] = true
	}
	for _, col := range dropOrder {
		if tableWidth(chainColumns, rows, keep) <= t.o.width() {
			break
		}
		keep[col] = false
	}
	if tableWidth(chainColumns, rows, keep) > t.o.width() {
		for _, r := range rows {
			t.printf("  #%s %s\n", r[0], r[1])
			t.wrapped("    "+strings.Join(rowDetails(r, nil), ", "), "    ")
		}
		return nil
	}
	header, shown := keepColumns(chainColumns, rows, keep)
	if err := writeTable(t.w, header, shown); err != nil {
		return err
	}
	for _, r := range rows {
		if details := rowDetails(r, keep); len(details) > 0 {
			t.wrapped("#"+r[0]+": "+strings.Join(details, ", "), "    ")
		}
	}
	return nil
}

// rowDetails are a chain table row's cells that are not shown (keep[i]
// false; nil keeps nothing but "#" and the subject) as labelled phrases:
// "issuer CN=X", "found in server.pem #1"; unknown values are left out.
func rowDetails(r []string, keep []bool) []string {
	var out []string
	for i := 2; i < len(r); i++ {
		if keep != nil && keep[i] {
			continue
		}
		v := r[i]
		switch {
		case v == "?":
		case i == 6 && v == "MISSING":
			out = append(out, "not found in any input")
		case i == 5:
			if _, err := strconv.Atoi(v); err == nil {
				v += " days left"
			}
			out = append(out, v)
		default:
			out = append(out, chainColumns[i]+" "+v)
		}
	}
	return out
}

// tableWidth is how wide writeTable draws the kept columns: each cell
// padded by one space either side, one border between and around them.
func tableWidth(header []string, rows [][]string, keep []bool) int {
	w := 1
	for i := range header {
		if !keep[i] {
			continue
		}
		col := utf8.RuneCountInString(header[i])
		for _, r := range rows {
			col = max(col, utf8.RuneCountInString(r[i]))
		}
		w += col + 3
	}
	return w
}

// wrapped prints s, broken at spaces so that its lines fit the width; the
// lines after the first start with hang. A word longer than the width (a
// URL, a fingerprint) is never split, so it can be copied as one piece.
func (t *textWriter) wrapped(s, hang string) {
	for _, l := range wrapLine(s, hang, t.o.width()) {
		t.printf("%s\n", l)
	}
}

func wrapLine(s, hang string, width int) []string {
	var lines []string
	rest := strings.TrimLeft(s, " ")
	line := s[:len(s)-len(rest)] // the first line's own indent
	for i, word := range strings.Split(rest, " ") {
		switch {
		case i == 0:
			line += word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width:
			lines = append(lines, line)
			line = hang + word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}

// leafSummary is what certigo users look for first: the names, the
// extended key usages, the validity and the fingerprint of the leaf, and the
// private key files that belong to it.
func (t *textWriter) leafSummary(c *facts.Cert) {
	if c == nil || c.X509 == nil {
		return
	}
	x := c.X509
	sans := facts.SANEntries(x)
	if len(sans) == 0 {
		sans = []string{"none"}
	}
	const label = "  %-10s"
	field := func(name, value string) {
		t.wrapped(fmt.Sprintf(label, name+":")+value, strings.Repeat(" ", 12))
	}
	field("SANs", strings.Join(sans, ", "))
	field("EKU", ekuText(x))
	field("validity", fmt.Sprintf("%s to %s, %s", x.NotBefore.UTC().Format(time.DateOnly),
		x.NotAfter.UTC().Format(time.DateOnly), validityPhrase(c, t.f)))
	field("SHA-256", c.Fingerprint())
	for _, k := range leafKeys(c, t.f.Keys) {
		field("key", joinNonEmpty(" ", "private key", string(k.Type), bitsOrCurve(k))+" in "+where(k.Source))
	}
}

// leafKeys are the private keys whose public half is the leaf's: the text
// report shows them with the leaf's chain, not under "Not on any chain".
func leafKeys(leaf *facts.Cert, keys []*facts.Key) []*facts.Key {
	var out []*facts.Key
	for _, k := range keys {
		if k.SPKIPin != "" && leaf.SPKIPin() == k.SPKIPin {
			out = append(out, k)
		}
	}
	return out
}

// ekuText lists the extended key usages by their RFC 5280 names.
func ekuText(x *x509.Certificate) string {
	if len(x.ExtKeyUsage) == 0 && len(x.UnknownExtKeyUsage) == 0 {
		return "none (any purpose)"
	}
	return facts.EKUList(x)
}

func sigAlg(c *facts.Cert) string {
	if c.X509 == nil {
		return "?"
	}
	return c.X509.SignatureAlgorithm.String()
}

// chainStatus says in words how path building ended.
func chainStatus(ch *facts.Chain) string {
	var last *facts.Cert
	if len(ch.Path) > 0 {
		last = ch.Path[len(ch.Path)-1]
	}
	switch ch.Status {
	case facts.ChainTrusted:
		if last == nil {
			return "status: trusted"
		}
		if last.Public() {
			return fmt.Sprintf("status: trusted by the %s (%s)", checks.Where(last.Source), checks.Name(last))
		}
		return fmt.Sprintf("status: trusted: ends at trust anchor %s from %s", checks.Name(last), where(last.Source))
	case facts.ChainUntrustedRoot:
		if last == ch.Leaf {
			return fmt.Sprintf("status: NOT TRUSTED: %s is self-signed and not a trust anchor", checks.Name(last))
		}
		return fmt.Sprintf("status: NOT TRUSTED: ends at untrusted root %s", checks.Name(last))
	case facts.ChainMissingIssuer:
		s := "status: INCOMPLETE: missing issuer"
		if m := ch.Missing; m != nil {
			s += " " + m.Subject
			var details []string
			if m.AKI != "" {
				details = append(details, "key id "+m.AKI)
			}
			if len(m.AIA) > 0 {
				details = append(details, "AIA "+strings.Join(m.AIA, " "))
			}
			if m.Fetched {
				details = append(details, "AIA fetch failed")
			}
			if len(details) > 0 {
				s += " (" + strings.Join(details, ", ") + ")"
			}
		}
		if last != nil {
			s += " of " + checks.Name(last)
		}
		return s
	case facts.ChainBudgetExhausted:
		return "status: UNKNOWN: path building gave up after its work budget"
	}
	return "status: " + string(ch.Status)
}

// others lists what is on no chain: CA bundle contents, client CAs, keys
// that match no chain's leaf (a leaf's key is shown in its summary), CSRs,
// DH parameters and CRLs, one short line each.
func (t *textWriter) others() {
	var lines []string
	for _, c := range t.inv.certs {
		if t.inv.onChain[c.Fingerprint()] {
			continue
		}
		kind := "certificate"
		switch t.inv.role(c) {
		case roleCA:
			kind = "CA certificate"
		case roleClientCA:
			kind = "client CA certificate"
		}
		lines = append(lines, fmt.Sprintf("%s %s, issued by %s, %s, %s (%s)",
			kind, checks.Name(c), issuerName(c), keyDescription(c), validityPhrase(c, t.f), where(c.Source)))
	}
	withLeaf := map[*facts.Key]bool{}
	for _, ch := range t.r.chains() {
		if ch.Leaf != nil {
			for _, k := range leafKeys(ch.Leaf, t.f.Keys) {
				withLeaf[k] = true
			}
		}
	}
	for _, k := range t.f.Keys {
		if !withLeaf[k] {
			lines = append(lines, keyLine(k, t.inv))
		}
	}
	for _, csr := range t.f.CSRs {
		lines = append(lines, csrLine(csr))
	}
	for _, dh := range t.f.DHParams {
		lines = append(lines, fmt.Sprintf("DH parameters, %d bits (%s)", dh.Bits, where(dh.Source)))
	}
	for _, crl := range t.f.CRLs {
		s := "CRL"
		if crl.X509 != nil {
			s += fmt.Sprintf(" issued by %s, %s revoked, next update %s", checks.DN(crl.X509.Issuer),
				plural(len(crl.X509.RevokedCertificateEntries), "certificate"), crl.X509.NextUpdate.UTC().Format("2006-01-02"))
		}
		lines = append(lines, s+" ("+where(crl.Source)+")")
	}
	if len(lines) == 0 {
		return
	}
	t.printf("\nNot on any chain:\n")
	for _, l := range lines {
		t.wrapped("  "+l, "    ")
	}
}

func validityPhrase(c *facts.Cert, f *facts.Facts) string {
	v := validityText(c, f.Now)
	if _, err := strconv.Atoi(v); err == nil {
		return v + " days left"
	}
	return v
}

// keyLine describes a private key by its public half only.
func keyLine(k *facts.Key, inv *inventory) string {
	desc := joinNonEmpty(" ", string(k.Type), bitsOrCurve(k))
	if k.Encrypted {
		s := "encrypted private key"
		if desc != "" && desc != "unknown" {
			s += " " + desc
		}
		if k.EncryptionFormat != "" {
			s += ", " + k.EncryptionFormat
		}
		return s + " (" + where(k.Source) + ")"
	}
	s := "private key " + desc
	var owners []string
	for _, c := range inv.certs {
		if k.SPKIPin != "" && c.SPKIPin() == k.SPKIPin {
			owners = append(owners, checks.Name(c))
		}
	}
	if len(owners) > 0 {
		s += ", matches " + strings.Join(owners, ", ")
	} else {
		s += ", matches no certificate"
	}
	return s + " (" + where(k.Source) + ")"
}

func bitsOrCurve(k *facts.Key) string {
	if k.Curve != "" {
		return k.Curve
	}
	if k.Bits > 0 {
		return strconv.Itoa(k.Bits)
	}
	return ""
}

func csrLine(csr *facts.CSR) string {
	s := "CSR"
	if r := csr.X509; r != nil {
		name := checks.DN(r.Subject)
		if r.Subject.CommonName != "" {
			name = "CN=" + r.Subject.CommonName
		}
		key := r.PublicKeyAlgorithm.String()
		if r.PublicKey != nil {
			key = checks.KeyDescription(r.PublicKey)
		}
		s += fmt.Sprintf(" %s, %s", name, key)
		var sans []string
		sans = append(sans, r.DNSNames...)
		for _, ip := range r.IPAddresses {
			sans = append(sans, ip.String())
		}
		if len(sans) > 0 {
			s += ", SANs " + strings.Join(sans, " ")
		} else {
			s += ", no SANs"
		}
	}
	if csr.SignatureError != "" {
		s += ", signature does not verify"
	}
	return s + " (" + where(csr.Source) + ")"
}

var severityHeadings = []struct {
	sev  checks.Severity
	name string
	tag  string
}{
	{checks.Error, "Errors", "ERROR"},
	{checks.Warning, "Warnings", "WARNING"},
	{checks.Info, "Info", "INFO"},
}

// findings writes each finding under its severity: tag, ID, subject, the
// message, the evidence that adds to the message, and the fix. A finding
// that follows from another (CausedBy) is listed compactly under its cause,
// without its own fix; a cause and what follows from it are shown under the
// highest severity among them. Each heading counts every finding of its
// severity, as the summary does, and says how many of them are shown above
// under their cause.
func (t *textWriter) findings() {
	followers := map[causeKey][]checks.Finding{}
	for _, f := range t.r.Findings {
		if f.CausedBy != nil {
			k := causeKey{f.CausedBy.ID, f.CausedBy.SHA256}
			followers[k] = append(followers[k], f)
		}
	}
	// groupSev is the severity a root and its followers are shown under.
	groupSev := func(root checks.Finding) checks.Severity {
		sev := root.Severity
		for _, f := range followers[rootKey(root)] {
			sev = max(sev, f.Severity)
		}
		return sev
	}
	shownAbove := map[checks.Severity]int{}
	for _, h := range severityHeadings {
		var group []checks.Finding
		total := 0
		for _, f := range t.r.Findings {
			if f.Severity == h.sev {
				total++
			}
			if f.CausedBy == nil && groupSev(f) == h.sev {
				group = append(group, f)
			}
		}
		if total == 0 && len(group) == 0 {
			continue
		}
		inGroups := 0
		for _, f := range group {
			if f.Severity == h.sev {
				inGroups++
			}
			for _, fl := range followers[rootKey(f)] {
				if fl.Severity == h.sev {
					inGroups++
				}
				if fl.Severity < h.sev {
					shownAbove[fl.Severity]++
				}
			}
			if f.Severity < h.sev {
				shownAbove[f.Severity]++
			}
		}
		switch above := shownAbove[h.sev]; {
		case above == 0:
			t.printf("\n%s (%d):\n", h.name, total)
		case above == total:
			t.printf("\n%s (%d, shown above under their cause)\n", h.name, total)
		default:
			t.printf("\n%s (%d, %d of them shown above under their cause):\n", h.name, total, above)
		}
		for _, f := range group {
			t.finding(f)
			fl := followers[rootKey(f)]
			if len(fl) == 0 {
				continue
			}
			t.printf("    also because of this (the fix above resolves them too):\n")
			for _, g := range fl {
				// Wrapped without colour, so that escape codes do not count
				// towards the width; the tag is coloured afterwards.
				tag := severityTag(g.Severity)
				line := fmt.Sprintf("      %s %s: %s", tag, g.ID, g.Title)
				if d := distinguishing(g, fl); d != "" {
					line += " (" + d + ")"
				}
				lines := wrapLine(line, "        ", t.o.width())
				lines[0] = strings.Replace(lines[0], tag, t.pal.severity(g.Severity).Sprint(tag), 1)
				for _, l := range lines {
					t.printf("%s\n", l)
				}
			}
		}
	}
}

// distinguishing tells f apart from the other findings with its ID in fs
// (two host.mismatch findings, one per host): the evidence whose value
// differs among them, as label=value pairs (one word each, so that wrapping
// never splits one); "" when f's ID is alone.
func distinguishing(f checks.Finding, fs []checks.Finding) string {
	var same []checks.Finding
	for _, g := range fs {
		if g.ID == f.ID {
			same = append(same, g)
		}
	}
	if len(same) < 2 {
		return ""
	}
	var labels []string
	for k, v := range f.Evidence {
		if hiddenEvidence[k] {
			continue
		}
		for _, g := range same {
			if g.Evidence[k] != v {
				labels = append(labels, k)
				break
			}
		}
	}
	sort.Strings(labels)
	var parts []string
	for _, k := range labels {
		parts = append(parts, k+"="+f.Evidence[k])
	}
	return strings.Join(parts, ", ")
}

// causeKey names a root finding: its ID and the certificate it is about.
type causeKey struct{ id, sha256 string }

func rootKey(f checks.Finding) causeKey { return causeKey{f.ID, f.CertSHA256()} }

// finding writes one finding in full.
func (t *textWriter) finding(f checks.Finding) {
	tag := t.pal.severity(f.Severity).Sprint(severityTag(f.Severity))
	t.printf("\n  %s %s", tag, f.ID)
	if f.Subject != "" {
		t.printf("  %s", f.Subject)
	}
	t.printf("\n")
	// The message is prose and is wrapped; the fix is not, so that
	// a command in it can be copied as one line.
	for _, l := range strings.Split(indent(f.Message, "    "), "\n") {
		t.wrapped(l, "    ")
	}
	ev := usefulEvidence(f)
	width := 0
	for _, kv := range ev {
		width = max(width, len(kv[0]))
	}
	for _, kv := range ev {
		t.printf("      %-*s  %s\n", width+1, kv[0]+":", kv[1])
	}
	if f.Fix != "" {
		t.printf("%s\n", indent("fix: "+f.Fix, "    "))
	}
}

// severityTag is the upper-case tag a finding of sev is shown with.
func severityTag(sev checks.Severity) string {
	for _, h := range severityHeadings {
		if h.sev == sev {
			return h.tag
		}
	}
	return strings.ToUpper(sev.String())
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// hiddenEvidence is machine-oriented evidence that the JSON and SARIF
// reports carry but that only clutters the text report.
var hiddenEvidence = map[string]bool{"sha256": true, "serial": true, "position": true}

// usefulEvidence returns the labelled values worth showing: file and
// position merged into one "file" line, nothing the subject or message
// already says, subject and issuer first, the rest by label.
func usefulEvidence(f checks.Finding) [][2]string {
	var out [][2]string
	var rest []string
	for k := range f.Evidence {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	rank := map[string]int{"subject": 0, "issuer": 1, "file": 2}
	sort.SliceStable(rest, func(i, j int) bool {
		ri, iok := rank[rest[i]]
		rj, jok := rank[rest[j]]
		if iok != jok {
			return iok
		}
		return iok && ri < rj
	})
	for _, k := range rest {
		v := f.Evidence[k]
		if hiddenEvidence[k] || v == "" || v == f.Subject || strings.Contains(f.Message, v) {
			continue
		}
		if k == "file" {
			if v == "-" {
				v = "standard input"
			}
			if pos := f.Evidence[checks.EvidencePosition]; pos != "" {
				v += " #" + pos
			}
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

// passed lists, with --verbose, the checks that ran without findings and
// those that did not apply.
func (t *textWriter) passed() {
	var passed []string
	var na [][2]string
	notSelected := 0
	for _, res := range t.r.Results {
		if res.Check == nil {
			continue
		}
		switch {
		case !res.Selected:
			notSelected++
		case res.NotApplicable != "":
			na = append(na, [2]string{res.Check.ID, res.NotApplicable})
		case len(res.Findings) == 0:
			passed = append(passed, res.Check.ID)
		}
	}
	t.printf("\nPassed (%d):\n", len(passed))
	for _, id := range passed {
		t.printf("  %s\n", id)
	}
	t.printf("\nNot applicable (%d):\n", len(na))
	for _, kv := range na {
		t.printf("  %s: %s\n", kv[0], kv[1])
	}
	if notSelected > 0 {
		t.printf("\nNot selected by --checks: %s\n", plural(notSelected, "check"))
	}
}

// verdict is the last line: FAIL when a finding is at or above --fail-on.
func (t *textWriter) verdict() {
	s := checks.Summarize(t.r.Findings)
	threshold, err := checks.ParseSeverity(t.o.FailOn)
	if t.o.FailOn == "" || err != nil {
		threshold = checks.Error
	}
	counts := strings.Join([]string{plural(s.Error, "error"), plural(s.Warning, "warning"), plural(s.Info, "info")}, ", ")
	top := checks.Max(t.r.Findings)
	gaps := notCheckedText(t.r.NotChecked())
	if threshold != checks.None && top >= threshold {
		t.printf("\n%s %s%s\n", t.pal.fail.Sprint("FAIL:"), counts, gaps)
		return
	}
	var line string
	switch {
	case top == checks.None:
		line = "no findings"
	case threshold == checks.None:
		line = counts + " (--fail-on never)"
	case s.Error == 0 && s.Warning == 0:
		line = "no errors or warnings (" + plural(s.Info, "info") + ")"
	default: // threshold error, warnings present
		line = "no errors (" + joinNonEmpty(", ", plural(s.Warning, "warning"), nonZero(s.Info, "info")) + ")"
	}
	t.printf("\n%s %s%s\n", t.pal.pass.Sprint("PASS:"), line, gaps)
}

// notCheckedText is the verdict's " (names not checked: REASON; ...)", one
// clause per kind of gap, or "" when the run covered everything.
func notCheckedText(gaps []checks.Gap) string {
	var order []string
	reasons := map[string][]string{}
	for _, g := range gaps {
		if _, ok := reasons[g.What]; !ok {
			order = append(order, g.What)
		}
		if !slices.Contains(reasons[g.What], g.Reason) {
			reasons[g.What] = append(reasons[g.What], g.Reason)
		}
	}
	if len(order) == 0 {
		return ""
	}
	clauses := make([]string, len(order))
	for i, what := range order {
		clauses[i] = what + " not checked: " + strings.Join(reasons[what], ", ")
	}
	return " (" + strings.Join(clauses, "; ") + ")"
}

func nonZero(n int, word string) string {
	if n == 0 {
		return ""
	}
	return plural(n, word)
}

// keepColumns drops the columns keep marks false from a header and its rows.
func keepColumns(header []string, rows [][]string, keep []bool) ([]string, [][]string) {
	var h []string
	for i, c := range header {
		if keep[i] {
			h = append(h, c)
		}
	}
	shown := make([][]string, 0, len(rows))
	for _, r := range rows {
		var cells []string
		for i, cell := range r {
			if keep[i] {
				cells = append(cells, cell)
			}
		}
		shown = append(shown, cells)
	}
	return h, shown
}
