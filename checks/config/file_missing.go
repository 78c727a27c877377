package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// FileMissing is config.file-missing.
var FileMissing = &checks.Check{
	ID:       "config.file-missing",
	Title:    "a file the configuration names does not exist",
	Severity: checks.Error,
	Refs:     []string{ref},
	Doc: "A certificate, key, chain, CA, DH parameter or CRL file named by the listener's configuration " +
		"does not exist. The server refuses to start or reload (nginx: \"cannot load certificate\"; " +
		"mosquitto: \"Unable to load server certificate\"; NATS: \"error parsing X509 certificate/key pair\").",
	Fix:     "Point the directive at the file, or put the file where the directive says.",
	Applies: []*checks.Scope{Listener},
	Run:     fileMissing,
}

func init() { checks.Register(FileMissing) }

func fileMissing(p *checks.Pass) {
	for _, f := range p.Facts.Config.Files {
		if f.Exists || f.Dynamic || f.Path == "" {
			continue
		}
		s := f.Setting
		p.Report(checks.Finding{
			Subject:  f.Path,
			Message:  fmt.Sprintf("%s names the %s file %s, which does not exist", at(&s), f.Role, f.Path),
			Evidence: evidence(&s, "path", f.Path, "role", f.Role),
			Fix:      fmt.Sprintf("create %s or change %s to the %s file's real path", f.Path, at(&s), f.Role),
		})
	}
}
