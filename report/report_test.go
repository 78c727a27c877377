package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestJSONSchema holds the JSON report to the docs/json.md contract: exactly
// its top-level keys, the certificate and finding fields, arrays never
// null, and a summary that counts the findings.
func TestJSONSchema(t *testing.T) {
	fx := loadFixture(t)
	r := fx.report()
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"certificates", "chains", "findings", "not_checked", "schema_version", "summary", "target", "tool"}
	if got := sortedKeys(doc); !reflect.DeepEqual(got, wantKeys) {
		t.Errorf("top-level keys %v, want %v", got, wantKeys)
	}
	if string(doc["schema_version"]) != "1" {
		t.Errorf("schema_version %s", doc["schema_version"])
	}

	var certs []map[string]any
	mustUnmarshal(t, doc["certificates"], &certs)
	certKeys := []string{"days_left", "is_ca", "issuer", "key", "not_after", "not_before", "role", "sans", "self_signed",
		"serial", "sha256", "signature_algorithm", "source", "spki_sha256", "subject"}
	roles := map[string]string{}
	for _, c := range certs {
		if got := sortedKeys(c); !reflect.DeepEqual(got, certKeys) {
			t.Errorf("certificate keys %v, want %v", got, certKeys)
		}
		roles[c["subject"].(string)] = c["role"].(string)
		for _, k := range []string{"dns", "ip", "email", "uri"} {
			if _, ok := c["sans"].(map[string]any)[k].([]any); !ok {
				t.Errorf("%s: sans.%s is not an array", c["subject"], k)
			}
		}
	}
	wantRoles := map[string]string{
		"CN=www.example.com":              "leaf",
		"CN=Example Issuing CA,O=Example": "intermediate",
		"CN=Unrelated CA":                 "ca",
		"CN=old.example.com":              "leaf",
		"CN=devices.internal":             "leaf",
		"CN=Example Root CA,O=Example":    "root",
		"CN=Example Client CA":            "client-ca",
	}
	if !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("roles %v, want %v", roles, wantRoles)
	}
	leaf := certs[0]
	if leaf["sha256"] != fx.leaf.Fingerprint() || leaf["spki_sha256"] != fx.leaf.SPKIPin() {
		t.Errorf("leaf fingerprints %v %v", leaf["sha256"], leaf["spki_sha256"])
	}
	if leaf["days_left"] != 31.0 || certs[3]["days_left"] != -12.0 {
		t.Errorf("days_left %v and %v, want 31 and -12", leaf["days_left"], certs[3]["days_left"])
	}

	var findings []map[string]any
	mustUnmarshal(t, doc["findings"], &findings)
	findingKeys := []string{"evidence", "evidence_typed", "fix", "id", "message", "references", "severity", "subject", "title"}
	// caused_by is there only on a finding that follows from another.
	withCause := []string{"caused_by", "evidence", "evidence_typed", "fix", "id", "message", "references", "severity", "subject", "title"}
	counts := map[string]int{}
	for _, f := range findings {
		if got := sortedKeys(f); !reflect.DeepEqual(got, findingKeys) && !reflect.DeepEqual(got, withCause) {
			t.Errorf("finding keys %v, want %v", got, findingKeys)
		}
		if _, ok := f["references"].([]any); !ok {
			t.Errorf("%s: references is not an array", f["id"])
		}
		counts[f["severity"].(string)]++
	}
	// chains[]: every leaf and path entry is a certificates[] entry, and
	// each chain's first certificate is its leaf, with role "leaf".
	var chains []struct {
		Leaf     string   `json:"leaf"`
		Path     []string `json:"path"`
		Status   string   `json:"status"`
		Trusted  bool     `json:"trusted"`
		Problems []any    `json:"problems"`
	}
	mustUnmarshal(t, doc["chains"], &chains)
	bySHA := map[string]map[string]any{}
	for _, c := range certs {
		bySHA[c["sha256"].(string)] = c
	}
	var statuses []string
	for _, ch := range chains {
		statuses = append(statuses, ch.Status)
		if len(ch.Path) == 0 || ch.Path[0] != ch.Leaf || ch.Problems == nil || ch.Trusted != (ch.Status == "trusted") {
			t.Errorf("chain %+v", ch)
		}
		if c := bySHA[ch.Leaf]; c == nil || c["role"] != "leaf" {
			t.Errorf("chain leaf %s is not a certificates[] entry with role leaf", ch.Leaf)
		}
		for _, fp := range ch.Path {
			if bySHA[fp] == nil {
				t.Errorf("chain path entry %s is not in certificates[]", fp)
			}
		}
	}
	if want := []string{"trusted", "missing-issuer", "untrusted-root"}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("chain statuses %v, want %v", statuses, want)
	}

	var summary map[string]int
	mustUnmarshal(t, doc["summary"], &summary)
	if !reflect.DeepEqual(summary, counts) || summary["error"] != 3 || summary["warning"] != 4 || summary["info"] != 1 {
		t.Errorf("summary %v, findings counted %v", summary, counts)
	}
}

