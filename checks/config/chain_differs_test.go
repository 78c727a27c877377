package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestChainDiffers(t *testing.T) {
	root := certgen.Root("Chain Root")
	oldCA := certgen.Intermediate("Old CA", root)
	newCA := certgen.Intermediate("New CA", root)
	leaf := certgen.Leaf("www.example.com", newCA)

	f, c := listenerFacts("nginx", "server")
	checktest.In(f, "/etc/nginx/fullchain.pem", facts.RoleCert, leaf, newCA)
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:443", Chain: [][]byte{leaf.DER, oldCA.DER}}
	want(t, f, "config.chain-differs", 1, checks.Warning, "nginx -s reload")
	c.Served.Chain = [][]byte{leaf.DER, newCA.DER}
	want(t, f, "config.chain-differs", 0, checks.Warning)
}
