package zlint

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"net"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	zx509 "github.com/zmap/zcrypto/x509"
	_ "github.com/zmap/zlint/v3" // registers every zlint lint
	"github.com/zmap/zlint/v3/lint"
	"github.com/zmap/zlint/v3/util"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
	"github.com/tlscheck/tlscheck/internal/workpool"
)

// Lints runs zlint v3 over every input certificate and reports each lint that
// fails as its own finding, "zlint.<lint name>".
var Lints = &checks.Check{
	ID:       "zlint.lints",
	Title:    "certificate breaks a zlint rule (RFC 5280, community, CA/B Forum, root programs)",
	Severity: checks.Warning,
	Refs: []string{
		"RFC 5280",
		"CA/Browser Forum Baseline Requirements",
		"zlint v3 (github.com/zmap/zlint)",
	},
	Doc: "Runs the zlint v3 certificate linter (" + zlintVersion + ") over every certificate among the " +
		"inputs and every --ca certificate (never the operating system's roots). Each failed lint " +
		"is reported as zlint.<lint name>, e.g. zlint.e_ext_san_missing; `tlscheck explain " +
		"zlint.<lint name>` shows the lint's description and citation. Which lints run depends on " +
		"the profile: RFC (5280, 3279, 5480, 5891, 6962, 8813) and community lints always; CA/Browser " +
		"Forum (TLS BR, EV, S/MIME, code signing), ETSI, Mozilla, Apple and Chrome root-program " +
		"lints only when the certificate's chain ends at a publicly trusted root or with " +
		"--profile webpki, so a private CA's certificates are not buried in public-CA rules. " +
		"Severity: a zlint error becomes a warning and a zlint warning or notice becomes info; " +
		"for publicly trusted certificates (or --profile webpki) a zlint error is an error, a " +
		"warning a warning and a notice info. zlint itself honours each lint's effective date " +
		"against the certificate's notBefore, so rules newer than the certificate do not fire.",
	Fix:     "Reissue the certificate so that it satisfies the rule the lint cites; each finding names the openssl extension or option to change.",
	Run:     run,
	Dynamic: true,
	Explain: explain,
	IDs:     lintIDs,
}

func init() { checks.Register(Lints) }

// zlintVersion is the module version linked in (go.mod pins it).
const zlintVersion = "v3.7.3"

// publicSources are lint sources that only bind publicly trusted CAs.
var publicSources = map[lint.LintSource]bool{
	lint.CABFBaselineRequirements:      true,
	lint.CABFEVGuidelines:              true,
	lint.CABFSMIMEBaselineRequirements: true,
	lint.CABFCSBaselineRequirements:    true,
	lint.MozillaRootStorePolicy:        true,
	lint.AppleRootStorePolicy:          true,
	lint.ChromeRootStorePolicy:         true,
	lint.EtsiEsi:                       true,
}

// privateNoise are RFC/community lints that only make sense on the public
// web: a private CA's "localhost" or "corp" names are bare public suffixes
// by design.
var privateNoise = map[string]bool{
	"n_san_iana_pub_suffix_empty": true,
	"w_ian_iana_pub_suffix_empty": true,
}

// lintSet is one filtered registry, built once and shared by all runs.
// Each lint is instantiated and configured once (zlint itself makes and
// configures a new instance, by reflection, for every certificate); lint
// instances keep no per-certificate state, so the goroutines share them.
type lintSet struct {
	once  sync.Once
	lints []*lint.CertificateLint
	impls []lint.LintInterface
	errs  []error // configuration errors, reported as Fatal results
}

var (
	privateSet lintSet // RFC and community lints, for private certificates
	publicSet  lintSet // every certificate lint, for the web PKI
)

func (s *lintSet) get(public bool) *lintSet {
	s.once.Do(func() {
		reg := lint.GlobalRegistry()
		cfg := lintConfig()
		for _, l := range reg.CertificateLints().Lints() {
			if !public && (publicSources[l.Source] || privateNoise[l.Name]) {
				continue
			}
			impl := l.Lint()
			s.lints = append(s.lints, l)
			s.impls = append(s.impls, impl)
			s.errs = append(s.errs, cfg.MaybeConfigure(impl, l.Name))
		}
	})
	return s
}

// target is one certificate to lint and how strictly.
type target struct {
	cert   *facts.Cert
	public bool
	now    time.Time // Facts.Now: RFC and community lints apply as in force then
	anchor bool      // a --ca trust anchor
}

// hit is one failed lint on one certificate.
type hit struct {
	meta   lint.LintMetadata
	status lint.LintStatus
	detail string
}

type hits []hit

// filter keeps the hits of the selected lints.
func (hs hits) filter(want selection) []hit {
	if want.all {
		return hs
	}
	var out []hit
	for _, h := range hs {
		if want.has(h.meta.Name) {
			out = append(out, h)
		}
	}
	return out
}

// lintIDs are the finding IDs of every certificate lint, "zlint.<name>".
var lintIDs = sync.OnceValue(func() []string {
	var ids []string
	for _, name := range lint.GlobalRegistry().CertificateLints().Names() {
		ids = append(ids, "zlint."+name)
	}
	sort.Strings(ids)
	return ids
})

