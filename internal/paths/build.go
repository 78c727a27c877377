package paths

import (
	"bytes"
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Path building limits. A pool of certificates that share a subject and
// cross-sign each other makes the number of paths explode; these bounds keep
// the work linear in the input while leaving ample room for real chains.
const (
	// MaxPathDepth is the longest path considered, leaf and anchor
	// included: above OpenSSL's default verify depth of 100 intermediates'
	// worth, so that a too-long chain is reported as what it is.
	MaxPathDepth = 128
	// PathBudget is how many issuer candidates one leaf may visit.
	PathBudget = 10000
	// totalPathBudget bounds candidate visits for all leaves of one Facts.
	totalPathBudget = 1000000
)

// buildChains builds one path per leaf against f.Roots.
func buildChains(f *facts.Facts) []*facts.Chain {
	leaves := f.Leaves()
	if len(leaves) == 0 {
		return nil
	}
	b := newBuilder(f, f.Roots)
	var clientB *builder
	out := make([]*facts.Chain, 0, len(leaves))
	for _, leaf := range leaves {
		if len(f.ClientCAs) > 0 && clientLeaf(f, leaf) {
			// A client certificate is validated by the server against
			// its --client-ca, not against the server trust store.
			if clientB == nil {
				clientB = newBuilder(f, append(append([]*facts.Cert(nil), f.ClientCAs...), f.Roots...))
			}
			out = append(out, clientB.build(leaf))
			continue
		}
		out = append(out, b.build(leaf))
	}
	return out
}

// clientLeaf reports a leaf that a server verifies as a client
// certificate: --purpose client or both, or an EKU that allows only
// clientAuth (as client.not-issued-by-ca decides).
func clientLeaf(f *facts.Facts, leaf *facts.Cert) bool {
	switch f.Options.Purpose {
	case facts.PurposeClient, facts.PurposeBoth:
		return true
	}
	return facts.ClientOnly(leaf.X509)
}

// node is one distinct certificate (by DER) with every place it was found.
type node struct {
	id     int
	x      *x509.Certificate
	certs  []*facts.Cert // anchor occurrences first, then inputs in load order
	anchor bool
	self   int8 // self-signed: 0 unknown, 1 yes, -1 no
}

type candKey struct {
	n     *node
	file  string
	index int
}

type builder struct {
	f         *facts.Facts
	byDER     map[string]*node
	bySubject map[string][]*node
	byCanon   map[string][]*node // by canonicalName of the subject
	nodes     []*node
	sigs      map[[2]int]bool // {child, issuer} -> issuer's key verifies child's signature
	cands     map[candKey][]*node
	total     int
	byFile    map[string][]*facts.Cert // input certificates by file, in file order
	files     []facts.Source           // input files (File, Role) in load order
}

func newBuilder(f *facts.Facts, anchors []*facts.Cert) *builder {
	b := &builder{
		f:         f,
		byDER:     map[string]*node{},
		bySubject: map[string][]*node{},
		byCanon:   map[string][]*node{},
		sigs:      map[[2]int]bool{},
		cands:     map[candKey][]*node{},
	}
	for _, c := range anchors {
		b.add(c, true)
	}
	for _, c := range f.Certs {
		b.add(c, false)
	}
	return b
}

func (b *builder) add(c *facts.Cert, anchor bool) *node {
	if c == nil || c.X509 == nil {
		return nil
	}
	if n, ok := b.byDER[string(c.Raw)]; ok {
		n.certs = append(n.certs, c)
		n.anchor = n.anchor || anchor
		return n
	}
	n := &node{id: len(b.nodes), x: c.X509, certs: []*facts.Cert{c}, anchor: anchor}
	b.nodes = append(b.nodes, n)
	b.byDER[string(c.Raw)] = n
	subj := string(c.X509.RawSubject)
	b.bySubject[subj] = append(b.bySubject[subj], n)
	if canon := canonicalName(c.X509.RawSubject); canon != "" {
		b.byCanon[canon] = append(b.byCanon[canon], n)
	}
	return n
}

// pick chooses which occurrence of n stands in the path: the anchor, else
// the copy in a served file, else the first one loaded.
func (b *builder) pick(n *node, served map[string]bool) *facts.Cert {
	if n.anchor {
		return n.certs[0]
	}
	for _, c := range n.certs {
		if served[c.Source.File] {
			return c
		}
	}
	return n.certs[0]
}

func (b *builder) selfSigned(n *node) bool {
	if n.self == 0 {
		n.self = -1
		if string(n.x.RawSubject) == string(n.x.RawIssuer) && verifySignature(n.x, n.x) {
			n.self = 1
		}
	}
	return n.self == 1
}

// signs reports whether issuer's public key verifies child's signature. It
// deliberately ignores basicConstraints and keyUsage (reported as problems of
// the built path instead) and accepts SHA-1 and MD5 (cert.sig-weak's job).
func (b *builder) signs(issuer, child *node) bool {
	k := [2]int{child.id, issuer.id}
	if v, ok := b.sigs[k]; ok {
		return v
	}
	v := verifySignature(child.x, issuer.x)
	b.sigs[k] = v
	return v
}

func verifySignature(child, issuer *x509.Certificate) bool {
	if issuer.PublicKey == nil {
		return false
	}
	err := issuer.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature)
	if err == nil {
		return true
	}
	var insecure x509.InsecureAlgorithmError
	if errors.As(err, &insecure) && child.SignatureAlgorithm == x509.MD5WithRSA {
		if pub, ok := issuer.PublicKey.(*rsa.PublicKey); ok {
			sum := md5.Sum(child.RawTBSCertificate)
			return rsa.VerifyPKCS1v15(pub, crypto.MD5, sum[:], child.Signature) == nil
		}
	}
	return false
}

