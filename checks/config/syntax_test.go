package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSyntax(t *testing.T) {
	f := checktest.EmptyFacts()
	f.Config = &facts.ServerConfig{Type: "nginx", Path: "/etc/nginx/nginx.conf", Problems: []facts.ConfigProblem{
		{Kind: "syntax", Where: "/etc/nginx/nginx.conf:7", Message: `unexpected "}"`},
		{Kind: "include-loop", Where: "/etc/nginx/a.conf:1", Message: "a.conf includes itself"},
		{Kind: "variable", Where: "/etc/nginx/nginx.conf:9", Message: "$ssl_server_name is expanded at run time"},
	}}
	got := want(t, f, "config.syntax", 2, checks.Error, "nginx.conf:7", "includes itself", "nginx -t -c /etc/nginx/nginx.conf")
	if got[0].Evidence["file"] == "" {
		t.Errorf("no file evidence: %+v", got[0])
	}
	f.Config.Problems = nil
	want(t, f, "config.syntax", 0, checks.Error)
	notApplicable(t, checktest.EmptyFacts(), "config.syntax")
}
