package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/tlscheck/tlscheck/internal/facts"
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

// enumerate runs every version's enumeration side by side, then files the
// results.
func (s *scanner) enumerate(ctx context.Context) {
	runs := make([]*versionRun, len(scanVersions))
	var wg sync.WaitGroup
	var ssl2 facts.VersionResult
	var ssl2Suites []facts.AcceptedSuite
	wg.Add(1)
	go func() {
		defer wg.Done()
		ssl2, ssl2Suites = s.sslv2(ctx)
	}()
	for i, v := range scanVersions {
		runs[i] = &versionRun{v: v, result: facts.VersionResult{Version: v}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.version(ctx, runs[i])
		}()
	}
	wg.Wait()

	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Versions = append(s.res.Versions, ssl2)
	s.res.Ciphers = append(s.res.Ciphers, ssl2Suites...)
	groups := map[uint16]*facts.GroupResult{}
	var groupOrder []uint16
	for i := len(runs) - 1; i >= 0; i-- { // SSL 3.0 first, as Versions reads
		r := runs[i]
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

// version enumerates one version: does the server accept it, which suites,
// in which order, with which groups.
func (s *scanner) version(ctx context.Context, r *versionRun) {
	v := r.v
	offer := offerable(v)
	groups, shares := helloGroups(v)
	f, err := s.exchange(ctx, s.hello(v, offer, groups, shares), nil)
	a := s.classify(v, f, err)
	r.result.Tested = !a.timeout
	if !a.accepted {
		r.result.Refusal = a.refusal
		if a.timeout {
			s.untested(v.String(), a.refusal)
		}
		debugf("%s refused: %s", v, a.refusal)
		return
	}
	r.result.Offered = true
	r.offered = offer
	r.suites = append(r.suites, acceptedSuite(v, a))
	remaining := without(offer, a.suite)
	for range len(offer) {
		if len(remaining) == 0 || ctx.Err() != nil {
			break
		}
		f, err := s.exchange(ctx, s.hello(v, remaining, groups, shares), nil)
		a := s.classify(v, f, err)
		if !a.accepted || !slices.Contains(remaining, a.suite) {
			if a.timeout {
				s.untested(v.String()+" suites", "the enumeration stopped: "+a.refusal)
			}
			break
		}
		r.suites = append(r.suites, acceptedSuite(v, a))
		remaining = without(remaining, a.suite)
	}
	// Order: offer the suites found in reverse. A server with an order of
	// its own still picks its first; one that follows ours picks our last.
	if len(r.suites) >= 2 && ctx.Err() == nil {
		ids := make([]uint16, len(r.suites))
		for i, as := range r.suites {
			ids[len(ids)-1-i] = as.ID
		}
		f, err := s.exchange(ctx, s.hello(v, ids, groups, shares), nil)
		if a := s.classify(v, f, err); a.accepted {
			serverOrder := a.suite == r.suites[0].ID
			r.order = &serverOrder
		} else {
			s.untested(v.String()+" order", a.refusal)
		}
	}
	switch v {
	case facts.VersionTLS13:
		r.groups = s.groups13(ctx, r)
	case facts.VersionTLS12, facts.VersionTLS11, facts.VersionTLS10:
		r.groups = s.curves12(ctx, r)
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

// groups13 finds the TLS 1.3 groups: hellos without key shares, so that
// each HelloRetryRequest names the server's next choice among the groups
// still offered.
func (s *scanner) groups13(ctx context.Context, r *versionRun) []uint16 {
	suites := make([]uint16, len(r.suites))
	for i, as := range r.suites {
		suites[i] = as.ID
	}
	remaining := slices.Clone(groups13)
	var found []uint16
	for range len(groups13) {
		if len(remaining) == 0 || ctx.Err() != nil {
			break
		}
		f, err := s.exchange(ctx, s.hello(facts.VersionTLS13, suites, remaining, nil), nil)
		a := s.classify(facts.VersionTLS13, f, err)
		if !a.accepted || a.group == 0 || !slices.Contains(remaining, a.group) {
			if a.timeout {
				s.untested("TLS 1.3 groups", a.refusal)
			}
			break
		}
		found = append(found, a.group)
		remaining = without(remaining, a.group)
	}
	return found
}

// curves12 finds the ECDHE curves of TLS 1.2 and older: each
// ServerKeyExchange names the server's choice among the curves offered.
func (s *scanner) curves12(ctx context.Context, r *versionRun) []uint16 {
	var ecdhe []uint16
	var found []uint16
	for _, as := range r.suites {
		if strings.Contains(suiteName(as.ID), "ECDHE") {
			ecdhe = append(ecdhe, as.ID)
			if as.Group != 0 && !slices.Contains(found, as.Group) {
				found = append(found, as.Group)
			}
		}
	}
	if len(ecdhe) == 0 {
		return nil
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
		res.Refusal = "no answer to an SSL 2.0 hello"
	default:
		a := s.classify(facts.VersionSSL20, f, err)
		res.Tested = !errors.Is(err, errGaveUp)
		res.Refusal = a.refusal
	}
	return res, nil
}