// mayIssue is true for a certificate allowed to sign others as far as
// basicConstraints go (v1/v2 certificates have none and are given the
// benefit of the doubt here; validate reports them when they are not roots).
func mayIssue(x *x509.Certificate) bool {
	return x.Version < 3 || (x.BasicConstraintsValid && x.IsCA)
}

// candidates lists the possible issuers of n (found at occ), best first:
// matching key identifier, CA, anchor, next in the same file, load order.
func (b *builder) candidates(n *node, occ *facts.Cert) []*node {
	key := candKey{n, occ.Source.File, occ.Source.Index}
	if c, ok := b.cands[key]; ok {
		return c
	}
	list := append([]*node(nil), b.bySubject[string(n.x.RawIssuer)]...)
	akiFull, akiOK := ParseAKI(n.x)
	rank := func(c *node) [4]int {
		var r [4]int
		aki, ski := n.x.AuthorityKeyId, c.x.SubjectKeyId
		switch {
		case akiOK && akiFull.Present && len(AKIMismatch(akiFull, c.x, false)) > 0:
			r[0] = 2 // OpenSSL and GnuTLS would not take it (validate says so)
		case len(aki) > 0 && len(ski) > 0 && string(aki) == string(ski):
			r[0] = 0
		default:
			r[0] = 1
		}
		if !mayIssue(c.x) {
			r[1] = 1
		}
		if !c.anchor {
			r[2] = 1
		}
		r[3] = 1
		for _, o := range c.certs {
			if o.Source.File == occ.Source.File && o.Source.Index == occ.Source.Index+1 {
				r[3] = 0
			}
		}
		return r
	}
	order := func(list []*node) {
		ranks := make(map[*node][4]int, len(list))
		for _, c := range list {
			ranks[c] = rank(c)
		}
		sort.SliceStable(list, func(i, j int) bool {
			ri, rj := ranks[list[i]], ranks[list[j]]
			if ri != rj {
				for k := range ri {
					if ri[k] != rj[k] {
						return ri[k] < rj[k]
					}
				}
			}
			return list[i].id < list[j].id
		})
	}
	order(list)
	// Then the issuers whose subject matches only after RFC 5280 7.1
	// canonicalisation (case, white space, string type), as OpenSSL
	// finds them; validate reports the link (ProblemIssuerName).
	var canonOnly []*node
	if canon := canonicalName(n.x.RawIssuer); canon != "" {
		for _, c := range b.byCanon[canon] {
			if string(c.x.RawSubject) != string(n.x.RawIssuer) {
				canonOnly = append(canonOnly, c)
			}
		}
	}
	order(canonOnly)
	list = append(list, canonOnly...)
	b.cands[key] = list
	return list
}

