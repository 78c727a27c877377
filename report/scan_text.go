package report

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The text report of a scan: the versions and, per version, its suites in
// order; the groups; then (after the chains) the features, the
// vulnerabilities, the simulated clients and the grade. Every table fits
// the width or becomes one line per row.

// scanVersionsText writes the stats line, the versions and a table of
// suites per accepted version.
func (t *textWriter) scanVersionsText(s *Scan) error {
	t.printf("\nScan: %s in %s\n", plural(s.Stats.Connections, "connection"), durationText(s.Stats.DurationMS))
	var accepted, refused, untested []string
	for _, v := range s.Versions {
		switch {
		case v.Offered:
			accepted = append(accepted, v.Version)
		case v.Tested:
			refused = append(refused, v.Version)
		default:
			untested = append(untested, v.Version)
		}
	}
	t.wrapped("  accepted: "+orNone(accepted), "    ")
	t.wrapped("  refused:  "+orNone(refused), "    ")
	if len(untested) > 0 {
		t.wrapped("  not tested: "+strings.Join(untested, ", "), "    ")
	}
	for _, v := range s.Versions {
		if !v.Offered {
			continue
		}
		var rows [][]string
		for _, c := range s.Ciphers {
			if c.Version != v.Version {
				continue
			}
			bits := ""
			if c.Bits > 0 || c.Encryption == "NULL" {
				bits = strconv.Itoa(c.Bits)
			}
			rows = append(rows, []string{strconv.Itoa(len(rows) + 1), c.Name, kxText(c), bits, kxSize(c)})
		}
		order := "client's order"
		if s.ServerOrder[v.Version] {
			order = "server's order"
		}
		if len(rows) < 2 {
			order = ""
		}
		t.printf("\n%s\n", joinNonEmpty(", ", v.Version+": "+plural(len(rows), "suite"), order))
		if len(rows) == 0 {
			continue
		}
		if err := t.fittedTable([]string{"#", "suite", "kx", "bits", "group/DH"}, rows, []int{0}, suiteLine); err != nil {
			return err
		}
	}
	return nil
}

// suiteLine is a suite table row as one line, for a narrow terminal:
// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (ECDHE RSA, 128 bits, x25519)".
func suiteLine(r []string) string {
	bits := r[3]
	if bits != "" {
		bits += " bits"
	}
	return r[0] + ". " + r[1] + " (" + joinNonEmpty(", ", r[2], bits, r[4]) + ")"
}

// kxText is the key exchange column: "ECDHE", "RSA" for static RSA, "DH
// anon" for anonymous suites, "any" for TLS 1.3 (where the suite does not
// choose it). The authentication is in the suite's name (and the JSON).
func kxText(c ScanCipher) string {
	if c.Auth == "anon" {
		return c.Kx + " anon"
	}
	return c.Kx
}

// kxSize is the group or DH size a suite used: "x25519", "DH 2048".
func kxSize(c ScanCipher) string {
	switch {
	case c.Group != "":
		return c.Group
	case c.DHBits > 0:
		return "DH " + strconv.Itoa(c.DHBits)
	}
	return ""
}

// scanGroupsText lists the groups with the versions they were accepted on.
func (t *textWriter) scanGroupsText(s *Scan) {
	if len(s.Groups) == 0 {
		return
	}
	var parts []string
	for _, g := range s.Groups {
		parts = append(parts, g.Name+" ("+strings.Join(g.Versions, ", ")+")")
	}
	t.printf("\nGroups:\n")
	t.wrapped("  "+strings.Join(parts, ", "), "  ")
}

// scanFeaturesText writes what the server offers beside suites, one line
// each; what was not tested says so. A server that accepted no version has
// none to show.
func (t *textWriter) scanFeaturesText(s *Scan) {
	if !slices.ContainsFunc(s.Versions, func(v ScanVersion) bool { return v.Offered }) {
		return
	}
	f := s.Features
	t.printf("\nFeatures:\n")
	line := func(name, value string) {
		t.wrapped(fmt.Sprintf("  %-22s%s", name+":", value), strings.Repeat(" ", 24))
	}
	alpn := "none chosen"
	if len(f.ALPN) > 0 {
		alpn = strings.Join(f.ALPN, ", ")
	}
	line("ALPN", alpn)
	line("session resumption", yesNo(f.SessionIDResumption))
	line("session tickets", yesNo(f.SessionTickets))
	line("OCSP stapling", yesNo(f.OCSPStapling))
	line("TLS 1.3 early data", yesNo(f.EarlyData))
	if f.HSTS != nil {
		hsts := *f.HSTS
		if hsts == "" {
			hsts = "no header"
		}
		line("HSTS", hsts)
	}
	line("secure renegotiation", yesNo(f.SecureRenegotiation))
	line("client renegotiation", yesNo(f.ClientRenegotiation))
	comp := "not tested"
	if f.Compression != nil {
		comp = *f.Compression
	}
	line("compression", comp)
	line("TLS_FALLBACK_SCSV", yesNo(f.FallbackSCSV))
	if l := s.LargeHello; l != nil {
		line("large ClientHellos", fmt.Sprintf("%s above %d suites or %d bytes", l.Behaviour, l.MaxSuites, l.MaxBytes))
	}
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "not tested"
	case *b:
		return "yes"
	}
	return "no"
}

