package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// StaleCertificate is config.stale-certificate.
var StaleCertificate = &checks.Check{
	ID:       "config.stale-certificate",
	Title:    "the running server serves another certificate than its configured file holds",
	Severity: checks.Error,
	Refs:     []string{"nginx -s reload", "mosquitto: SIGHUP reloads certificates", "NATS: nats-server --signal reload", ref},
	Doc: "With --probe, tlscheck connects to the listener and compares the certificate it serves with the " +
		"one in the configured certificate file. When they differ, the file was replaced (a renewal) but the " +
		"server was never reloaded: it keeps serving the old certificate until it expires. The message gives " +
		"both serials and the served certificate's expiry.",
	Fix:     "Reload the server (nginx -s reload, systemctl reload mosquitto, nats-server --signal reload), and make the renewal hook do it.",
	Applies: []*checks.Scope{Listener, Probed},
	Run:     staleCertificate,
}

func init() { checks.Register(StaleCertificate) }

// reloadCommand is how the server reloads its certificates.
func reloadCommand(typ facts.ServerType) string {
	switch typ {
	case facts.ServerNginx:
		return "nginx -s reload (or systemctl reload nginx)"
	case facts.ServerMosquitto:
		return "systemctl reload mosquitto (SIGHUP)"
	case facts.ServerNATS:
		return "nats-server --signal reload"
	case facts.ServerEMQX:
		return "emqx restart (or reload the listener: emqx ctl listeners restart ssl:default)"
	case facts.ServerCrossbar:
		return "crossbar restart"
	}
	return "reload the server"
}

func staleCertificate(p *checks.Pass) {
	c := p.Facts.Config
	served := servedChain(c.Served)
	chains := configuredChains(p.Facts)
	if len(served) == 0 || len(chains) == 0 {
		return
	}
	var held []string
	for _, ch := range chains {
		if ch[0].X509 == nil {
			continue
		}
		if sameDER(ch[0].Raw, served[0].Raw) {
			return
		}
		held = append(held, fmt.Sprintf("serial %s in %s", strings.ToUpper(ch[0].X509.SerialNumber.Text(16)), ch[0].Source.File))
	}
	if len(held) == 0 {
		return
	}
	leaf := served[0]
	s := certSetting(c, chains[0][0].Source.File)
	p.Report(checks.Finding{Subject: c.Served.Address,
		Message: fmt.Sprintf("%s serves serial %s (%s), expiring %s, while %s holds %s: reload the server",
			c.Served.Address, strings.ToUpper(leaf.SerialNumber.Text(16)), leaf.Subject.String(), leaf.NotAfter.UTC().Format("2006-01-02"),
			at(s), strings.Join(held, ", ")),
		Evidence: evidence(s, "address", c.Served.Address, "served_serial", strings.ToUpper(leaf.SerialNumber.Text(16)),
			"served_not_after", leaf.NotAfter.UTC().Format("2006-01-02T15:04:05Z"), "configured", strings.Join(held, ", ")),
		Fix: reloadCommand(c.Type)})
}
