package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// FileUnreadable is config.file-unreadable.
var FileUnreadable = &checks.Check{
	ID:       "config.file-unreadable",
	Title:    "a file the configuration names cannot be read by the user the server runs as",
	Severity: checks.Error,
	Refs:     []string{"mosquitto.conf(5) user", "nginx user directive", ref},
	Doc: "The file exists, but the user the server reads it as cannot read it: mosquitto drops privileges " +
		"to its `user` (default mosquitto) before it loads certificates, so a root-owned 0600 key stops it; " +
		"the user comes from the configuration (mosquitto `user`) or --service-user. nginx reads its " +
		"certificates and keys in the root master process before its workers become `user`, so its files " +
		"are judged as root's unless --service-user says otherwise. Without a known user, tlscheck tries " +
		"to read the file itself. A directory given where a file is expected is " +
		"reported here too.",
	Fix:     "Give the service user read access: chown or chgrp the file to it and chmod 600 or 640.",
	Applies: []*checks.Scope{Listener},
	Run:     fileUnreadable,
}

func init() { checks.Register(FileUnreadable) }

func fileUnreadable(p *checks.Pass) {
	c := p.Facts.Config
	for _, f := range c.Files {
		if !f.Exists || f.Dynamic {
			continue
		}
		s := f.Setting
		if f.IsDir {
			if s.Directive == "capath" || s.Directive == "ssl_options.capath" {
				continue // a directory is what capath takes
			}
			p.Report(checks.Finding{Subject: f.Path,
				Message:  fmt.Sprintf("%s names %s, a directory, where a %s file is expected", at(&s), f.Path, f.Role),
				Evidence: evidence(&s, "path", f.Path, "role", f.Role),
				Fix:      fmt.Sprintf("change %s to the %s file inside %s", at(&s), f.Role, f.Path)})
			continue
		}
		if f.Readable && (c.ServiceUser != "" || f.ReadError == "") {
			continue
		}
		who := "tlscheck (" + f.ReadError + ")"
		fix := fmt.Sprintf("make %s readable (it is %s:%s mode %04o)", f.Path, f.Owner, f.Group, f.Mode)
		if c.ServiceUser != "" {
			who = fmt.Sprintf("%s (user from %s)", c.ServiceUser, c.ServiceUserBy)
			fix = chownFix(f, c.ServiceUser)
		}
		p.Report(checks.Finding{Subject: f.Path,
			Message: fmt.Sprintf("%s names %s (owner %s, group %s, mode %04o), which %s cannot read",
				at(&s), f.Path, f.Owner, f.Group, f.Mode, who),
			Evidence: evidence(&s, "path", f.Path, "role", f.Role, "owner", f.Owner, "group", f.Group,
				"mode", fmt.Sprintf("%04o", f.Mode), "service_user", c.ServiceUser),
			Fix: fix})
	}
}

// chownFix gives user read access to f, privately for a key.
func chownFix(f facts.ConfigFile, user string) string {
	if f.Role == facts.ConfigKey || f.Role == facts.ConfigPassword {
		return fmt.Sprintf("chown %s %s && chmod 600 %s", user, f.Path, f.Path)
	}
	return fmt.Sprintf("chgrp %s %s && chmod 640 %s", user, f.Path, f.Path)
}
