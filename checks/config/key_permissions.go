package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// KeyPermissions is config.key-permissions.
var KeyPermissions = &checks.Check{
	ID:       "config.key-permissions",
	Title:    "the service user can read its private key only because everyone can",
	Severity: checks.Warning,
	Refs:     []string{"mosquitto.conf(5) user", ref},
	Doc: "The private key is readable by the user the server runs as only through its \"other\" " +
		"permission bits: every local user can read it too. Giving the file to the service user (owner or " +
		"group) keeps it working and private. (key.permissions reports group- or world-readable keys in " +
		"general; this check names the service user.)",
	Fix:     "chown the key to the service user and chmod 600, or chgrp it and chmod 640.",
	Applies: []*checks.Scope{Listener},
	Run:     keyPermissions,
}

func init() { checks.Register(KeyPermissions) }

func keyPermissions(p *checks.Pass) {
	c := p.Facts.Config
	if c.ServiceUser == "" {
		return
	}
	for _, f := range files(c, facts.ConfigKey) {
		if !f.Exists || !f.Readable || f.ReadableHow != "other" {
			continue
		}
		s := f.Setting
		p.Report(checks.Finding{Subject: f.Path,
			Message: fmt.Sprintf("the key %s (%s, owner %s, group %s, mode %04o) is readable by %s only because it is world-readable",
				f.Path, at(&s), f.Owner, f.Group, f.Mode, c.ServiceUser),
			Evidence: evidence(&s, "path", f.Path, "owner", f.Owner, "group", f.Group, "mode", fmt.Sprintf("%04o", f.Mode), "service_user", c.ServiceUser),
			Fix:      fmt.Sprintf("chown %s %s && chmod 600 %s", c.ServiceUser, f.Path, f.Path)})
	}
}