// selection is the set of lints --checks selected; all is set when it
// selected every one (the common case, and the only one the cache holds).
type selection struct {
	all   bool
	names map[string]bool
}

func (s selection) has(name string) bool { return s.all || s.names[name] }

func selected(sel checks.Selector) selection {
	ids := lintIDs()
	all := true
	for _, id := range ids {
		if !sel.Match(id) {
			all = false
			break
		}
	}
	if all {
		return selection{all: true}
	}
	s := selection{names: map[string]bool{}}
	for _, id := range ids {
		if sel.Match(id) {
			s.names[strings.TrimPrefix(id, "zlint.")] = true
		}
	}
	return s
}

func run(p *checks.Pass) {
	f := p.Facts
	targets := collect(f)
	if len(targets) == 0 {
		// Not a scope: collect also leaves out copies of public roots.
		p.NotApplicable("no certificates among the inputs")
		return
	}
	want := selected(p.Selector)
	if why := notRun(targets, want, f.Options.Profile); why != "" {
		// A check that ran none of the selected lints did not pass.
		p.NotApplicable(why)
		return
	}
	results := make([][]hit, len(targets))
	parsed := make([]bool, len(targets))
	// Once the run is cancelled the unlinted certificates stay unparsed and
	// report nothing: checks.Run's results are not used then.
	workpool.Run(p.Context(), len(targets), 0, func(_ context.Context, i int) {
		results[i], parsed[i] = lintOne(targets[i], want)
	})
	found := false
	for i, t := range targets {
		if !parsed[i] {
			continue // zcrypto cannot parse it: file.format-unknown / the loader report that
		}
		for _, h := range results[i] {
			p.Report(finding(t, h))
			found = true
		}
	}
	if !found && !want.all && !applies(targets, want) {
		// The selected lints looked at nothing (a subscriber-certificate
		// lint given only CA certificates): not a pass.
		p.NotApplicable(fmt.Sprintf("%s applies to none of the %d certificate(s) here", selectedNames(want), len(targets)))
	}
}

// selectedNames names a partial selection for a reason: "e_x", "e_x and
// e_y", or the first two and how many more.
func selectedNames(want selection) string {
	names := make([]string, 0, len(want.names))
	for n := range want.names {
		names = append(names, n)
	}
	sort.Strings(names)
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) == 2:
		return names[0] + " and " + names[1]
	case len(names) > 2:
		return fmt.Sprintf("%s, %s and %d other selected lints", names[0], names[1], len(names)-2)
	}
	return "no lint"
}

// collect returns the distinct certificates to lint, in input order: the
// input certificates, then --ca roots; never the OS store's or bundled
// roots. Each is public when the profile is webpki or a built chain through
// it ends at a publicly trusted root.
func collect(f *facts.Facts) []target {
	profile := f.Options.Profile
	public := map[string]bool{}
	if profile != facts.ProfilePrivate && profile != facts.ProfileWebPKI {
		public = publicDERs(paths.Chains(f))
	}
	seen := map[string]bool{}
	// A copy of a publicly trusted root among the inputs (a bundle that
	// includes the root) is the root program's business, not the user's.
	for _, r := range f.Roots {
		if r != nil && r.Public() {
			seen[string(r.Raw)] = true
		}
	}
	var out []target
	add := func(c *facts.Cert) {
		if c == nil || len(c.Raw) == 0 || seen[string(c.Raw)] {
			return
		}
		seen[string(c.Raw)] = true
		pub := profile == facts.ProfileWebPKI || (profile != facts.ProfilePrivate && public[string(c.Raw)])
		out = append(out, target{cert: c, public: pub, now: f.Now, anchor: c.Anchor()})
	}
	for _, c := range f.Certs {
		if paths.Checked(f, c) {
			add(c)
		}
	}
	for _, c := range f.Roots {
		if c != nil && c.Source.Role == facts.RoleCA && paths.Checked(f, c) {
			add(c)
		}
	}
	return out
}

// publicDERs is the set of certificates (by DER) on a chain that ends at a
// publicly trusted root.
func publicDERs(chains []*facts.Chain) map[string]bool {
	out := map[string]bool{}
	for _, ch := range chains {
		if ch == nil || len(ch.Path) == 0 || !ch.Path[len(ch.Path)-1].Public() {
			continue
		}
		for _, c := range ch.Path {
			out[string(c.Raw)] = true
		}
	}
	return out
}

// lintCache memoises lintOne across Facts in one process: audits of many
// endpoints and test suites meet the same roots and intermediates again and
// again (one x509-limbo root appears in 9,572 cases). A process that runs
// for weeks (the exporter) keeps it bounded: at most lintCacheMaxEntries
// results and about lintCacheMaxBytes; past either, arbitrary entries are
// dropped until a tenth is free. Keys are SHA-256 digests, so a large
// certificate costs no more than a small one. Only runs of every lint are
// cached; a run of lints selected by --checks reads a full result when there
// is one.
var (
	lintCacheMu    sync.Mutex
	lintCache      = map[lintKey]lintResult{}
	lintCacheBytes int

	lintCacheMaxEntries = 50000
	lintCacheMaxBytes   = 64 << 20
)