type search struct {
	b        *builder
	served   map[string]bool
	visits   int
	stopped  bool
	depthHit bool
	trusted  []*facts.Cert
	// trustedFaults counts what is wrong with trusted: validation problems
	// plus weak (MD5, SHA-1) signatures below the anchor.
	trustedFaults   int
	trustedProblems []facts.ChainProblem // validate's result for trusted, kept to run it once
	untrusted       []*facts.Cert
	missing         []*facts.Cert
	onPath          map[*node]bool
}

func (s *search) dfs(path []*node, occ []*facts.Cert) {
	n := path[len(path)-1]
	if n.anchor {
		// Keep looking past a path that reaches an anchor but fails
		// validation (name constraints, a non-CA issuer, EKU nesting,
		// SHA-1): another path may be valid (BetterTLS path building).
		faults, probs := s.faults(occ)
		if s.trusted == nil || faults < s.trustedFaults || (faults == s.trustedFaults && len(occ) < len(s.trusted)) {
			s.trusted = append([]*facts.Cert(nil), occ...)
			s.trustedFaults, s.trustedProblems = faults, probs
		}
		return
	}
	if s.b.selfSigned(n) {
		if s.untrusted == nil || len(occ) < len(s.untrusted) {
			s.untrusted = append([]*facts.Cert(nil), occ...)
		}
		return
	}
	if s.trusted != nil && s.trustedFaults == 0 && len(path)+1 >= len(s.trusted) {
		return // cannot beat the valid trusted path already found
	}
	if len(path) >= MaxPathDepth {
		s.depthHit = true
		return
	}
	extended := false
	for _, cand := range s.b.candidates(n, occ[len(occ)-1]) {
		if s.onPath[cand] {
			continue
		}
		s.visits++
		s.b.total++
		if s.visits > PathBudget || s.b.total > totalPathBudget {
			s.stopped = true
			return
		}
		if !s.b.signs(cand, n) {
			continue
		}
		extended = true
		s.onPath[cand] = true
		s.dfs(append(path, cand), append(occ, s.b.pick(cand, s.served)))
		delete(s.onPath, cand)
		if s.stopped {
			return
		}
	}
	if !extended && s.missing == nil {
		s.missing = append([]*facts.Cert(nil), occ...)
	}
}

// faults scores a path that reaches an anchor: its validation problems
// plus the MD5/SHA-1 signatures on it, so that a clean path wins.
func (s *search) faults(occ []*facts.Cert) (int, []facts.ChainProblem) {
	probs := validate(s.b.f, &facts.Chain{Leaf: occ[0], Path: occ, Status: facts.ChainTrusted})
	n := len(probs)
	for _, c := range occ[:len(occ)-1] {
		if weakAlg(c.X509.SignatureAlgorithm) {
			n++
		}
	}
	return n, probs
}

func (b *builder) build(leaf *facts.Cert) *facts.Chain {
	ch := &facts.Chain{Leaf: leaf, Served: b.servedFor(leaf)}
	ln := b.byDER[string(leaf.Raw)]
	if ln == nil {
		ln = b.add(leaf, false)
	}
	if ln == nil {
		ch.Path = []*facts.Cert{leaf}
		ch.Status = facts.ChainMissingIssuer
		return ch
	}
	served := map[string]bool{}
	for _, c := range ch.Served {
		served[c.Source.File] = true
	}
	s := &search{b: b, served: served, onPath: map[*node]bool{ln: true}}
	s.dfs([]*node{ln}, []*facts.Cert{leaf})
	switch {
	case s.trusted != nil:
		ch.Path, ch.Status = s.trusted, facts.ChainTrusted
	case s.untrusted != nil:
		ch.Path, ch.Status = s.untrusted, facts.ChainUntrustedRoot
	case s.stopped || (s.missing == nil && s.depthHit):
		ch.Status = facts.ChainBudgetExhausted
		ch.DepthLimited = !s.stopped
		ch.Path = []*facts.Cert{leaf}
		if s.missing != nil {
			ch.Path = s.missing
		}
	default:
		ch.Path, ch.Status = s.missing, facts.ChainMissingIssuer
		if ch.Path == nil {
			ch.Path = []*facts.Cert{leaf}
		}
		last := ch.Path[len(ch.Path)-1].X509
		ch.Missing = &facts.MissingIssuer{
			Subject: last.Issuer.String(),
			AKI:     hex.EncodeToString(last.AuthorityKeyId),
			AIA:     last.IssuingCertificateURL,
			Root:    len(ch.Path) > 1 && last.BasicConstraintsValid && last.IsCA,
		}
	}
	if ch.Status == facts.ChainTrusted {
		ch.Problems = s.trustedProblems
	} else {
		ch.Problems = validate(b.f, ch)
	}
	return ch
}

