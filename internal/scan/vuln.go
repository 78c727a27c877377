package scan

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// vulnOrder is the order of Scan.Vulns: one entry per test, run or not.
var vulnOrder = []facts.VulnID{
	facts.VulnHeartbleed, facts.VulnCCSInjection, facts.VulnROBOT,
	facts.VulnRenegotiation, facts.VulnClientReneg, facts.VulnCRIME, facts.VulnFallbackSCSV,
	facts.VulnPOODLE, facts.VulnSWEET32, facts.VulnFREAK, facts.VulnLogjam,
	facts.VulnDROWN, facts.VulnBEAST, facts.VulnLUCKY13, facts.VulnRC4,
}

// vulnWait bounds the wait for a server's reaction to a test's message
// (a heartbeat, an early ChangeCipherSpec, a ROBOT ClientKeyExchange, a
// renegotiation), within the connection's own deadline; Config.vulnWait
// (tests) changes it for one scan.
const defaultVulnWait = 5 * time.Second

// vulnWait is the scan's bound on waiting for a reaction.
func (s *scanner) vulnWait() time.Duration {
	if s.cfg.vulnWait > 0 {
		return s.cfg.vulnWait
	}
	return defaultVulnWait
}

// enumerated is what the enumeration found, as the vulnerability tests
// read it.
type enumerated struct {
	versions  []facts.VersionResult
	suites    []facts.AcceptedSuite
	renegInfo *bool
	heartbeat *bool
	comp      *uint8
	dead      bool // the first connection failed: nothing was enumerated
}

// accepted are the versions SSL 3.0 to TLS 1.3 the server accepts, newest
// first.
func (e *enumerated) accepted() []facts.TLSVersion {
	var out []facts.TLSVersion
	for _, v := range scanVersions {
		for _, r := range e.versions {
			if r.Version == v && r.Offered {
				out = append(out, v)
			}
		}
	}
	return out
}

func (e *enumerated) suiteIDs(v facts.TLSVersion) []uint16 {
	var out []uint16
	for _, s := range e.suites {
		if s.Version == v {
			out = append(out, s.ID)
		}
	}
	return out
}

// legacy is the newest accepted version of TLS 1.2 or older, 0 for none.
func (e *enumerated) legacy() facts.TLSVersion {
	for _, v := range e.accepted() {
		if v <= facts.VersionTLS12 {
			return v
		}
	}
	return 0
}

// tested says whether the enumeration found anything to judge: a server
// that seems to accept no version at all (every hello reset, say) was not
// enumerated, whatever each hello's answer was.
func (e *enumerated) tested() bool {
	if e.dead {
		return false
	}
	for _, r := range e.versions {
		if r.Offered {
			return true
		}
	}
	return false
}

// vulns runs the vulnerability tests once the enumeration is done and
// files one result per facts.VulnID in Scan.Vulns, with the features they
// tell (ClientRenegotiation, FallbackSCSV).
func (s *scanner) vulns(ctx context.Context) {
	s.mu.Lock()
	e := &enumerated{versions: slices.Clone(s.res.Versions), suites: slices.Clone(s.res.Ciphers),
		renegInfo: s.renegInfo, heartbeat: s.heartbeat, comp: s.compression, dead: s.firstFailure != nil}
	s.mu.Unlock()

	res := map[facts.VulnID]facts.VulnResult{}
	for _, r := range derivedVulns(e) {
		res[r.ID] = r
	}
	var fallback, clientReneg *bool
	type test struct {
		id  facts.VulnID
		run func() facts.VulnResult
	}
	tests := []test{
		{facts.VulnHeartbleed, func() facts.VulnResult { return s.heartbleed(ctx, e) }},
		{facts.VulnCCSInjection, func() facts.VulnResult { return s.ccsInjection(ctx, e) }},
		{facts.VulnROBOT, func() facts.VulnResult { return s.robot(ctx, e) }},
		{facts.VulnFallbackSCSV, func() facts.VulnResult {
			r, b := s.fallbackSCSV(ctx, e)
			fallback = b
			return r
		}},
		{facts.VulnClientReneg, func() facts.VulnResult {
			r, b := s.clientRenegotiation(ctx, e)
			clientReneg = b
			return r
		}},
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, t := range tests {
		var r facts.VulnResult
		switch {
		case !e.tested():
			r = notTested(t.id, "the enumeration found no accepted version")
		case s.cfg.SkipVulns:
			r = notTested(t.id, "skipped: the tests that need connections of their own were turned off")
		default:
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				r := t.run()
				debugf("vuln.%s took %s", t.id, time.Since(t0))
				r.ID = t.id
				if !r.Tested && ctx.Err() != nil {
					s.untested("vuln."+string(t.id), r.Reason)
				}
				mu.Lock()
				res[t.id] = r
				mu.Unlock()
			}()
			continue
		}
		res[t.id] = r
	}
	wg.Wait()

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range vulnOrder {
		r, ok := res[id]
		if !ok {
			r = notTested(id, "no test ran")
		}
		s.res.Vulns = append(s.res.Vulns, r)
	}
	s.res.Features.FallbackSCSV = fallback
	s.res.Features.ClientRenegotiation = clientReneg
}