type lintKey struct {
	der    [sha256.Size]byte
	public bool
	anchor bool
	day    int64 // lintDay(Facts.Now)
}

// lintDay is the UTC day of now, as Unix days. Which lints are in force
// depends on now only through their effective and ineffective dates, which
// are all midnight UTC (TestLintDatesAreDays), so results for one certificate
// are the same all day: a process that checks every few seconds with the
// real clock (the exporter) still finds them cached.
func lintDay(now time.Time) int64 {
	if now.IsZero() {
		return math.MinInt64
	}
	secs := now.UTC().Unix()
	day := secs / 86400
	if secs%86400 < 0 { // floor, so that days before 1970 do not share day 0
		day--
	}
	return day
}

type lintResult struct {
	hits   hits
	parsed bool
	size   int // bytes held, roughly
}

// resultSize estimates the memory an entry holds: the key, the map slot and
// each hit with its detail text (the metadata points into zlint's registry).
func resultSize(hits []hit) int {
	n := 128
	for _, h := range hits {
		n += int(unsafe.Sizeof(h)) + len(h.detail)
	}
	return n
}

// ResetCache empties the per-process lint cache, so that benchmarks measure
// cold work.
func ResetCache() {
	lintCacheMu.Lock()
	clear(lintCache)
	lintCacheBytes = 0
	lintCacheMu.Unlock()
}

// lintOne runs the selected lints on one certificate and returns the failed
// ones (notice and above) in lint-name order; false when zcrypto cannot
// parse it.
func lintOne(t target, want selection) ([]hit, bool) {
	key := lintKey{sha256.Sum256(t.cert.Raw), t.public, t.anchor, lintDay(t.now)}
	lintCacheMu.Lock()
	r, ok := lintCache[key]
	lintCacheMu.Unlock()
	if ok {
		return r.hits.filter(want), r.parsed
	}
	hits, parsed := lintUncached(t, want)
	if want.all {
		cacheStore(key, lintResult{hits: hits, parsed: parsed, size: resultSize(hits)})
	}
	return hits, parsed
}

func cacheStore(key lintKey, r lintResult) {
	lintCacheMu.Lock()
	defer lintCacheMu.Unlock()
	if old, ok := lintCache[key]; ok { // another goroutine linted it meanwhile
		delete(lintCache, key)
		lintCacheBytes -= old.size
	}
	if len(lintCache) >= lintCacheMaxEntries || lintCacheBytes+r.size > lintCacheMaxBytes {
		// Map iteration order is random: this drops arbitrary entries.
		for k, v := range lintCache {
			if len(lintCache) < lintCacheMaxEntries*9/10 && lintCacheBytes+r.size <= lintCacheMaxBytes*9/10 {
				break
			}
			delete(lintCache, k)
			lintCacheBytes -= v.size
		}
	}
	lintCache[key] = r
	lintCacheBytes += r.size
}

// lintUncached runs the selected lints on one certificate and returns the
// failed ones (notice and above) in lint-name order; false when zcrypto
// cannot parse it.
func lintUncached(t target, want selection) ([]hit, bool) {
	var hits []hit
	selfSigned := t.cert.SelfSigned()
	parsed := lintEach(t, want, func(l *lint.CertificateLint, res *lint.LintResult, zc *zx509.Certificate) bool {
		if res.Status < lint.Notice {
			return true // NA, NE, Pass
		}
		// RFC 5280 4.2.1.1 lets a self-signed certificate omit the
		// authority key identifier; zlint only exempts CA:TRUE roots.
		if (selfSigned || (t.cert.X509 == nil && string(zc.RawSubject) == string(zc.RawIssuer))) && l.Name == "e_ext_authority_key_identifier_no_key_identifier" {
			return true
		}
		hits = append(hits, hit{meta: l.LintMetadata, status: res.Status, detail: res.Details})
		return true
	})
	return hits, parsed
}