// servedFor is what a server configured with the leaf's file would send: the
// leaf's file in file order; for a --cert (or single-certificate) file
// followed by the --chain files; for a Let's Encrypt cert.pem, the
// fullchain.pem that holds the same certificate.
func (b *builder) servedFor(leaf *facts.Cert) []*facts.Cert {
	if b.byFile == nil {
		b.byFile = map[string][]*facts.Cert{}
		for _, c := range b.f.Certs {
			if _, ok := b.byFile[c.Source.File]; !ok {
				b.files = append(b.files, c.Source)
			}
			b.byFile[c.Source.File] = append(b.byFile[c.Source.File], c)
		}
	}
	own := b.byFile[leaf.Source.File]
	if len(own) == 0 {
		own = []*facts.Cert{leaf}
	}
	if leaf.Source.Role == facts.RoleCert {
		for _, fs := range b.files {
			if fs.Role != facts.RoleFullchain {
				continue
			}
			for _, c := range b.byFile[fs.File] {
				if string(c.Raw) == string(leaf.Raw) {
					return append([]*facts.Cert(nil), b.byFile[fs.File]...)
				}
			}
		}
	}
	served := append([]*facts.Cert(nil), own...)
	if leaf.Source.Role == facts.RoleCert || (leaf.Source.Role == facts.RoleAuto && len(own) == 1) {
		for _, fs := range b.files {
			if fs.Role == facts.RoleChain {
				served = append(served, b.byFile[fs.File]...)
			}
		}
	}
	return served
}

