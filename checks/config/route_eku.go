package config

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// RouteEKU is config.route-eku.
var RouteEKU = &checks.Check{
	ID:       "config.route-eku",
	Title:    "a NATS cluster, gateway or leafnode certificate lacks serverAuth or clientAuth",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.2.1.12", "NATS docs: cluster TLS (the same certificate is used to accept and to connect routes)", ref},
	Doc: "NATS uses a cluster, gateway or leafnode block's certificate both as a server (accepting routes) " +
		"and as a client (connecting to the other servers). When the certificate carries an extended key " +
		"usage it must list both serverAuth and clientAuth, or one side of every route fails with " +
		"\"certificate specifies an incompatible key usage\".",
	Fix:     "Reissue the certificate with extendedKeyUsage = serverAuth, clientAuth.",
	Applies: []*checks.Scope{Listener},
	Run:     routeEKU,
}

func init() { checks.Register(RouteEKU) }

func routeEKU(p *checks.Pass) {
	c := p.Facts.Config
	if !isNATS(c) || !c.Kind.PeersAreServers() {
		return
	}
	for _, cert := range p.Facts.Certs {
		if cert.X509 == nil || cert.Source.Role != facts.RoleCert || cert.Source.Index != 0 || len(cert.X509.ExtKeyUsage) == 0 {
			continue
		}
		var server, client bool
		for _, u := range cert.X509.ExtKeyUsage {
			server = server || u == x509.ExtKeyUsageServerAuth || u == x509.ExtKeyUsageAny
			client = client || u == x509.ExtKeyUsageClientAuth || u == x509.ExtKeyUsageAny
		}
		if server && client {
			continue
		}
		var missing []string
		if !server {
			missing = append(missing, "serverAuth")
		}
		if !client {
			missing = append(missing, "clientAuth")
		}
		s := certSetting(c, cert.Source.File)
		p.Report(checks.Finding{Subject: cert.SubjectString(),
			Message: fmt.Sprintf("the %s certificate %s (%s) lacks %s: routes need both serverAuth and clientAuth",
				c.Kind, cert.SubjectString(), cert.Source.File, strings.Join(missing, " and ")),
			Evidence: evidence(s, "subject", cert.SubjectString(), "missing", strings.Join(missing, ", ")),
			Fix: fmt.Sprintf("reissue %s with `-addext \"extendedKeyUsage=serverAuth,clientAuth\"` (openssl req/x509) and keep %s pointing at it",
				cert.Source.File, at(s))})
	}
}

// certSetting is the directive that named file as a certificate.
func certSetting(c *facts.ServerConfig, file string) *facts.ConfigSetting {
	for _, f := range c.Files {
		if f.Path == file {
			s := f.Setting
			return &s
		}
	}
	return &facts.ConfigSetting{Directive: "cert_file", Value: file, Where: c.Where}
}