// applies reports whether one of the selected lints applies to one of
// targets (passes or fails, rather than not applicable or not yet in
// effect). It runs the lints again, uncached: only when a run with a
// partial selection found nothing, to tell "passed" from "did not apply".
func applies(targets []target, want selection) bool {
	for _, t := range targets {
		found := false
		lintEach(t, want, func(_ *lint.CertificateLint, res *lint.LintResult, _ *zx509.Certificate) bool {
			found = res.Status >= lint.Pass
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// lintEach runs each selected lint that the profile keeps for t and hands
// fn its result, until fn returns false; false when zcrypto cannot parse
// the certificate.
func lintEach(t target, want selection, fn func(l *lint.CertificateLint, res *lint.LintResult, zc *zx509.Certificate) bool) bool {
	zc, err := zx509.ParseCertificate(t.cert.Raw)
	if err != nil || zc == nil {
		return false
	}
	var set *lintSet
	if t.public {
		set = &publicSet
	} else {
		set = &privateSet
	}
	set = set.get(t.public)
	for i, l := range set.lints {
		if !want.has(l.Name) {
			continue
		}
		if l.Name == emudhraLint && !mayChainToEmudhra(zc) {
			continue
		}
		if exempt(t, l.Name) {
			continue
		}
		var res *lint.LintResult
		if l.Name == smallKeyLint {
			res = smallKeyResult(zc) // the same lint, by table lookup (smallkey.go)
		} else {
			res = execute(l, set.impls[i], set.errs[i], zc, t.now)
		}
		if res == nil {
			continue
		}
		if !fn(l, res, zc) {
			break
		}
	}
	return true
}

// exempt reports whether lint name is left out for t although its set
// holds it (anchorExempt, webpkiExempt).
func exempt(t target, name string) bool {
	return (t.anchor && anchorExempt[name]) || (t.public && webpkiExempt[name])
}

// notRun returns why none of the selected lints runs on any of targets
// (the profile in force drops them, or they never run on such
// certificates), or "" when one does. With --checks naming only CA/B Forum
// lints on a private CA's certificates, zlint.lints would otherwise run
// nothing and be listed as passed.
func notRun(targets []target, want selection, profile string) string {
	var names []string
	for _, l := range lint.GlobalRegistry().CertificateLints().Lints() {
		if !want.has(l.Name) {
			continue
		}
		for _, t := range targets {
			if inSet(l, t.public) && !exempt(t, l.Name) {
				return ""
			}
		}
		names = append(names, l.Name)
	}
	if len(names) == 0 {
		return "--checks selects none of the zlint lints"
	}
	sort.Strings(names)
	var why []string
	for i, name := range names {
		if i == 2 && len(names) > 3 {
			why = append(why, fmt.Sprintf("%d more of the selected lints do not run here either", len(names)-2))
			break
		}
		why = append(why, whyNotRun(name, targets, profile))
	}
	return strings.Join(why, "; ")
}

// inSet reports whether l is in the lint set for public or private
// certificates (lintSet.get).
func inSet(l *lint.CertificateLint, public bool) bool {
	return public || !(publicSources[l.Source] || privateNoise[l.Name])
}

// sourceNames name the public lint sources in notRun's reasons.
var sourceNames = map[lint.LintSource]string{
	lint.CABFBaselineRequirements:      "CA/B Forum",
	lint.CABFEVGuidelines:              "CA/B Forum EV",
	lint.CABFSMIMEBaselineRequirements: "CA/B Forum S/MIME",
	lint.CABFCSBaselineRequirements:    "CA/B Forum code-signing",
	lint.MozillaRootStorePolicy:        "Mozilla root store policy",
	lint.AppleRootStorePolicy:          "Apple root program",
	lint.ChromeRootStorePolicy:         "Chrome root program",
	lint.EtsiEsi:                       "ETSI",
}

// whyNotRun says why lint name runs on none of targets.
func whyNotRun(name string, targets []target, profile string) string {
	l := lint.GlobalRegistry().CertificateLints().ByName(name)
	where := "it runs only with --profile webpki or on a chain to a publicly trusted root"
	if profile == facts.ProfilePrivate {
		where = "it does not run under --profile private"
	}
	for _, t := range targets {
		if inSet(l, t.public) {
			continue
		}
		if src, ok := sourceNames[l.Source]; ok {
			return fmt.Sprintf("%s is a %s lint; %s", name, src, where)
		}
		return fmt.Sprintf("%s only makes sense on the public web; %s", name, where)
	}
	for _, t := range targets {
		if t.anchor && anchorExempt[name] {
			return fmt.Sprintf("%s does not apply to a trust anchor (RFC 5280 6.1.1), and the only certificates it would look at are --ca anchors", name)
		}
	}
	return fmt.Sprintf("%s does not run on publicly trusted certificates or under --profile webpki (CA/B BR 7.1.2.10.8 overrides RFC 5280 there)", name)
}

// emudhraLint checks an ECDSA signature against the keys of eight
// compromised eMudhra intermediates: eight P-384 verifications per
// certificate, three quarters of zlint's time on an ECDSA-heavy corpus.
const emudhraLint = "e_cert_issued_by_compromised_emudhra_ca"

// mayChainToEmudhra reports whether c names an eMudhra "EM ... CA" as its
// issuer. A certificate signed by one of those keys under another issuer
// name cannot chain through the compromised intermediates (RFC 5280 6.1
// chains by name), so the lint only needs to verify signatures for these.
// All eight names in zlint v3.7.3 ("EM EV TLS CA - G3B", ...) start "EM ".
func mayChainToEmudhra(c *zx509.Certificate) bool {
	return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(c.Issuer.CommonName)), "EM ")
}

// severity maps a zlint status to ours (docs/checks.md, zlint.lints).
func severity(s lint.LintStatus, public bool) checks.Severity {
	switch {
	case s >= lint.Error && public:
		return checks.Error
	case s >= lint.Error:
		return checks.Warning
	case s == lint.Warn && public:
		return checks.Warning
	}
	return checks.Info
}

func finding(t target, h hit) checks.Finding {
	c := t.cert
	ev := checks.CertEvidence(c)
	ev["lint"] = h.meta.Name
	ev["zlint_result"] = h.status.String()
	if h.meta.Citation != "" {
		ev["citation"] = h.meta.Citation
	}
	ev["source"] = string(h.meta.Source)
	if t.public {
		ev["profile"] = "webpki"
	} else {
		ev["profile"] = "private"
	}
	msg := fmt.Sprintf("zlint %s reports %s on %s (%s): %s", h.meta.Name, h.status, checks.Name(c),
		checks.Where(c.Source), strings.TrimSpace(h.meta.Description))
	if d := strings.TrimSpace(h.detail); d != "" {
		msg += " (" + d + ")"
	}
	var refs []string
	if h.meta.Citation != "" {
		refs = append(refs, h.meta.Citation)
	}
	refs = append(refs, "zlint "+zlintVersion+" "+h.meta.Name)
	return checks.Finding{
		ID:         "zlint." + h.meta.Name,
		Severity:   severity(h.status, t.public),
		Title:      strings.TrimSpace(h.meta.Description),
		Message:    msg,
		Subject:    checks.Name(c),
		Evidence:   ev,
		Fix:        fixFor(h.meta, c),
		References: refs,
	}
}

// explain documents a zlint.<lint name> finding ID from zlint's registry.
func explain(id string) (title, doc string, refs []string, ok bool) {
	name, found := strings.CutPrefix(id, "zlint.")
	if !found || name == "" {
		return "", "", nil, false
	}
	l := lint.GlobalRegistry().CertificateLints().ByName(name)
	if l == nil {
		return "", "", nil, false
	}
	when := "always (RFC and community lints run under every profile)"
	if publicSources[l.Source] || privateNoise[l.Name] {
		when = "only for certificates whose chain ends at a publicly trusted root, or with --profile webpki"
	}
	doc = fmt.Sprintf("zlint %s lint %s (source %s): %s\nCitation: %s\nRuns: %s.\n"+
		"Severity: zlint error -> warning, warn/notice -> info; for publicly trusted certificates "+
		"(or --profile webpki) error -> error, warn -> warning, notice -> info.",
		zlintVersion, l.Name, l.Source, strings.TrimSpace(l.Description), l.Citation, when)
	if l.Citation != "" {
		refs = append(refs, l.Citation)
	}
	refs = append(refs, "zlint "+zlintVersion+" (github.com/zmap/zlint)")
	return strings.TrimSpace(l.Description), doc, refs, true
}

// Version is the zlint module version linked into tlscheck.
func Version() string { return zlintVersion }

// sanValue is the subjectAltName value a reissued certificate should carry:
// the CN (as an IP or DNS name) plus the SANs it already has.
func sanValue(c *facts.Cert) string {
	var parts []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if c.X509 != nil {
		if cn := c.X509.Subject.CommonName; cn != "" {
			if net.ParseIP(cn) != nil {
				add("IP:" + cn)
			} else {
				add("DNS:" + cn)
			}
		}
		for _, d := range c.X509.DNSNames {
			add("DNS:" + d)
		}
		for _, ip := range c.X509.IPAddresses {
			add("IP:" + ip.String())
		}
	}
	if len(parts) == 0 {
		return "DNS:server.example.com"
	}
	return strings.Join(parts, ",")
}

func cnOf(c *facts.Cert) string {
	if c.X509 != nil && c.X509.Subject.CommonName != "" {
		return c.X509.Subject.CommonName
	}
	return "server.example.com"
}

// extfile is how an extension line reaches `openssl x509 -req` (signing with
// a CA, or -signkey); `openssl req -x509` takes the same line with -addext.
func extfile(lines ...string) string {
	printfArg := strings.ReplaceAll(strings.Join(lines, `\n`)+`\n`, "%", "%%")
	addext := make([]string, len(lines))
	for i, l := range lines {
		addext[i] = "-addext " + checks.ShellQuote(l)
	}
	return fmt.Sprintf("`-extfile <(printf %s)` to the `openssl x509 -req` command that signs it (or `%s` to `openssl req -x509`)",
		checks.ShellQuote(printfArg), strings.Join(addext, " "))
}

// subj is an -subj argument with the certificate's CN, quoted for the shell.
func subj(prefix string, c *facts.Cert) string {
	return "-subj " + checks.ShellQuote(prefix+"/CN="+cnOf(c))
}

// fixes are hand-written remedies for the lints private CAs and openssl
// recipes trip over most; other lints get a generic one from their citation.
var fixes = map[string]func(c *facts.Cert) string{
	"e_ext_san_missing": func(c *facts.Cert) string {
		return "reissue with a subjectAltName: add " + extfile("subjectAltName="+sanValue(c))
	},
	"e_invalid_certificate_version": func(c *facts.Cert) string {
		return "reissue as X.509 v3 (`openssl x509 -req` makes v1 unless it is given extensions): add " +
			extfile("basicConstraints=critical,CA:FALSE", "subjectAltName="+sanValue(c), "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid")
	},
	"e_cert_extensions_version_not_3": func(c *facts.Cert) string {
		return "reissue as X.509 v3: sign with `openssl x509 -req ... -extfile v3.ext` (OpenSSL writes v3 whenever extensions are given) or with `openssl req -x509`"
	},
	"e_ext_authority_key_identifier_no_key_identifier": func(c *facts.Cert) string {
		return "have the CA write the authority key identifier: add " + extfile("authorityKeyIdentifier=keyid")
	},
	"w_ext_subject_key_identifier_missing_sub_cert": func(c *facts.Cert) string {
		return "reissue with a subject key identifier: add " + extfile("subjectKeyIdentifier=hash")
	},
	"e_ext_subject_key_identifier_missing_ca": func(c *facts.Cert) string {
		return "reissue the CA certificate with `subjectKeyIdentifier=hash` in its extensions (e.g. `openssl req -x509 ... -addext subjectKeyIdentifier=hash`); certificates it signs then get a matching authority key identifier"
	},
	"e_subject_common_name_not_from_san": func(c *facts.Cert) string {
		return "put the CN into the subjectAltName as well: add " + extfile("subjectAltName="+sanValue(c))
	},
	"e_subject_common_name_not_exactly_from_san": func(c *facts.Cert) string {
		return "put the CN, spelled exactly as in the subject, into the subjectAltName: add " + extfile("subjectAltName="+sanValue(c))
	},
	"e_serial_number_not_positive": func(c *facts.Cert) string {
		return "reissue with a positive random serial: `openssl x509 -req ... -set_serial 0x$(openssl rand -hex 16 | sed 's/^./7/')` (or `-CAcreateserial`)"
	},
	"e_serial_number_longer_than_20_octets": func(c *facts.Cert) string {
		return "reissue with a serial of at most 20 octets: `openssl x509 -req ... -set_serial 0x$(openssl rand -hex 16 | sed 's/^./7/')`"
	},
	"e_sub_cert_or_sub_ca_using_sha1": func(c *facts.Cert) string {
		return "re-sign with SHA-256: add `-sha256` to the `openssl x509 -req` / `openssl req -x509` / `openssl ca -md sha256` command"
	},
	"e_signature_algorithm_not_supported": func(c *facts.Cert) string {
		return "re-sign with SHA-256 and an RSA (2048+) or ECDSA P-256/P-384 key: add `-sha256` to the signing command"
	},
	"w_sub_cert_sha1_expiration_too_long": func(c *facts.Cert) string {
		return "re-sign with SHA-256: add `-sha256` to the signing command"
	},
	"e_rsa_mod_less_than_2048_bits": func(c *facts.Cert) string {
		return "generate a new key of at least 2048 bits and reissue: `openssl req -new -newkey rsa:2048 -nodes -keyout key.pem " + subj("", c) + " -out req.csr`"
	},
	"e_mp_modulus_must_be_2048_bits_or_more": func(c *facts.Cert) string {
		return "generate a new key of at least 2048 bits and reissue: `openssl req -new -newkey rsa:2048 -nodes -keyout key.pem " + subj("", c) + " -out req.csr`"
	},
	"e_sub_cert_eku_missing": func(c *facts.Cert) string {
		return "reissue with an extended key usage: add " + extfile("extendedKeyUsage=serverAuth")
	},
	"e_sub_cert_eku_server_auth_client_auth_missing": func(c *facts.Cert) string {
		return "reissue with serverAuth (and clientAuth if it also authenticates as a client): add " + extfile("extendedKeyUsage=serverAuth")
	},
	"e_ext_key_usage_cert_sign_without_ca": func(c *facts.Cert) string {
		return "a leaf must not have keyCertSign: reissue with " + extfile("keyUsage=critical,digitalSignature,keyEncipherment")
	},
	"e_sub_cert_key_usage_cert_sign_bit_set": func(c *facts.Cert) string {
		return "a leaf must not have keyCertSign: reissue with " + extfile("keyUsage=critical,digitalSignature,keyEncipherment")
	},
	"e_sub_cert_key_usage_crl_sign_bit_set": func(c *facts.Cert) string {
		return "a leaf must not have cRLSign: reissue with " + extfile("keyUsage=critical,digitalSignature,keyEncipherment")
	},
	"e_key_usage_and_extended_key_usage_inconsistent": func(c *facts.Cert) string {
		return "make key usage match the extended key usage (a TLS server needs digitalSignature, plus keyEncipherment for RSA key exchange): reissue with " +
			extfile("keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth")
	},
	"w_ext_key_usage_not_critical": func(c *facts.Cert) string {
		return "mark keyUsage critical: write `keyUsage=critical,...` instead of `keyUsage=...` in the extensions the certificate is signed with"
	},
	"e_basic_constraints_not_critical": func(c *facts.Cert) string {
		return "mark basicConstraints critical: write `basicConstraints=critical,CA:TRUE` (or `critical,CA:FALSE` for a leaf) in the extensions the certificate is signed with"
	},
	"e_sub_cert_basic_constraints_not_critical": func(c *facts.Cert) string {
		return "mark basicConstraints critical: reissue with " + extfile("basicConstraints=critical,CA:FALSE")
	},
	"e_sub_cert_not_is_ca": func(c *facts.Cert) string {
		return "a server certificate must not be a CA: reissue with " + extfile("basicConstraints=critical,CA:FALSE")
	},
	"e_ca_key_usage_missing":      caKU,
	"e_ca_key_cert_sign_not_set":  caKU,
	"e_ca_crl_sign_not_set":       caKU,
	"e_root_ca_key_usage_present": caKU,
	"e_ca_country_name_missing": func(c *facts.Cert) string {
		return "reissue the CA with a country and organisation in its subject, e.g. `" + subj("/C=US/O=Example Corp", c) + "`"
	},
	"e_ca_organization_name_missing": func(c *facts.Cert) string {
		return "reissue the CA with an organisation in its subject, e.g. `" + subj("/C=US/O=Example Corp", c) + "`"
	},
	"e_ecdsa_allowed_ku": func(c *facts.Cert) string {
		return "an ECDSA key cannot encipher: reissue with " + extfile("keyUsage=critical,digitalSignature")
	},
	"n_ecdsa_ee_invalid_ku": func(c *facts.Cert) string {
		return "an ECDSA key only signs: reissue with " + extfile("keyUsage=critical,digitalSignature")
	},
	"e_rsa_allowed_ku_ee": func(c *facts.Cert) string {
		return "reissue with end-entity key usages only: " + extfile("keyUsage=critical,digitalSignature,keyEncipherment")
	},
	"e_server_cert_valid_time_longer_than_398_days":     validity(398),
	"e_tls_server_cert_valid_time_longer_than_398_days": validity(398),
	"w_tls_server_cert_valid_time_longer_than_397_days": validity(397),
	"e_server_cert_valid_time_longer_than_200_days":     validity(200),
	"w_server_cert_valid_time_longer_than_199_days":     validity(199),
	"e_server_cert_valid_time_longer_than_100_days":     validity(100),
	"w_server_cert_valid_time_longer_than_99_days":      validity(99),
	"e_server_cert_valid_time_longer_than_47_days":      validity(47),
	"w_server_cert_valid_time_longer_than_46_days":      validity(46),
	"e_sub_cert_valid_time_longer_than_825_days":        validity(825),
	"e_validity_time_not_positive": func(c *facts.Cert) string {
		return "reissue with notAfter after notBefore: `openssl x509 -req ... -days 90`"
	},
	"e_wrong_time_format_pre2050": func(c *facts.Cert) string {
		return "reissue with a tool that writes UTCTime for dates before 2050 (OpenSSL, Go crypto/x509 and cfssl all do)"
	},
	"e_ext_san_no_entries": func(c *facts.Cert) string {
		return "an empty subjectAltName is invalid: reissue with " + extfile("subjectAltName="+sanValue(c))
	},
	"e_subject_empty_without_san": func(c *facts.Cert) string {
		return "reissue with a subject or a critical subjectAltName: " + extfile("subjectAltName=critical,"+sanValue(c))
	},
	"w_missing_key_usage": func(c *facts.Cert) string {
		return "reissue with a key usage: add " + extfile("keyUsage=critical,digitalSignature,keyEncipherment")
	},
	"w_subject_common_name_included": func(c *facts.Cert) string {
		return "public CAs now leave the CN out; put every name in the subjectAltName (" + sanValue(c) + ") and request the certificate with an empty subject or just the SAN"
	},
	"e_dnsname_not_valid_tld": func(c *facts.Cert) string {
		return "a publicly trusted certificate can only name registered domains; for internal names (" + sanValue(c) + ") use your own CA and `--profile private`, or a subdomain of a domain you own"
	},
	"e_missing_crl_distrib_point": func(c *facts.Cert) string {
		return "have the CA publish revocation: add " + extfile("crlDistributionPoints=URI:http://crl.example.com/ca.crl")
	},
	"w_ext_subject_key_identifier_not_recommended_subscriber": func(c *facts.Cert) string {
		return "leave the subject key identifier out of leaf certificates: drop `subjectKeyIdentifier=hash` from the leaf's extension file (OpenSSL 3 adds it unless given `subjectKeyIdentifier=none`)"
	},
	"e_sub_cert_aia_missing": func(c *facts.Cert) string {
		return "only publicly trusted CAs must publish AIA; for your own CA run with `--profile private`, else add " + extfile("authorityInfoAccess=OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt")
	},
	"e_sub_cert_certificate_policies_missing": func(c *facts.Cert) string {
		return "only publicly trusted CAs must assert a CA/B policy; for your own CA run with `--profile private`, else add " + extfile("certificatePolicies=2.23.140.1.2.1")
	},
	"e_sub_cert_cert_policy_empty": func(c *facts.Cert) string {
		return "only publicly trusted CAs must assert a CA/B policy; for your own CA run with `--profile private`, else add " + extfile("certificatePolicies=2.23.140.1.2.1")
	},
}

func caKU(c *facts.Cert) string {
	return "reissue the CA certificate with `-addext \"keyUsage=critical,keyCertSign,cRLSign,digitalSignature\" -addext \"basicConstraints=critical,CA:TRUE\"`"
}

func validity(days int) func(c *facts.Cert) string {
	return func(c *facts.Cert) string {
		return fmt.Sprintf("reissue with a shorter lifetime: `-days %d` or less on the signing command (ACME clients such as certbot issue 90-day certificates)", days)
	}
}

// fixFor returns the concrete remedy for one failed lint on c.
func fixFor(m lint.LintMetadata, c *facts.Cert) string {
	if f, ok := fixes[m.Name]; ok {
		return f(c)
	}
	cite := m.Citation
	if cite == "" {
		cite = string(m.Source)
	}
	return fmt.Sprintf("reissue the certificate %s so that it satisfies %s: %s", checks.Name(c), cite, strings.TrimSpace(m.Description))
}

// resultNA and resultNE are shared, read-only results (most lints do not
// apply to most certificates; allocating each was a tenth of all garbage).
var (
	resultNA = &lint.LintResult{Status: lint.NA}
	resultNE = &lint.LintResult{Status: lint.NE}
)

// execute is lint.CertificateLint.Execute, except that for RFC and
// community lints the rule applies when it is in force at the time of use
// (Facts.Now) rather than at the certificate's notBefore: tlscheck asks
// whether clients accept a deployment today, and a notBefore of 1970 (test
// suites, faketime) must not exempt a certificate from RFC 5280. CA/B Forum
// and root-program lints keep zlint's issuance-date semantics: they are
// policy for what a CA may issue on a date. impl is the lint's shared,
// already configured instance (lintSet).
func execute(l *lint.CertificateLint, impl lint.LintInterface, cfgErr error, c *zx509.Certificate, now time.Time) (res *lint.LintResult) {
	defer func() {
		if err := recover(); err != nil {
			res = &lint.LintResult{Status: lint.Fatal, Details: fmt.Sprintf("'%s' panicked: %v", l.Name, err)}
		}
	}()
	issuance := publicSources[l.Source] || now.IsZero()
	if issuance && !l.OverrideFrameworkFilter {
		// zlint's own framework filters for the CA/B documents.
		switch {
		case l.Source == lint.CABFBaselineRequirements && !util.IsServerAuthCert(c),
			l.Source == lint.CABFSMIMEBaselineRequirements && !util.IsEmailProtectionCert(c),
			l.Source == lint.CABFCSBaselineRequirements && !util.IsCodeSigning(c.PolicyIdentifiers):
			return resultNA
		}
	}
	if cfgErr != nil {
		return &lint.LintResult{Status: lint.Fatal, Details: cfgErr.Error()}
	}
	if !impl.CheckApplies(c) {
		return resultNA
	}
	if issuance {
		if !l.CheckEffective(c) {
			return resultNE
		}
	} else if now.Before(l.EffectiveDate) || (!l.IneffectiveDate.IsZero() && !now.Before(l.IneffectiveDate)) {
		return resultNE
	}
	return impl.Execute(c)
}

// anchorExempt are lints that do not apply to a trust anchor: RFC 5280
// 6.1.1 makes an anchor a name and a key, and path validation never looks
// at its serial number (real roots such as Starfield Root G2 have serial 0).
// The same goes for its authority key identifier: an anchor's issuer is
// never looked up.
var anchorExempt = map[string]bool{
	"e_serial_number_not_positive":                     true,
	"e_serial_number_longer_than_20_octets":            true,
	"e_ext_authority_key_identifier_no_key_identifier": true,
	"e_ext_authority_key_identifier_missing":           true,
	"w_ext_authority_key_identifier_missing_ca_issued": true,
}

// webpkiExempt are RFC lints that the CA/Browser Forum Baseline
// Requirements explicitly override for the web PKI, so they do not run on
// publicly trusted certificates or under --profile webpki:
//   - e_ext_name_constraints_not_critical: BR 7.1.2.10.8 ("As an explicit
//     exception from RFC 5280, this extension SHOULD be marked critical, but
//     MAY be marked non-critical if compatibility with certain legacy
//     applications that do not support Name Constraints is necessary").
var webpkiExempt = map[string]bool{
	"e_ext_name_constraints_not_critical": true,
}

// smallKeyBits configures zlint's e_ecdsa_small_private_key (its documented
// knob: "keep this small when linting large corpora"). zlint's default, 16,
// builds a 4,096-entry table per curve on first use (18 ms, more than an
// entire openssl s_client run) and walks 16 giant steps per certificate.
// 8 still catches the compromise the lint was written for (eMudhra: eight
// P-384 private keys, all below 256) with a 256-entry table.
const smallKeyBits = 8

// lintConfig is zlint's configuration for tlscheck's runs.
func lintConfig() lint.Configuration {
	cfg, err := lint.NewConfigFromString(fmt.Sprintf("[e_ecdsa_small_private_key]\nBits = %d\n", smallKeyBits))
	if err != nil {
		panic("zlint configuration: " + err.Error()) // a constant string: a bug, not input
	}
	return cfg
}