// validate lists what is wrong with a built path besides its status.
func validate(f *facts.Facts, ch *facts.Chain) []facts.ChainProblem {
	path := ch.Path
	if len(path) < 2 {
		return nil
	}
	var probs []facts.ChainProblem
	add := func(p facts.ChainProblem, format string, args ...any) {
		p.Reason = fmt.Sprintf(format, args...)
		probs = append(probs, p)
	}
	last := len(path) - 1
	terminal := ch.Status == facts.ChainTrusted || ch.Status == facts.ChainUntrustedRoot
	needEKU := requiredEKU(f, ch.Leaf.X509)
	for i, c := range path {
		x := c.X509
		if i < last && !bytes.Equal(x.RawIssuer, path[i+1].X509.RawSubject) {
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemIssuerName},
				"its issuer name %q matches the subject of %q only after RFC 5280 7.1 name canonicalisation (the names differ in letter case, white space or string type): OpenSSL-based clients (openssl verify, nginx, curl, mosquitto) compare canonical names and accept the path; Go's crypto/x509 (NATS, Caddy, Go clients) compares the names byte for byte and fails with \"certificate signed by unknown authority\"",
				x.Issuer.String(), path[i+1].X509.Subject.String())
		}
		if i < last {
			// OpenSSL (X509_check_issued) and GnuTLS only accept an issuer
			// that the authority key identifier describes; Go takes any
			// issuer whose key verifies the signature.
			if aki, ok := ParseAKI(x); ok {
				if why := AKIMismatch(aki, path[i+1].X509, false); len(why) > 0 {
					add(facts.ChainProblem{Index: i, Kind: facts.ProblemAKI},
						"its authority key identifier does not match its issuer %q (%s): OpenSSL and GnuTLS do not accept it as the issuer and fail with \"unable to get local issuer certificate\" (Go and browsers only need the signature to verify, which it does)",
						path[i+1].X509.Subject.String(), strings.Join(why, "; "))
				}
			}
		}
		for _, oid := range x.UnhandledCriticalExtensions {
			// crypto/x509 lists name constraints with forms it does not
			// parse; checkNameConstraints handles those forms.
			if oid.Equal(oidNameConstraints) && ncHandled(x) {
				continue
			}
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemCritical, OID: oid.String()},
				"has an unsupported critical extension (%s) that clients must reject", oid.String())
			break
		}
		if i == 0 {
			continue
		}
		if !f.Now.IsZero() {
			if f.Now.After(x.NotAfter) {
				add(facts.ChainProblem{Index: i, Kind: facts.ProblemExpired, Date: x.NotAfter},
					"expired on %s (checked at %s)", x.NotAfter.Format(time.DateOnly), f.Now.Format(time.DateOnly))
			} else if f.Now.Before(x.NotBefore) {
				add(facts.ChainProblem{Index: i, Kind: facts.ProblemNotYetValid, Date: x.NotBefore},
					"not valid until %s (checked at %s)", x.NotBefore.Format(time.DateOnly), f.Now.Format(time.DateOnly))
			}
		}
		root := i == last && terminal
		notCA := facts.ChainProblem{Index: i, Kind: facts.ProblemNotCA}
		switch {
		case x.Version < 3 && !root:
			add(notCA, "issuer is not a CA: an X.509 v%d certificate has no basicConstraints and may only be a root", x.Version)
		case x.Version >= 3 && !x.BasicConstraintsValid:
			add(notCA, "issuer is not a CA: it has no basicConstraints extension (RFC 5280 4.2.1.9 requires CA:TRUE)")
		case x.Version >= 3 && !x.IsCA:
			add(notCA, "issuer is not a CA: basicConstraints is CA:FALSE")
		}
		if x.KeyUsage != 0 && x.KeyUsage&x509.KeyUsageCertSign == 0 {
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemNoCertSign},
				"issuer's keyUsage lacks keyCertSign, so it may not sign certificates (RFC 5280 4.2.1.3)")
		}
		// RFC 5280 6.1.4 (l): self-issued intermediates do not count
		// against pathLenConstraint.
		if below := nonSelfIssued(path[1:i]); x.BasicConstraintsValid && x.MaxPathLen >= 0 && below > x.MaxPathLen {
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemPathLen, Limit: x.MaxPathLen, Found: below},
				"pathLenConstraint %d allows %d intermediate(s) below this CA, but the path has %d", x.MaxPathLen, x.MaxPathLen, below)
		}
		// The anchor too: Go (checkChainForKeyUsage) and OpenSSL
		// (check_chain_purpose) look at every certificate of the chain,
		// the root included, and refuse a root whose extendedKeyUsage
		// leaves out the purpose.
		if len(needEKU) > 0 && (len(x.ExtKeyUsage) > 0 || len(x.UnknownExtKeyUsage) > 0) {
			for _, want := range needEKU {
				if hasEKU(x, want) || hasEKU(x, x509.ExtKeyUsageAny) {
					continue
				}
				if i == last && terminal {
					add(facts.ChainProblem{Index: i, Kind: facts.ProblemEKU},
						"root's extendedKeyUsage (%s) does not include %s, which the leaf is used for: Go and OpenSSL check the root's extendedKeyUsage too and refuse the path (OpenSSL: \"unsuitable certificate purpose\")", facts.EKUList(x), facts.EKUName(want))
					continue
				}
				add(facts.ChainProblem{Index: i, Kind: facts.ProblemEKU},
					"intermediate's extendedKeyUsage (%s) does not include %s, which the leaf is used for", facts.EKUList(x), facts.EKUName(want))
			}
		}
	}
	if f.Options.HasMaxChainDepth {
		// A limit the user set (--max-chain-depth, as openssl verify
		// -verify_depth or nginx ssl_verify_depth), not a constraint of
		// any certificate.
		if i, n := overDepth(path, terminal, f.Options.MaxChainDepth); i > 0 {
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemMaxDepth, Limit: f.Options.MaxChainDepth, Found: n},
				"the path has %d intermediate(s), more than the %d that --max-chain-depth %d allows", n, f.Options.MaxChainDepth, f.Options.MaxChainDepth)
		}
	}
	if terminal {
		// RFC 5280 6.1 certificate policies, which Go checks since 1.22.
		if p := checkPolicies(path); p != nil {
			probs = append(probs, *p)
		}
	}
	if terminal && constrainingCA(path) > 0 {
		if i, work := ncWork(path); work > NameConstraintBudget {
			// Checking every name against every constraint is quadratic:
			// a hostile chain (x509-limbo pathological::nc-dos-*) must not
			// make us, or a client, spin.
			add(facts.ChainProblem{Index: i, Kind: facts.ProblemNCBudget, Limit: NameConstraintBudget, Found: work},
				"name constraints too costly to check: %d names against %d constraints is %d comparisons, more than the %d tlscheck (like most TLS libraries) will do", ncNames(path), work/max(ncNames(path), 1), work, NameConstraintBudget)
		} else {
			probs = append(probs, checkNameConstraints(path)...)
		}
	}
	return probs
}

