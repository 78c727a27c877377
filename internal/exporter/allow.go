package exporter

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"strings"
)

// AllowList is --allowed-targets: the hosts a /probe request may name, so
// that the exporter cannot be turned against arbitrary hosts. An empty list
// allows every target, as blackbox_exporter does.
type AllowList struct {
	hosts    map[string]bool
	prefixes []netip.Prefix
	patterns []*regexp.Regexp
}

// ParseAllowList reads the --allowed-targets entries. Each is
//   - a CIDR prefix (10.0.0.0/8, 2001:db8::/32): an IP target inside it, or a
//     host name all of whose addresses are inside it;
//   - "re:" and a regular expression matched against the whole host name
//     (re:.*\.example\.com);
//   - else a host name or IP address, matched exactly (case-insensitive).
func ParseAllowList(entries []string) (*AllowList, error) {
	a := &AllowList{hosts: map[string]bool{}}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		switch {
		case e == "":
			return nil, fmt.Errorf("allowed target: empty entry")
		case strings.HasPrefix(e, "re:"):
			re, err := regexp.Compile(`^(?i:` + strings.TrimPrefix(e, "re:") + `)$`)
			if err != nil {
				return nil, fmt.Errorf("allowed target %q: %w", e, err)
			}
			a.patterns = append(a.patterns, re)
		case strings.Contains(e, "/"):
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return nil, fmt.Errorf("allowed target %q: not a CIDR prefix (write a regular expression as re:...)", e)
			}
			a.prefixes = append(a.prefixes, p.Masked())
		default:
			a.hosts[normalHost(e)] = true
		}
	}
	return a, nil
}

// Empty says whether every target is allowed.
func (a *AllowList) Empty() bool {
	return a == nil || len(a.hosts) == 0 && len(a.prefixes) == 0 && len(a.patterns) == 0
}

func normalHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.Unmap().String()
	}
	return h
}

// Allowed says whether host (a name or an IP literal) may be probed. A name
// is looked up only when a CIDR entry could allow it; it is allowed when
// every address it has is inside the prefixes. (The probe looks the name up
// again; a DNS answer that changes in between is not caught here.)
func (a *AllowList) Allowed(ctx context.Context, resolver *net.Resolver, host string) bool {
	if a.Empty() {
		return true
	}
	h := normalHost(host)
	if a.hosts[h] {
		return true
	}
	for _, re := range a.patterns {
		if re.MatchString(h) {
			return true
		}
	}
	if len(a.prefixes) == 0 {
		return false
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		return a.inPrefixes(ip)
	}
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	addrs, err := resolver.LookupNetIP(ctx, "ip", h)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, ip := range addrs {
		if !a.inPrefixes(ip) {
			return false
		}
	}
	return true
}

func (a *AllowList) inPrefixes(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range a.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
