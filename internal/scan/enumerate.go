package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sort"
	"sync"
	"syscall"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// scanVersions are the versions a hello of its own tests, newest first.
var scanVersions = []facts.TLSVersion{facts.VersionTLS13, facts.VersionTLS12, facts.VersionTLS11, facts.VersionTLS10, facts.VersionSSL30}

// versionRun is one version's enumeration.
type versionRun struct {
	v       facts.TLSVersion
	result  facts.VersionResult
	suites  []facts.AcceptedSuite // in the order found
	order   *bool                 // server order, when two or more suites allow telling
	groups  []uint16              // TLS 1.3 key share groups, or TLS 1.2 ECDHE curves, in server order
	offered []uint16              // what the enumeration offered, in offer order
}

// enumerate runs the versions' enumerations side by side (TLS 1.3, TLS
// 1.2, the older ones probed downwards, SSL 2.0), then files the results.
func (s *scanner) enumerate(ctx context.Context) {
	runs := map[facts.TLSVersion]*versionRun{}
	for _, v := range scanVersions {
		runs[v] = &versionRun{v: v, result: facts.VersionResult{Version: v}}
	}
	var wg sync.WaitGroup
	var ssl2 facts.VersionResult
	var ssl2Suites []facts.AcceptedSuite
	wg.Add(4)
	go func() {
		defer wg.Done()
		ssl2, ssl2Suites = s.sslv2(ctx)
	}()
	tls13Done := make(chan struct{})
	go func() {
		defer wg.Done()
		defer close(tls13Done)
		s.tls13(ctx, runs[facts.VersionTLS13])
	}()
	go func() {
		defer wg.Done()
		r := runs[facts.VersionTLS12]
		if a, ok := s.first(ctx, r); ok {
			s.suites(ctx, r, a)
			<-tls13Done
			r.groups = s.curves12(ctx, r, runs[facts.VersionTLS13])
		}
	}()
	go func() {
		defer wg.Done()
		s.older(ctx, runs)
	}()
	wg.Wait()

	// Silence to an SSL 2.0 hello means "refused" only from a server that
	// answered something else: a server silent to everything says nothing.
	if ssl2.Tested && !ssl2.Offered && ssl2.Refusal == ssl2Silence {
		answered := false
		for _, r := range runs {
			answered = answered || r.result.Tested
		}
		if !answered {
			ssl2.Tested = false
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Versions = append(s.res.Versions, ssl2)
	s.res.Ciphers = append(s.res.Ciphers, ssl2Suites...)
	groups := map[uint16]*facts.GroupResult{}
	var groupOrder []uint16
	for i := len(scanVersions) - 1; i >= 0; i-- { // SSL 3.0 first, as Versions reads
		r := runs[scanVersions[i]]
		s.res.Versions = append(s.res.Versions, r.result)
		if !r.result.Offered {
			continue
		}
		suites := r.suites
		if r.order != nil {
			s.res.ServerOrder[r.v] = *r.order
			if !*r.order {
				// The client's order: show ours, strongest first.
				suites = sortByOffer(suites, r.offered)
			}
		}
		s.res.Ciphers = append(s.res.Ciphers, suites...)
		for _, g := range r.groups {
			gr, ok := groups[g]
			if !ok {
				gr = &facts.GroupResult{ID: g, Bits: groupBits(g)}
				groups[g] = gr
				groupOrder = append(groupOrder, g)
			}
			gr.Versions = append(gr.Versions, r.v)
		}
	}
	// TLS 1.3's order first (it is the one a current client meets).
	sort.SliceStable(groupOrder, func(i, j int) bool {
		return slices.Contains(groups[groupOrder[i]].Versions, facts.VersionTLS13) &&
			!slices.Contains(groups[groupOrder[j]].Versions, facts.VersionTLS13)
	})
	for _, g := range groupOrder {
		s.res.Groups = append(s.res.Groups, *groups[g])
	}
}

func sortByOffer(suites []facts.AcceptedSuite, offer []uint16) []facts.AcceptedSuite {
	out := slices.Clone(suites)
	sort.SliceStable(out, func(i, j int) bool {
		return slices.Index(offer, out[i].ID) < slices.Index(offer, out[j].ID)
	})
	return out
}

// hello is the scan's ClientHello for version v offering suites.
func (s *scanner) hello(v facts.TLSVersion, suites, groups, shares []uint16) []byte {
	h := &tlswire.Hello{Version: uint16(v), Suites: suites, ServerName: s.sni, SecureRenegotiation: true,
		StatusRequest: true, SessionTicket: true, ExtendedMasterSecret: true, Heartbeat: true, Groups: groups}
	switch {
	case v == facts.VersionTLS13:
		h.SupportedVersions = []uint16{tlswire.VersionTLS13}
		h.KeyShares = shares
		h.Heartbeat = false
	case v == facts.VersionSSL30:
		h.NoExtensions = true
		h.Compression = []uint8{1, 0}
	default:
		h.Compression = []uint8{1, 0} // DEFLATE, then null: the choice shows CRIME
	}
	rec, err := h.Record()
	if err != nil {
		// Only lengths fail, and the offers are bounded far below them.
		panic(fmt.Sprintf("scan: hello: %v", err))
	}
	return rec
}

// answer is how a server answered one hello for version v.
type answer struct {
	accepted bool
	suite    uint16
	group    uint16
	dhBits   int
	keyType  string
	refusal  string
	timeout  bool // no answer in time: nothing can be concluded
	reset    bool // closed or reset without an alert
}

func (s *scanner) classify(v facts.TLSVersion, f *tlswire.Flight, err error) answer {
	switch {
	case f != nil && f.Hello != nil:
		h := f.Hello
		if facts.TLSVersion(h.Version) != v && !(h.Retry && v == facts.VersionTLS13) {
			return answer{refusal: "answered with " + facts.TLSVersion(h.Version).String()}
		}
		a := answer{accepted: true, suite: h.Suite, group: h.Group}
		if v <= facts.VersionTLS12 {
			a.group, a.dhBits = skeGroup(h.Suite, f.ServerKeyExchange)
			if len(f.Certificates) > 0 {
				a.keyType = leafKeyType(f.Certificates[0])
			}
		}
		return a
	case f != nil && f.Alert != nil:
		return answer{refusal: "alert " + facts.AlertCode(f.Alert.Description).String()}
	case f != nil && f.NotTLS != nil:
		return answer{refusal: "an answer that is not TLS"}
	case isTimeout(err):
		return answer{timeout: true, refusal: "no answer in time"}
	case errors.Is(err, errGaveUp):
		return answer{timeout: true, refusal: "not tested: " + err.Error()}
	case err != nil:
		return answer{reset: true, refusal: "connection closed without an alert"}
	}
	return answer{refusal: "no ServerHello"}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isReset(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// first sends version v's first hello, offering every suite. ok says the
// server accepts v; the answer is its first choice.
func (s *scanner) first(ctx context.Context, r *versionRun) (answer, bool) {
	v := r.v
	groups, shares := helloGroups(v)
	f, err := s.firstContact(ctx, v, offerable(v), groups, shares)
	a := s.classify(v, f, err)
	r.result.Tested = !a.timeout
	if !a.accepted {
		r.result.Refusal = a.refusal
		if a.timeout {
			s.untested(v.String(), a.refusal)
		}
		debugf("%s refused: %s", v, a.refusal)
		return a, false
	}
	return a, true
}

// smallHello is the size a hello is kept under once a server has shown it
// cannot take a large one: below 256 bytes it needs no padding, so it
// passes both kinds of broken server, those that refuse hellos of 256-511
// bytes and those that refuse any above 512.
const smallHello = 256

// maxSuites is the largest offer some servers take: above it they answer
// with an alert as if nothing were in common.
const maxSuites = 128

// firstContact sends a version's first hello. When the server resets,
// closes or stays silent on it, the hello is sent again with as many of
// the first suites as fit in smallHello bytes: if that one is answered, the
// server cannot take large hellos, and every later offer is split into
// windows of that many suites (Scan.LargeHello).
func (s *scanner) firstContact(ctx context.Context, v facts.TLSVersion, offer, groups, shares []uint16) (*tlswire.Flight, error) {
	limit := s.offerLimit()
	start := 0
	if limit == 0 || len(offer) <= limit {
		hello := s.hello(v, offer, groups, shares)
		f, err := s.exchange(ctx, hello, nil)
		silent := (isTimeout(err) || isReset(err)) && f != nil && f.Records == 0 && !errors.Is(err, errGaveUp)
		// Some servers refuse a hello of more than 256 suites with an
		// alert, as if they had no suite or version in common.
		refusedMany := len(offer) > maxSuites && windowRefused(f)
		if !silent && !refusedMany {
			return f, err
		}
		n := len(offer)
		small := hello
		if refusedMany {
			n = maxSuites
			small = s.hello(v, offer[:n], groups, shares)
		}
		for silent && n > 4 && len(small)-5 >= smallHello {
			n = n * 3 / 4
			small = s.hello(v, offer[:n], groups, shares)
		}
		if n == len(offer) {
			return f, err // already small: its size is not the reason
		}
		f2, err2 := s.exchange(ctx, small, nil)
		if f2 == nil || (f2.Hello == nil && f2.Alert == nil) {
			return f, err // small hellos fare no better: it is not their size
		}
		if refusedMany && f2.Hello == nil {
			// The first window has nothing either: try the others before
			// calling it the offer's size.
			for i := n; i < len(offer) && ctx.Err() == nil && f2.Hello == nil; i += n {
				f2, err2 = s.exchange(ctx, s.hello(v, offer[i:min(i+n, len(offer))], groups, shares), nil)
				if !windowRefused(f2) && (f2 == nil || f2.Hello == nil) {
					break
				}
			}
			if f2 == nil || f2.Hello == nil {
				return f, err // no window is accepted either: a true refusal
			}
		}
		behaviour := "reset"
		switch {
		case refusedMany:
			behaviour = "alert"
		case isTimeout(err):
			behaviour = "silence"
		}
		s.mu.Lock()
		if s.res.LargeHello == nil {
			s.res.LargeHello = &facts.LargeHelloResult{MaxSuites: n, MaxBytes: len(small) - 5, Behaviour: behaviour}
		}
		if s.largeLimit == 0 || n < s.largeLimit {
			s.largeLimit = n
		}
		s.mu.Unlock()
		debugf("%s: a hello of %d bytes got %s; one of %d bytes (%d suites) was answered", v, len(hello)-5, behaviour, len(small)-5, n)
		if !windowRefused(f2) {
			return f2, err2
		}
		limit, start = n, n
	}
	// The offer in windows: the version is accepted once a window holds
	// a suite the server takes, refused at a protocol_version alert or
	// when no window does.
	var f *tlswire.Flight
	var err error
	for i := start; i < len(offer) && ctx.Err() == nil; i += limit {
		f, err = s.exchange(ctx, s.hello(v, offer[i:min(i+limit, len(offer))], groups, shares), nil)
		if !windowRefused(f) || err != nil {
			return f, err
		}
	}
	return f, err
}

// windowRefused: the answer to one window of suites says only that none of
// them is taken (an alert other than protocol_version), not that the
// version is refused.
func windowRefused(f *tlswire.Flight) bool {
	return f != nil && f.Hello == nil && f.Alert != nil && f.Alert.Description != tlswire.AlertProtocolVersion
}

// offerLimit is the most suites one hello may offer (0: no limit).
func (s *scanner) offerLimit() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.largeLimit
}

// suites enumerates an accepted version's suites from the server's first
// choice a, then tells the server's order from the client's.
func (s *scanner) suites(ctx context.Context, r *versionRun, a answer) {
	v := r.v
	offer := offerable(v)
	groups, shares := helloGroups(v)
	r.result.Offered, r.result.Tested, r.result.Refusal = true, true, ""
	r.offered = offer
	r.suites = append(r.suites, acceptedSuite(v, a))
	remaining := without(offer, a.suite)
	split := false
	for range len(offer) + 1 {
		if len(remaining) == 0 || ctx.Err() != nil {
			break
		}
		window := remaining
		if limit := s.offerLimit(); limit > 0 && len(window) > limit {
			window, split = window[:limit], true
		}
		f, err := s.exchange(ctx, s.hello(v, window, groups, shares), nil)
		a := s.classify(v, f, err)
		if !a.accepted || !slices.Contains(window, a.suite) {
			if a.timeout {
				s.untested(v.String()+" suites", "the enumeration stopped: "+a.refusal)
				break
			}
			if len(window) < len(remaining) {
				// None of this window: go on with the next one.
				remaining = remaining[len(window):]
				continue
			}
			break
		}
		r.suites = append(r.suites, acceptedSuite(v, a))
		remaining = without(remaining, a.suite)
	}
	s.order(ctx, r, groups, shares)
	if split && r.order != nil && *r.order {
		s.serverOrder(ctx, r, groups, shares)
	}
}

// serverOrder sorts the suites found in windows into the server's order:
// each hello offers those not yet placed, and the server picks its next.
func (s *scanner) serverOrder(ctx context.Context, r *versionRun, groups, shares []uint16) {
	byID := map[uint16]facts.AcceptedSuite{}
	var left []uint16
	for _, as := range r.suites {
		byID[as.ID] = as
		left = append(left, as.ID)
	}
	if limit := s.offerLimit(); limit > 0 && len(left) > limit {
		s.untested(r.v.String()+" order", fmt.Sprintf("more suites (%d) than one hello this server takes can offer", len(left)))
		return
	}
	var ordered []facts.AcceptedSuite
	for range len(byID) {
		if len(left) == 1 {
			ordered = append(ordered, byID[left[0]])
			left = nil
			break
		}
		f, err := s.exchange(ctx, s.hello(r.v, left, groups, shares), nil)
		a := s.classify(r.v, f, err)
		if !a.accepted || !slices.Contains(left, a.suite) {
			s.untested(r.v.String()+" order", a.refusal)
			return
		}
		ordered = append(ordered, byID[a.suite])
		left = without(left, a.suite)
	}
	if len(left) == 0 {
		r.suites = ordered
	}
}

// order offers the suites found with the first one moved last. A server
// with an order of its own still picks it; one that follows ours picks the
// new first. (Reversing the whole list would put ChaCha20 first on some
// offers, and a server that moves ChaCha20 up for clients without AES
// hardware, as Go's does, would look like one that follows the client.)
func (s *scanner) order(ctx context.Context, r *versionRun, groups, shares []uint16) {
	if len(r.suites) < 2 || ctx.Err() != nil {
		return
	}
	ids := make([]uint16, 0, len(r.suites))
	for _, as := range r.suites[1:] {
		ids = append(ids, as.ID)
	}
	ids = append(ids, r.suites[0].ID)
	f, err := s.exchange(ctx, s.hello(r.v, ids, groups, shares), nil)
	if a := s.classify(r.v, f, err); a.accepted {
		serverOrder := a.suite == r.suites[0].ID
		r.order = &serverOrder
	} else {
		s.untested(r.v.String()+" order", a.refusal)
	}
}

// older probes TLS 1.1 and below downwards: a hello offering up to a
// version is answered with the highest one the server has at or below it,
// so one refusal covers every older version.
func (s *scanner) older(ctx context.Context, runs map[facts.TLSVersion]*versionRun) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for cur := facts.VersionTLS11; cur >= facts.VersionSSL30 && ctx.Err() == nil; {
		groups, shares := helloGroups(cur)
		f, err := s.firstContact(ctx, cur, offerable(cur), groups, shares)
		var got facts.TLSVersion
		if f != nil && f.Hello != nil {
			got = facts.TLSVersion(f.Hello.Version)
		}
		if got < facts.VersionSSL30 || got > cur {
			a := s.classify(cur, f, err)
			for v := cur; v >= facts.VersionSSL30; v-- {
				r := runs[v]
				r.result.Tested, r.result.Refusal = !a.timeout, a.refusal
				if v != cur && !a.timeout {
					r.result.Refusal = a.refusal + " to a hello offering up to " + cur.String()
				}
			}
			if a.timeout {
				s.untested("SSL 3.0 to "+cur.String(), a.refusal)
			}
			return
		}
		for v := cur; v > got; v-- {
			r := runs[v]
			r.result.Tested = true
			r.result.Refusal = "answered with " + got.String()
		}
		r := runs[got]
		a := s.classify(got, f, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.suites(ctx, r, a)
			r.groups = s.curves12(ctx, r, nil)
		}()
		cur = got - 1
	}
}

func acceptedSuite(v facts.TLSVersion, a answer) facts.AcceptedSuite {
	return facts.AcceptedSuite{Version: v, ID: a.suite, Group: a.group, DHBits: a.dhBits, KeyType: a.keyType}
}

func without(list []uint16, x uint16) []uint16 {
	out := make([]uint16, 0, len(list))
	for _, y := range list {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// tls13 enumerates TLS 1.3's suites and groups together. The hellos carry
// no key share, so the server answers each with a HelloRetryRequest naming
// its choice of both suite and group among those still offered: one
// connection finds one of each. When the server refuses, one more hello
// tells which of the two lists ran out.
func (s *scanner) tls13(ctx context.Context, r *versionRun) {
	const v = facts.VersionTLS13
	offer := offerable(v)
	suitesLeft, groupsLeft := slices.Clone(offer), slices.Clone(groups13)
	var found []uint16 // suites, in the order found
	const (
		both = iota
		suitesOnly
		groupsOnly
	)
	mode := both
	for i := range len(offer) + len(groups13) + 2 {
		if ctx.Err() != nil {
			break
		}
		suites, groups := suitesLeft, groupsLeft
		switch mode {
		case suitesOnly:
			groups = groups13
		case groupsOnly:
			suites = found
		}
		if len(suites) == 0 || len(groups) == 0 {
			break
		}
		f, err := s.exchange(ctx, s.hello(v, suites, groups, nil), nil)
		a := s.classify(v, f, err)
		if i == 0 {
			r.result.Tested = !a.timeout
			if !a.accepted {
				r.result.Refusal = a.refusal
				if a.timeout {
					s.untested(v.String(), a.refusal)
				}
				return
			}
			r.result.Offered = true
			r.offered = offer
		}
		if a.timeout {
			s.untested("TLS 1.3 suites and groups", "the enumeration stopped: "+a.refusal)
			break
		}
		newSuite := a.accepted && slices.Contains(suites, a.suite) && slices.Contains(suitesLeft, a.suite)
		newGroup := a.accepted && slices.Contains(groups, a.group) && slices.Contains(groupsLeft, a.group)
		if newSuite {
			r.suites = append(r.suites, acceptedSuite(v, a))
			found = append(found, a.suite)
			suitesLeft = without(suitesLeft, a.suite)
		}
		if newGroup {
			r.groups = append(r.groups, a.group)
			groupsLeft = without(groupsLeft, a.group)
		}
		switch {
		case newSuite || newGroup:
		case mode == both:
			// Refused with both lists narrowed: either may have run
			// out. Offering every group lets the suites alone decide.
			mode = suitesOnly
		case mode == suitesOnly:
			mode = groupsOnly // no suite left; the groups may go on
		default:
			mode = -1
		}
		if mode < 0 {
			break
		}
	}
	s.order(ctx, r, groups13, nil)
}

// curves12 finds the ECDHE curves of TLS 1.2 and older: each
// ServerKeyExchange names the server's choice among the curves offered.
// The groups TLS 1.3 found (r13) are taken as they are, since OpenSSL,
// GnuTLS, Go and NATS use one setting for both versions; only the other
// curves are tried.
func (s *scanner) curves12(ctx context.Context, r, r13 *versionRun) []uint16 {
	var ecdhe []uint16
	var found []uint16
	for _, as := range r.suites {
		if st, ok := suites.ByID(as.ID); ok && (st.Kx == "ECDHE" || st.Kx == "ECDHE_PSK") {
			ecdhe = append(ecdhe, as.ID)
			if as.Group != 0 && !slices.Contains(found, as.Group) {
				found = append(found, as.Group)
			}
		}
	}
	if len(ecdhe) == 0 {
		return nil
	}
	var assumed []uint16
	if r13 != nil {
		for _, g := range r13.groups {
			if slices.Contains(curves12, g) && !slices.Contains(found, g) {
				found = append(found, g)
				assumed = append(assumed, g)
			}
		}
	}
	if len(assumed) > 0 {
		s.untested(r.v.String()+" curves", fmt.Sprintf("%d curves found in TLS 1.3 were not tried again in %s", len(assumed), r.v))
	}
	remaining := slices.DeleteFunc(slices.Clone(curves12), func(g uint16) bool { return slices.Contains(found, g) })
	for range len(curves12) {
		if len(remaining) == 0 || ctx.Err() != nil {
			break
		}
		f, err := s.exchange(ctx, s.hello(r.v, ecdhe, remaining, nil), nil)
		a := s.classify(r.v, f, err)
		if !a.accepted || a.group == 0 || !slices.Contains(remaining, a.group) {
			if a.timeout {
				s.untested(r.v.String()+" curves", a.refusal)
			}
			break
		}
		found = append(found, a.group)
		remaining = without(remaining, a.group)
	}
	return found
}

// ssl2Silence is the refusal of a server that waits on an SSL 2.0 hello.
const ssl2Silence = "no answer to an SSL 2.0 hello"

// sslv2 offers every SSL 2.0 cipher kind; the SERVER-HELLO lists all the
// server accepts at once.
func (s *scanner) sslv2(ctx context.Context) (facts.VersionResult, []facts.AcceptedSuite) {
	res := facts.VersionResult{Version: facts.VersionSSL20}
	f, err := s.exchange(ctx, tlswire.SSL2ClientHello(tlswire.SSL2Kinds), nil)
	switch {
	case f != nil && f.SSL2 != nil:
		res.Tested, res.Offered = true, true
		var out []facts.AcceptedSuite
		for _, k := range f.SSL2.Kinds {
			out = append(out, facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: k, KeyType: "RSA"})
		}
		return res, out
	case isTimeout(err) && (f == nil || f.Records == 0):
		// Many servers wait for more of a hello they cannot parse.
		res.Tested = true
		res.Refusal = ssl2Silence
	default:
		a := s.classify(facts.VersionSSL20, f, err)
		res.Tested = !errors.Is(err, errGaveUp)
		res.Refusal = a.refusal
	}
	return res, nil
}