// TestJSONEmpty: no inputs still gives arrays, never null, and a
// connection only when the probe supplies one.
func TestJSONEmpty(t *testing.T) {
	r := New(Tool{Name: "tlscheck", Version: "dev"}, Target{}, &facts.Facts{}, nil)
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"certificates": []`, `"chains": []`, `"findings": []`, `"target": {}`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("empty report lacks %s:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "connection") {
		t.Error("connection present without a probe")
	}
	r.Connection = NewConnection(&facts.Connection{Version: facts.VersionTLS13})
	b.Reset()
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if c, _ := doc["connection"].(map[string]any); c["version"] != "TLS 1.3" {
		t.Errorf("connection = %v", doc["connection"])
	}
}

func mustUnmarshal(t *testing.T, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSARIFStructure checks the constraints of the SARIF 2.1.0 schema that
// code scanning relies on: version and $schema, a driver with rules whose
// IDs are unique, results whose ruleIndex points at their rule, levels
// from the enum, a message, and locations that are relative forward-slash
// URIs (standard input as a logical location).
func TestSARIFStructure(t *testing.T) {
	fx := loadFixture(t)
	r := fx.report()
	r.Findings = append(r.Findings, checks.Finding{ID: "cert.expired", Severity: checks.Error, Title: "t", Message: "m",
		Subject: "CN=x", Fix: "f", Evidence: map[string]string{"file": `conf\certs\my cert.pem`, "position": "2"}})
	var b bytes.Buffer
	if err := SARIF(&b, r); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					Version        string `json:"version"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID               string `json:"id"`
						Name             string `json:"name"`
						HelpURI          string `json:"helpUri"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct{} `json:"region"`
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						Name string `json:"name"`
						Kind string `json:"kind"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Properties          map[string]string `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields() // every field we write is one we checked
	if err := dec.Decode(&log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || len(log.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "tlscheck" || !strings.HasPrefix(d.InformationURI, "https://") {
		t.Errorf("driver %q %q", d.Name, d.InformationURI)
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true, "none": true}
	seen := map[string]bool{}
	for _, rule := range d.Rules {
		if rule.ID == "" || rule.Name == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" {
			t.Errorf("rule %+v lacks a field", rule)
		}
		if seen[rule.ID] {
			t.Errorf("rule %s twice", rule.ID)
		}
		seen[rule.ID] = true
		if !levels[rule.DefaultConfiguration.Level] || !strings.HasPrefix(rule.HelpURI, "https://") || len(rule.Properties.Tags) != 1 {
			t.Errorf("rule %s: level %q helpUri %q tags %v", rule.ID, rule.DefaultConfiguration.Level, rule.HelpURI, rule.Properties.Tags)
		}
	}
	if !seen["zlint.n_subject_common_name_included"] || seen["zlint.lints"] {
		t.Error("want a rule per dynamic zlint ID and none for the dynamic check itself")
	}
	wantLevel := map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "note"}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	uris := map[string]bool{}
	for i, res := range run.Results {
		f := r.Findings[i]
		if res.RuleID != f.ID || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleId %s ruleIndex %d (%s)", i, res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID)
		}
		if res.Level != wantLevel[f.Severity] {
			t.Errorf("%s: level %s, want %s", f.ID, res.Level, wantLevel[f.Severity])
		}
		if !strings.HasPrefix(res.Message.Text, f.Message) || !strings.HasSuffix(res.Message.Text, " Fix: "+f.Fix) {
			t.Errorf("%s: message %q", f.ID, res.Message.Text)
		}
		if len(res.Locations) != 1 || len(res.PartialFingerprints) != 1 {
			t.Fatalf("%s: %d locations, fingerprints %v", f.ID, len(res.Locations), res.PartialFingerprints)
		}
		loc := res.Locations[0]
		switch file := f.Evidence["file"]; file {
		case "-":
			if loc.PhysicalLocation != nil || len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Name != "standard input" {
				t.Errorf("%s: stdin location %+v", f.ID, loc)
			}
		default:
			if loc.PhysicalLocation == nil {
				t.Fatalf("%s: no physical location for %q", f.ID, file)
			}
			if loc.PhysicalLocation.Region != nil {
				t.Errorf("%s: a region, but a position is not a line", f.ID)
			}
			uris[loc.PhysicalLocation.ArtifactLocation.URI] = true
			if res.Properties["position"] != f.Evidence["position"] {
				t.Errorf("%s: position %q, want %q", f.ID, res.Properties["position"], f.Evidence["position"])
			}
		}
	}
	if !uris["conf/certs/my%20cert.pem"] || !uris["old.pem"] {
		t.Errorf("artifact URIs %v: want relative, forward slashes, escaped", uris)
	}
}

// TestSARIFFingerprintStable: the same finding fingerprints the same across
// runs and message changes; another file or subject does not.
func TestSARIFFingerprintStable(t *testing.T) {
	a := fingerprint("cert.expired", "CN=a", "a.pem")
	if a != fingerprint("cert.expired", "CN=a", "a.pem") {
		t.Fatal("fingerprint not stable")
	}
	for _, other := range []string{fingerprint("cert.expired", "CN=b", "a.pem"), fingerprint("cert.expired", "CN=a", "b.pem"),
		fingerprint("cert.expires-soon", "CN=a", "a.pem"), fingerprint("cert.expired", "CN=aa", ".pem")} {
		if other == a {
			t.Error("distinct findings share a fingerprint")
		}
	}
}

func TestArtifactURI(t *testing.T) {
	for in, want := range map[string]string{
		"server.pem":        "server.pem",
		"./conf/server.pem": "conf/server.pem",
		"/etc/ssl/a b.pem":  "file:///etc/ssl/a%20b.pem",
		"certs/x#1.pem":     "certs/x%231.pem",
	} {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextNoKeyMaterial: nothing that looks like key or certificate
// material reaches the text report, whatever the inputs hold.
func TestTextNoKeyMaterial(t *testing.T) {
	fx := loadFixture(t)
	r := fx.report()
	r.Results = append(r.Results, checks.Result{Check: fxExpired, Selected: true})
	for _, o := range []Options{{}, {Verbose: true}, {Color: true}} {
		var b bytes.Buffer
		if err := Text(&b, r, o); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"PRIVATE KEY", "BEGIN", "MII"} {
			if strings.Contains(b.String(), bad) {
				t.Errorf("text report (%+v) contains %q", o, bad)
			}
		}
	}
}

func TestVerdict(t *testing.T) {
	fd := func(s checks.Severity) checks.Finding { return checks.Finding{ID: "x.y", Severity: s} }
	cases := []struct {
		findings []checks.Finding
		failOn   string
		want     string
	}{
		{nil, "", "PASS: no findings"},
		{[]checks.Finding{fd(checks.Info), fd(checks.Info)}, "", "PASS: no errors or warnings (2 info)"},
		{[]checks.Finding{fd(checks.Warning), fd(checks.Info)}, "", "PASS: no errors (1 warning, 1 info)"},
		{[]checks.Finding{fd(checks.Warning), fd(checks.Warning)}, "error", "PASS: no errors (2 warnings)"},
		{[]checks.Finding{fd(checks.Warning)}, "warning", "FAIL: 0 errors, 1 warning, 0 info"},
		{[]checks.Finding{fd(checks.Error), fd(checks.Error), fd(checks.Warning), fd(checks.Info)}, "", "FAIL: 2 errors, 1 warning, 1 info"},
		{[]checks.Finding{fd(checks.Error)}, "never", "PASS: 1 error, 0 warnings, 0 info (--fail-on never)"},
		{[]checks.Finding{fd(checks.Info)}, "info", "FAIL: 0 errors, 0 warnings, 1 info"},
	}
	for _, c := range cases {
		r := &Report{Findings: c.findings}
		var b bytes.Buffer
		if err := Text(&b, r, Options{FailOn: c.failOn}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if got := lines[len(lines)-1]; got != c.want {
			t.Errorf("fail-on %q, %d findings: verdict %q, want %q", c.failOn, len(c.findings), got, c.want)
		}
	}
}

// TestVerdictNotChecked: the verdict line names what the run did not check
// (checks.Gap from the results), on PASS and on FAIL (issue 9 item 8).
func TestVerdictNotChecked(t *testing.T) {
	hosts := checks.Result{Selected: true, NotApplicable: "no host name given (--host)",
		NotChecked: []checks.Gap{{Check: "host.mismatch", What: "names", Reason: "no host name given (--host)"}}}
	keys := checks.Result{Selected: true, NotChecked: []checks.Gap{
		{Check: "key.mismatch", What: "key pairing", Reason: "a.key is encrypted"},
		{Check: "key.mismatch", What: "key pairing", Reason: "b.key is encrypted"}}}
	cases := []struct {
		results  []checks.Result
		findings []checks.Finding
		want     string
	}{
		{[]checks.Result{hosts}, nil, "PASS: no findings (names not checked: no host name given (--host))"},
		{[]checks.Result{hosts, keys}, []checks.Finding{{ID: "x.y", Severity: checks.Error}},
			"FAIL: 1 error, 0 warnings, 0 info (names not checked: no host name given (--host); key pairing not checked: a.key is encrypted, b.key is encrypted)"},
	}
	for _, c := range cases {
		r := &Report{Results: c.results, Findings: c.findings}
		var b bytes.Buffer
		if err := Text(&b, r, Options{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if got := lines[len(lines)-1]; got != c.want {
			t.Errorf("verdict %q, want %q", got, c.want)
		}
		b.Reset()
		if err := JSON(&b, r); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			NotChecked []checks.Gap `json:"not_checked"`
		}
		mustUnmarshal(t, b.Bytes(), &doc)
		if want := checks.NotChecked(c.results); !reflect.DeepEqual(doc.NotChecked, want) {
			t.Errorf("JSON not_checked %+v, want %+v", doc.NotChecked, want)
		}
	}
}

func TestChainStatusWords(t *testing.T) {
	fx := loadFixture(t)
	sys := facts.Cert{Raw: fx.root.Raw, X509: fx.root.X509, Source: facts.Source{Role: facts.RoleSystem}}
	cases := []struct {
		chain *facts.Chain
		want  string
	}{
		{&facts.Chain{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf, fx.inter, &sys}, Status: facts.ChainTrusted},
			"status: trusted by the system trust store (CN=Example Root CA)"},
		{&facts.Chain{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf, fx.inter, fx.root}, Status: facts.ChainTrusted},
			"status: trusted: ends at trust anchor CN=Example Root CA from ca.pem #1 (--ca)"},
		{&facts.Chain{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf, fx.inter, fx.stray}, Status: facts.ChainUntrustedRoot},
			"status: NOT TRUSTED: ends at untrusted root CN=Unrelated CA"},
		{&facts.Chain{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf}, Status: facts.ChainMissingIssuer,
			Missing: &facts.MissingIssuer{Subject: "CN=Example Issuing CA", Fetched: true}},
			"status: INCOMPLETE: missing issuer CN=Example Issuing CA (AIA fetch failed) of CN=www.example.com"},
		{&facts.Chain{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf}, Status: facts.ChainBudgetExhausted},
			"status: UNKNOWN: path building gave up after its work budget"},
	}
	for _, c := range cases {
		if got := chainStatus(c.chain); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

// TestTextChainProblems: validation problems of a path are listed under
// its table, naming the certificate at fault.
func TestTextChainProblems(t *testing.T) {
	fx := loadFixture(t)
	r := fx.report()
	r.Chains = []*facts.Chain{{Leaf: fx.leaf, Path: []*facts.Cert{fx.leaf, fx.inter, fx.root}, Status: facts.ChainTrusted,
		Problems: []facts.ChainProblem{{Index: 1, Reason: "CA certificate lacks keyCertSign"}}}}
	var b bytes.Buffer
	if err := Text(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "  problem at #1 CN=Example Issuing CA: CA certificate lacks keyCertSign\n") {
		t.Errorf("problem not shown:\n%s", b.String())
	}
	if strings.Contains(b.String(), "Chain 2") {
		t.Error("r.Chains did not replace the fixture's chains")
	}
}

func TestValidityText(t *testing.T) {
	fx := loadFixture(t)
	for _, c := range []struct {
		now  string
		want string
	}{
		{"2026-03-01T00:00:00Z", "31"},
		{"2026-03-31T12:00:00Z", "0"},
		{"2026-04-01T00:00:00Z", "0"},
		{"2026-04-01T00:00:01Z", "expired 1d ago"},
		{"2026-04-13T00:00:00Z", "expired 12d ago"},
		{"2025-12-27T00:00:00Z", "not valid for 5d"},
	} {
		now := mustTime(t, c.now)
		if got := validityText(fx.leaf, now); got != c.want {
			t.Errorf("at %s: %q, want %q", c.now, got, c.want)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestTextLeafKey: a private key that matches a chain's leaf is shown with
// that chain, in the leaf summary, and not under "Not on any chain", which
// keeps the keys that match no leaf.
func TestTextLeafKey(t *testing.T) {
	fx := loadFixture(t)
	var b bytes.Buffer
	if err := Text(&b, fx.report(), Options{Width: 200}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	chain1, rest, _ := strings.Cut(out, "Chain 2 of 3")
	if !strings.Contains(chain1, "  key:      private key RSA 2048 in server.key #1\n") {
		t.Errorf("chain 1's leaf summary does not name server.key:\n%s", chain1)
	}
	_, others, ok := strings.Cut(rest, "Not on any chain:")
	if !ok {
		t.Fatalf("no \"Not on any chain\" section:\n%s", out)
	}
	others, _, _ = strings.Cut(others, "\n\n")
	if strings.Contains(others, "server.key") {
		t.Errorf("server.key, the key of CN=www.example.com, is listed as on no chain:\n%s", others)
	}
	if !strings.Contains(others, "encrypted private key, PKCS#8 (PBES2) (secret.key #1)") {
		t.Errorf("secret.key, which matches no leaf, is no longer listed as on no chain:\n%s", others)
	}
}