func notTested(id facts.VulnID, why string) facts.VulnResult {
	return facts.VulnResult{ID: id, Reason: why}
}

// notApplicable is a test with nothing to look at.
func notApplicable(id facts.VulnID, why string) facts.VulnResult {
	return facts.VulnResult{ID: id, NotApplicable: true, Reason: why}
}

// suiteList is the evidence form of a set of suites: their code points,
// numbers as numbers, with their names beside them.
type suiteList struct {
	Version facts.TLSVersion `json:"version"`
	IDs     []uint16         `json:"ids"`
	Names   []string         `json:"names"`
}

// derivedVulns are the tests the enumeration answers without a connection
// of their own.
func derivedVulns(e *enumerated) []facts.VulnResult {
	ids := []facts.VulnID{facts.VulnRenegotiation, facts.VulnCRIME, facts.VulnPOODLE, facts.VulnSWEET32,
		facts.VulnFREAK, facts.VulnLogjam, facts.VulnDROWN, facts.VulnBEAST, facts.VulnLUCKY13, facts.VulnRC4}
	if !e.tested() {
		var out []facts.VulnResult
		for _, id := range ids {
			out = append(out, notTested(id, "the enumeration found no accepted version"))
		}
		return out
	}
	// matching collects the accepted suites, per version, for which f holds.
	matching := func(versions func(facts.TLSVersion) bool, f func(suiteClass) bool) []suiteList {
		var out []suiteList
		for _, s := range e.suites {
			if !versions(s.Version) {
				continue
			}
			var c suiteClass
			var id uint16
			var name string
			if s.Version == facts.VersionSSL20 {
				c, id, name = classifySSL2(s.ID24), 0, fmt.Sprintf("SSL2_CK_0x%06X", s.ID24)
			} else {
				c, id, name = classifySuite(s.ID), s.ID, suiteName(s.ID)
			}
			if !f(c) {
				continue
			}
			if len(out) == 0 || out[len(out)-1].Version != s.Version {
				out = append(out, suiteList{Version: s.Version})
			}
			l := &out[len(out)-1]
			if s.Version != facts.VersionSSL20 {
				l.IDs = append(l.IDs, id)
			}
			l.Names = append(l.Names, name)
		}
		return out
	}
	all := func(facts.TLSVersion) bool { return true }
	tls := func(v facts.TLSVersion) bool { return v >= facts.VersionSSL30 }
	found := func(id facts.VulnID, l []suiteList, extra map[string]any) facts.VulnResult {
		ev := map[string]any{"suites": l}
		if l == nil {
			ev = map[string]any{}
		}
		for k, v := range extra {
			ev[k] = v
		}
		return facts.VulnResult{ID: id, Tested: true, Vulnerable: len(l) > 0, Evidence: ev}
	}
	var out []facts.VulnResult

	// RFC 5746: from every ServerHello of TLS 1.2 or older.
	switch {
	case e.legacy() == 0:
		out = append(out, notApplicable(facts.VulnRenegotiation, "no version with renegotiation (TLS 1.2 or older) is accepted"))
	case e.renegInfo == nil:
		out = append(out, notTested(facts.VulnRenegotiation, "no ServerHello of TLS 1.2 or older was read"))
	default:
		out = append(out, facts.VulnResult{ID: facts.VulnRenegotiation, Tested: true, Vulnerable: !*e.renegInfo,
			Evidence: map[string]any{"renegotiation_info": *e.renegInfo}})
	}
	// CRIME: the server chose DEFLATE when a hello offered it.
	if e.comp == nil {
		out = append(out, notTested(facts.VulnCRIME, "no ServerHello of TLS 1.2 or older was read"))
	} else {
		out = append(out, facts.VulnResult{ID: facts.VulnCRIME, Tested: true, Vulnerable: *e.comp != 0,
			Evidence: map[string]any{"compression_method": int(*e.comp)}})
	}
	ssl3 := func(v facts.TLSVersion) bool { return v == facts.VersionSSL30 }
	out = append(out, found(facts.VulnPOODLE, matching(ssl3, func(c suiteClass) bool { return c.cbc }), nil))
	out = append(out, found(facts.VulnSWEET32, matching(all, func(c suiteClass) bool { return c.block64 }), nil))
	out = append(out, found(facts.VulnFREAK, matching(tls, func(c suiteClass) bool { return c.export && c.rsaKx }), nil))

	// Logjam: export DH suites, or DHE with a group of 1024 bits or less.
	logjam := matching(tls, func(c suiteClass) bool { return c.export && c.finiteDH })
	type weakDH struct {
		Version facts.TLSVersion `json:"version"`
		ID      uint16           `json:"id"`
		Name    string           `json:"name"`
		DHBits  int              `json:"dh_bits"`
	}
	var small []weakDH
	for _, s := range e.suites {
		if s.DHBits > 0 && s.DHBits <= 1024 {
			small = append(small, weakDH{s.Version, s.ID, suiteName(s.ID), s.DHBits})
		}
	}
	lj := found(facts.VulnLogjam, logjam, map[string]any{"weak_dh": small})
	lj.Vulnerable = len(logjam) > 0 || len(small) > 0
	out = append(out, lj)

	// DROWN: SSL 2.0 on this service (the same key elsewhere is not seen).
	var ssl2 *facts.VersionResult
	for i := range e.versions {
		if e.versions[i].Version == facts.VersionSSL20 {
			ssl2 = &e.versions[i]
		}
	}
	if ssl2 == nil || !ssl2.Tested {
		out = append(out, notTested(facts.VulnDROWN, "SSL 2.0 was not tested"))
	} else {
		out = append(out, found(facts.VulnDROWN, matching(func(v facts.TLSVersion) bool { return v == facts.VersionSSL20 },
			func(suiteClass) bool { return true }), map[string]any{"sslv2": ssl2.Offered}))
	}
	// BEAST: CBC in SSL 3.0 and TLS 1.0 (informational: clients mitigate it).
	old := func(v facts.TLSVersion) bool { return v == facts.VersionSSL30 || v == facts.VersionTLS10 }
	out = append(out, found(facts.VulnBEAST, matching(old, func(c suiteClass) bool { return c.cbc }), nil))
	out = append(out, found(facts.VulnLUCKY13, matching(tls, func(c suiteClass) bool { return c.cbc }), nil))
	out = append(out, found(facts.VulnRC4, matching(all, func(c suiteClass) bool { return c.rc4 }), nil))
	return out
}

