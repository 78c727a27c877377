package probe

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// dial resolves the host (timed apart from the TCP connect) and connects to
// the first address that answers. Later attempts reuse that address.
func (p *prober) dial(ctx context.Context, a *attempt) (net.Conn, *facts.ProbeFailure) {
	network := "tcp"
	if p.cfg.IPVersion != 0 {
		network = "tcp" + strconv.Itoa(p.cfg.IPVersion)
	}
	host, port := p.target.Host, strconv.Itoa(p.target.Port)
	var addrs []string
	switch {
	case p.addr != "":
		addrs = []string{p.addr}
	case net.ParseIP(host) != nil:
		ip := net.ParseIP(host)
		if fail := ipVersionMismatch(ip, p.cfg.IPVersion, host); fail != nil {
			return nil, fail
		}
		addrs = []string{net.JoinHostPort(host, port)}
	default:
		dctx, cancel := context.WithTimeout(ctx, p.cfg.ConnectTimeout)
		t0 := time.Now()
		resolver := p.cfg.Resolver
		if resolver == nil {
			resolver = net.DefaultResolver
		}
		ips, err := resolver.LookupIPAddr(dctx, host)
		cancel()
		a.timings.DNS = ms(time.Since(t0))
		if err != nil {
			return nil, dnsFailure(err, host)
		}
		for _, ip := range ips {
			if ipVersionMismatch(ip.IP, p.cfg.IPVersion, host) == nil {
				addrs = append(addrs, net.JoinHostPort(ip.String(), port))
			}
		}
		if len(addrs) == 0 {
			return nil, &facts.ProbeFailure{Kind: facts.FailDNS, Stage: facts.StageDNS,
				Message: fmt.Sprintf("%s has no IPv%d address", host, p.cfg.IPVersion)}
		}
	}
	a.stage = facts.StageConnect
	// The connect timeout, or what remains of the probe's overall one.
	wait := p.cfg.ConnectTimeout
	if deadline, cut := p.until(wait); cut {
		wait = time.Until(deadline).Round(time.Millisecond)
	}
	cctx, cancel := context.WithTimeout(ctx, p.cfg.ConnectTimeout)
	defer cancel()
	var d net.Dialer
	t0 := time.Now()
	var lastErr error
	for _, addr := range addrs {
		conn, err := d.DialContext(cctx, network, addr)
		if err == nil {
			a.timings.Connect = ms(time.Since(t0))
			if p.addr == "" {
				// Only the first dial chooses; the later ones,
				// some side by side (probe.go extras), only read it.
				p.addr = addr
			}
			return conn, nil
		}
		lastErr = err
		if cctx.Err() != nil {
			break
		}
	}
	a.timings.Connect = ms(time.Since(t0))
	return nil, connectFailure(lastErr, addrs[len(addrs)-1], wait)
}

func ipVersionMismatch(ip net.IP, version int, host string) *facts.ProbeFailure {
	is4 := ip.To4() != nil
	if (version == 4 && !is4) || (version == 6 && is4) {
		return &facts.ProbeFailure{Kind: facts.FailDNS, Stage: facts.StageDNS,
			Message: fmt.Sprintf("%s is not an IPv%d address", host, version)}
	}
	return nil
}