// scanVulnsText writes one row per vulnerability test: the result, and the
// evidence or why it was not tested. When that column does not fit, it is
// left out, and only the vulnerable and untested rows repeat it below.
func (t *textWriter) scanVulnsText(s *Scan) error {
	if len(s.Vulnerabilities) == 0 {
		return nil
	}
	t.printf("\nVulnerabilities:\n")
	var rows [][]string
	var notes []string
	for _, v := range s.Vulnerabilities {
		result, detail := "not vulnerable", evidenceText(v.Evidence)
		switch {
		case !v.Tested:
			result, detail = "not tested", v.Reason
		case v.Vulnerable:
			result = "VULNERABLE"
		}
		rows = append(rows, []string{v.ID, result, detail})
		if result != "not vulnerable" && detail != "" {
			notes = append(notes, v.ID+": "+detail)
		}
	}
	header := []string{"test", "result", "evidence or reason"}
	keep := []bool{true, true, true}
	if tableWidth(header, rows, keep) <= t.o.width() {
		return writeTable(t.w, header, rows)
	}
	for i := range rows {
		rows[i] = rows[i][:2]
	}
	if err := t.fittedTable(header[:2], rows, nil, func(r []string) string { return r[0] + ": " + r[1] }); err != nil {
		return err
	}
	for _, n := range notes {
		t.wrapped("  "+n, "    ")
	}
	return nil
}

// evidenceText is a vulnerability's evidence as "key value" pairs, each
// value cut short: the JSON report has it whole.
func evidenceText(ev map[string]any) string {
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		v := fmt.Sprint(ev[k])
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		parts = append(parts, k+" "+v)
	}
	return strings.Join(parts, ", ")
}

// scanClientsText is the client simulation's table: the version and
// suite a client gets, or FAILS and why; the specifics of a failure follow
// the table.
func (t *textWriter) scanClientsText(s *Scan) error {
	if len(s.Clients) == 0 {
		return nil
	}
	t.printf("\nClients:\n")
	var rows [][]string
	var details []string
	for _, c := range s.Clients {
		if c.Connects {
			suite := c.Cipher
			if c.Group != "" {
				suite += " (" + c.Group + ")"
			}
			rows = append(rows, []string{c.Name, c.Version, suite})
			continue
		}
		rows = append(rows, []string{c.Name, "FAILS", c.Reason})
		if c.Detail != "" {
			details = append(details, c.Name+": "+c.Detail)
		}
	}
	asLine := func(r []string) string { return r[0] + ": " + joinNonEmpty(" ", r[1:]...) }
	if err := t.fittedTable([]string{"client", "version", "suite or reason"}, rows, nil, asLine); err != nil {
		return err
	}
	for _, d := range details {
		t.wrapped("  "+d, "    ")
	}
	return nil
}

// scanGradeText writes the grade with its reasons, the policy verdict and
// what was not tested.
func (t *textWriter) scanGradeText(s *Scan) {
	if g := s.Grade; g != nil {
		t.printf("\nGrade: %s\n", g.Grade)
		for _, r := range g.Reasons {
			t.wrapped("  "+r, "    ")
		}
	}
	if p := s.Policy; p != nil {
		verdict := "compliant"
		if !p.Compliant {
			verdict = "not compliant, " + plural(len(p.Deviations), "deviation")
		}
		t.printf("\nPolicy %s: %s\n", p.Name, verdict)
		for _, d := range p.Deviations {
			t.wrapped("  "+d, "    ")
		}
	}
	if len(s.Untested) > 0 {
		t.printf("\nNot tested:\n")
		for _, u := range s.Untested {
			t.wrapped("  "+u.What+": "+u.Reason, "    ")
		}
	}
}

// fittedTable writes the rows as a table when it fits the width, leaving
// out the columns of drop (by index) first when that is enough; otherwise
// one line per row, made by asLine, or by default the first cell (after
// "#") and the others labelled on a line under it.
func (t *textWriter) fittedTable(header []string, rows [][]string, drop []int, asLine func([]string) string) error {
	keep := make([]bool, len(header))
	for i := range keep {
		keep[i] = true
	}
	fits := func() bool { return tableWidth(header, rows, keep) <= t.o.width() }
	for _, col := range drop {
		if fits() {
			break
		}
		keep[col] = false
	}
	if !fits() && asLine != nil {
		for _, r := range rows {
			t.wrapped("  "+asLine(r), "    ")
		}
		return nil
	}
	if !fits() {
		for _, r := range rows {
			first := 0
			if header[0] == "#" {
				first = 1
			}
			var details []string
			for i := first + 1; i < len(r); i++ {
				if r[i] != "" {
					details = append(details, header[i]+" "+r[i])
				}
			}
			t.wrapped("  "+r[first], "    ")
			if len(details) > 0 {
				t.wrapped("    "+strings.Join(details, ", "), "    ")
			}
		}
		return nil
	}
	shownHeader, shown := keepColumns(header, rows, keep)
	return writeTable(t.w, shownHeader, shown)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// durationText is "850 ms" or "1.2 s".
func durationText(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.1f s", ms/1000)
}