// legacyHello is a hello for the newest accepted version of TLS 1.2 or
// older offering suites (all the version's accepted suites when nil).
func (s *scanner) legacyHello(e *enumerated, v facts.TLSVersion, suites []uint16, extra ...uint16) []byte {
	if suites == nil {
		suites = e.suiteIDs(v)
	}
	groups, shares := helloGroups(v)
	return s.hello(v, append(slices.Clone(suites), extra...), groups, shares)
}

// fallbackSCSV offers the second newest accepted version with
// TLS_FALLBACK_SCSV (RFC 7507): a server that knows it refuses with
// inappropriate_fallback.
func (s *scanner) fallbackSCSV(ctx context.Context, e *enumerated) (facts.VulnResult, *bool) {
	acc := e.accepted()
	if len(acc) < 2 {
		return notApplicable(facts.VulnFallbackSCSV, "the server accepts one version only"), nil
	}
	hi, v := acc[0], acc[1]
	f, err := s.exchange(ctx, s.legacyHello(e, v, nil, tlswire.SuiteFallbackSCSV), nil)
	ev := map[string]any{"highest": hi, "offered": v}
	switch {
	case f != nil && f.Hello != nil && !f.Hello.Retry:
		no := false
		ev["answer"] = "ServerHello " + facts.TLSVersion(f.Hello.Version).String()
		return facts.VulnResult{Tested: true, Vulnerable: true, Evidence: ev}, &no
	case f != nil && f.Alert != nil && f.Alert.Description == tlswire.AlertInappropriateFallback:
		yes := true
		ev["answer"] = "alert " + facts.AlertCode(f.Alert.Description).String()
		return facts.VulnResult{Tested: true, Evidence: ev}, &yes
	case f != nil && f.Alert != nil:
		return notTested(facts.VulnFallbackSCSV, "the server answered the fallback hello with alert "+
			facts.AlertCode(f.Alert.Description).String()+", which says nothing of TLS_FALLBACK_SCSV"), nil
	}
	return notTested(facts.VulnFallbackSCSV, "no answer to the fallback hello: "+s.classify(v, f, err).refusal), nil
}
