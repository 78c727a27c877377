package config

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestRouteEKU(t *testing.T) {
	root := certgen.Root("Route Root")
	serverOnly := certgen.Leaf("nats-1", root, certgen.EKU(x509.ExtKeyUsageServerAuth))
	both := certgen.Leaf("nats-2", root, certgen.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth))

	f, c := listenerFacts("nats", "cluster")
	c.Files = []facts.ConfigFile{{Role: "certificate", Path: "/etc/nats/route.pem", Exists: true, Setting: *set("cluster.tls.cert_file", "/etc/nats/route.pem", "/etc/nats.conf:14")}}
	checktest.In(f, "/etc/nats/route.pem", facts.RoleCert, serverOnly)
	want(t, f, "config.route-eku", 1, checks.Error, "clientAuth", "extendedKeyUsage=serverAuth,clientAuth", "nats.conf:14")

	f, c = listenerFacts("nats", "cluster")
	checktest.In(f, "/etc/nats/route.pem", facts.RoleCert, both)
	want(t, f, "config.route-eku", 0, checks.Error)

	// The client port needs serverAuth only.
	f, c = listenerFacts("nats", "server")
	checktest.In(f, "/etc/nats/server.pem", facts.RoleCert, serverOnly)
	want(t, f, "config.route-eku", 0, checks.Error)
	_ = c
}