// NameConstraintBudget bounds names x constraints on one path.
const NameConstraintBudget = 1 << 16

// ncNames counts the names name constraints apply to: every SAN of every
// certificate below a CA, and its subject (for directoryName constraints).
func ncNames(path []*facts.Cert) int {
	n := 0
	for _, c := range path {
		x := c.X509
		n += len(x.DNSNames) + len(x.IPAddresses) + len(x.EmailAddresses) + len(x.URIs) + 1 // + the subject
	}
	return n
}

// ncWork estimates the comparisons name-constraint checking needs, and the
// index of the CA with the most constraints.
func ncWork(path []*facts.Cert) (int, int) {
	names := ncNames(path)
	worst, at := 0, 0
	total := 0
	for i := 1; i < len(path); i++ {
		x := path[i].X509
		k := len(x.PermittedDNSDomains) + len(x.ExcludedDNSDomains) + len(x.PermittedIPRanges) + len(x.ExcludedIPRanges) +
			len(x.PermittedEmailAddresses) + len(x.ExcludedEmailAddresses) + len(x.PermittedURIDomains) + len(x.ExcludedURIDomains) +
			extraCount(x)
		total += k
		if k > worst {
			worst, at = k, i
		}
	}
	return at, names * total
}

func constrainingCA(path []*facts.Cert) int {
	for i := 1; i < len(path); i++ {
		x := path[i].X509
		if hasConstraints(x) {
			return i
		}
		if extra, ok := parseExtraConstraints(x); !ok || !extra.empty() {
			return i
		}
	}
	return 0
}

func weakAlg(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.MD2WithRSA, x509.MD5WithRSA, x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1:
		return true
	}
	return false
}

// requiredEKU is the usages the path must allow: those of --purpose that
// the leaf itself claims (cert.eku reports a leaf lacking them), else the
// leaf's own serverAuth/clientAuth.
func requiredEKU(f *facts.Facts, leaf *x509.Certificate) []x509.ExtKeyUsage {
	var want []x509.ExtKeyUsage
	switch f.Options.Purpose {
	case facts.PurposeAny:
		// No usage asked for (--purpose any: "no EKU required"), so no
		// usage is required of the issuers either.
		return nil
	case facts.PurposeClient:
		want = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	case facts.PurposeBoth:
		want = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	default:
		want = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	if len(leaf.ExtKeyUsage) == 0 || hasEKU(leaf, x509.ExtKeyUsageAny) {
		return want
	}
	var out []x509.ExtKeyUsage
	for _, u := range want {
		if hasEKU(leaf, u) {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		for _, u := range []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth} {
			if hasEKU(leaf, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

func hasEKU(x *x509.Certificate, u x509.ExtKeyUsage) bool {
	for _, e := range x.ExtKeyUsage {
		if e == u {
			return true
		}
	}
	return false
}

// overDepth counts the intermediates of path (self-issued ones not
// counted, RFC 5280 6.1.4 (l)): every certificate after the leaf, except the
// last when the path ends at a root or anchor (terminal). When there are more
// than limit it returns the position of the first intermediate beyond the
// limit, the one a client would have to trust directly for the path to fit,
// and the count; else 0 and the count.
func overDepth(path []*facts.Cert, terminal bool, limit int) (at, count int) {
	end := len(path)
	if terminal {
		end--
	}
	for i := 1; i < end; i++ {
		if bytes.Equal(path[i].X509.RawSubject, path[i].X509.RawIssuer) {
			continue
		}
		count++
		if count == limit+1 {
			at = i
		}
	}
	if count <= limit {
		return 0, count
	}
	return at, count
}

// nonSelfIssued counts the certificates whose subject differs from their
// issuer (RFC 5280 6.1.4 (l)).
func nonSelfIssued(cs []*facts.Cert) int {
	n := 0
	for _, c := range cs {
		if !bytes.Equal(c.X509.RawSubject, c.X509.RawIssuer) {
			n++
		}
	}
	return n
}
