package serverconf

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Crossbar.io: .crossbar/config.json or config.yaml. The TLS settings of a
// listening transport are in workers[].transports[].endpoint.tls (key,
// certificate, chain_certificates, ca_certificates, dhparam, ciphers), its
// address in endpoint.port and endpoint.interface; paths are relative to the
// node directory, the one holding the configuration. JSON is read with the
// YAML parser (JSON is YAML) to keep line numbers.

func loadCrossbar(c *Config, file string, data []byte) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		where := Position{File: file}
		var se *yaml.SyntaxError
		if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
			where.Line = se.Token.Position.Line
			c.problem(ProblemSyntax, where, "%s", se.Message)
		} else {
			c.problem(ProblemSyntax, where, "%v", err)
		}
		return
	}
	if len(f.Docs) == 0 {
		return
	}
	root := fromYAML(f.Docs[0], 0)
	dir := filepath.Dir(file)
	workers := root.get("workers")
	if workers == nil || !workers.isList {
		c.problem(ProblemValue, Position{file, root.line}, "no workers list: not a Crossbar.io node configuration")
		return
	}
	for wi, w := range workers.list {
		ts := w.get("transports")
		if ts == nil {
			continue
		}
		for ti, t := range ts.list {
			ep := t.get("endpoint")
			ln := Listener{Kind: facts.ListenerTransport, Where: Position{file, t.line}}
			typ := t.get("type").str()
			ln.Name = fmt.Sprintf("crossbar worker %d (%s) transport %d", wi, w.get("type").str(), ti)
			if typ != "" {
				ln.Name += " (" + typ + ")"
			}
			if ep != nil {
				e := Endpoint{Address: ep.get("interface").str(), Where: Position{file, ep.line}}
				fmt.Sscan(ep.get("port").str(), &e.Port)
				if p := ep.get("path"); p != nil { // unix socket endpoints
					e.Address = "unix:" + resolve(dir, p.str())
				}
				if tls := ep.get("tls"); tls != nil && tls.isMap {
					e.TLS = true
					crossbarTLS(c, &ln, tls, dir, file)
				}
				ln.Endpoints = append(ln.Endpoints, e)
				ln.Name += fmt.Sprintf(" port %d", e.Port)
			}
			collectURLs(t, &ln, 0)
			c.Listeners = append(c.Listeners, ln)
		}
	}
}

func crossbarTLS(c *Config, ln *Listener, tls *cnode, dir, file string) {
	for _, k := range tls.keys {
		v := tls.m[k]
		s := Setting{Directive: "endpoint.tls." + k, Value: v.str(), Args: v.strs(), Where: Position{file, v.line}}
		s.Raw = strings.Join(s.Args, " ")
		path := func(p string, line int) Setting {
			ps := s
			ps.Value, ps.Raw, ps.Args = resolve(dir, p), p, nil
			if line > 0 {
				ps.Where.Line = line
			}
			return ps
		}
		ln.directive(s)
		switch k {
		case "key":
			ln.Key = append(ln.Key, path(s.Value, 0))
		case "certificate":
			ln.Cert = append(ln.Cert, path(s.Value, 0))
		case "chain_certificates", "ca_certificates":
			items := []*cnode{v}
			if v.isList {
				items = v.list
			}
			for _, e := range items {
				ps := path(e.str(), e.line)
				if k == "chain_certificates" {
					ln.Chain = append(ln.Chain, ps)
				} else {
					ln.CA = append(ln.CA, ps)
				}
			}
		case "dhparam":
			ln.DHParam = append(ln.DHParam, path(s.Value, 0))
		case "ciphers":
			sc := s
			ln.Ciphers = &sc
		}
	}
	// Crossbar.io asks for a client certificate when ca_certificates is set
	// and fails the handshake without a valid one.
	if len(ln.CA) > 0 {
		ln.Verify = VerifyRequired
		v := ln.CA[0]
		ln.VerifyBy = &v
	}
}

// collectURLs adds the hosts of every "url" value under a transport.
func collectURLs(n *cnode, ln *Listener, depth int) {
	if n == nil || depth > 50 {
		return
	}
	for _, k := range n.keys {
		v := n.m[k]
		if k == "url" && !v.isMap && !v.isList {
			if u, err := url.Parse(v.str()); err == nil && u.Host != "" {
				ln.addHost(u.Hostname())
			}
		}
		collectURLs(v, ln, depth+1)
	}
	for _, e := range n.list {
		collectURLs(e, ln, depth+1)
	}
}
