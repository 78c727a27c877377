package key

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// Permissions reports private key files readable by group or others.
var Permissions = &checks.Check{
	ID:       "key.permissions",
	Title:    "private key file is readable by group or others",
	Severity: checks.Warning,
	Refs:     []string{"OpenSSH StrictModes (sshd_config(5))", "NIST SP 800-57 Part 1 Rev. 5 6.2.2", "certbot: privkey.pem is mode 0600"},
	Doc: "Anyone who can read a private key can impersonate the server or decrypt recorded " +
		"static-RSA sessions. Key files should be readable only by their owner (mode 0600 or " +
		"0400), owned by the user the service runs as (or root, when the server reads the key " +
		"before dropping privileges, as nginx does). certbot writes privkey.pem with mode 0600 " +
		"for this reason; keys created with a permissive umask or copied with `cp` often end " +
		"up 0644. Standard input has no mode and is not checked.",
	Fix: "`chmod 600 key.pem` and `chown <service user> key.pem`.",
	Run: permissions,
}

func init() { checks.Register(Permissions) }

func permissions(p *checks.Pass) {
	f := p.Facts
	seen := map[string]bool{}
	checked := 0
	for _, k := range f.Keys {
		if seen[k.Source.File] {
			continue
		}
		seen[k.Source.File] = true
		file := f.FileOf(k.Source)
		if file == nil || !file.HasMode || file.Path == "-" {
			continue
		}
		checked++
		mode := file.Mode & 0o777
		if mode&0o077 == 0 {
			continue
		}
		var who []string
		if mode&0o070 != 0 {
			who = append(who, "group")
		}
		if mode&0o007 != 0 {
			who = append(who, "others")
		}
		ev := map[string]string{"mode": fmt.Sprintf("%04o", mode)}
		addKeyLabel(ev, k)
		checks.AddLocation(ev, k.Source)
		name := checks.ShellQuote(file.Path)
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s holds a private key and has mode %04o (accessible to %s); expected 0600 or 0400", file.Path, mode, strings.Join(who, " and ")),
			Subject:  file.Path,
			Evidence: ev,
			Fix:      fmt.Sprintf("`chmod 600 %s` and `chown <service user> %s` (the user nginx/mosquitto/nats-server reads it as)", name, name),
		})
	}
	if checked == 0 {
		p.NotApplicable("no private key file with known permissions")
	}
}
