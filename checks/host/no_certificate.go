package host

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// fileInputs: the facts come from files, not from a connection (a probe
// that got no certificate has its own tls.* finding).
var fileInputs = &checks.Scope{Name: "input files", Reason: "a probe reports a missing certificate as a tls.* finding",
	Has: func(f *facts.Facts) bool { return f.Connection == nil }}

// NoCertificate reports --host given to `tlscheck files` while no
// end-entity certificate was found to check it against: the names were not
// checked, and a gate must not pass on that.
var NoCertificate = &checks.Check{
	ID:       "host.no-certificate",
	Title:    "a host name was given but no server certificate was found to check it against",
	Severity: checks.Error,
	Refs:     []string{"RFC 6125 6.4"},
	Doc: "`--host` asks whether the server certificate covers a name. When none of the inputs " +
		"holds an end-entity certificate (the certificate file could not be read, holds " +
		"garbage such as an HTML error page, or holds only CA certificates), the name cannot " +
		"be checked; reporting nothing would let a CI gate pass a deployment whose server " +
		"certificate is missing. The file.* findings say why a file could not be read.",
	Fix:     "Name the server certificate explicitly: `tlscheck files --host example.com --cert server.crt --key server.key`.",
	Applies: []*checks.Scope{checks.Hosts, fileInputs},
	Run:     noCertificate,
}

func init() { checks.Register(NoCertificate) }

func noCertificate(p *checks.Pass) {
	f := p.Facts
	if len(f.Leaves()) > 0 {
		return
	}
	var files []string
	for _, file := range f.Files {
		if file.Role != facts.RoleCA && file.Role != facts.RoleClientCA {
			files = append(files, file.Path)
		}
	}
	hosts := strings.Join(f.Options.Hosts, ", ")
	found := "no input file holds one"
	if len(files) > 0 {
		found = "none of " + strings.Join(files, ", ") + " holds one"
	}
	var cas []string
	for _, c := range f.Certs {
		if c.X509 != nil && !c.Anchor() && c.Source.Role != facts.RolePool {
			cas = append(cas, checks.Name(c))
		}
	}
	if len(cas) > 0 {
		found += " (only CA certificates: " + strings.Join(cas, ", ") + ")"
	}
	ev := map[string]string{"host": hosts}
	if len(files) > 0 {
		ev["files"] = strings.Join(files, ", ")
	}
	certFile := "server.crt"
	for _, file := range files {
		if file != "-" {
			certFile = file
			break
		}
	}
	p.Report(checks.Finding{
		Message: fmt.Sprintf("--host %s was given, but no server (end-entity) certificate was found to check it against: %s; the name was not checked",
			hosts, found),
		Subject:  hosts,
		Evidence: ev,
		Fix: fmt.Sprintf("give the server certificate: `tlscheck files --host %s --cert %s` (if that file is already among the inputs, its file.* finding says why it could not be read)",
			checks.ShellQuote(f.Options.Hosts[0]), checks.ShellQuote(certFile)),
	})
}
