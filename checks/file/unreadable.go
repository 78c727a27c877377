package file

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Unreadable reports input paths that could not be read at all.
var Unreadable = &checks.Check{
	ID:       "file.unreadable",
	Title:    "input file could not be read",
	Severity: checks.Error,
	Refs:     []string{"open(2): EACCES, EIO, ENOENT", "nginx ngx_http_ssl_module: ssl_certificate_key (read by the master process at start)"},
	Doc: "A path given to tlscheck, or found while walking a directory, exists but could " +
		"not be read: permission denied, an I/O error, or a symbolic link whose target is " +
		"gone (a Let's Encrypt live/ link after archive/ was pruned). Nothing in it was " +
		"checked. A server that runs as another user meets the same wall, usually at the " +
		"worst moment: the next restart or certificate renewal.",
	Fix:     "Make the file readable by the user that runs the check and the server (`chmod`, `chown`), or repair the link with `ln -sfn TARGET LINK`.",
	Applies: []*checks.Scope{checks.Files},
	Run:     unreadableFiles,
}

func init() { checks.Register(Unreadable) }

func unreadableFiles(p *checks.Pass) {
	for _, f := range p.Facts.Files {
		for _, problem := range f.Problems {
			if !problem.Kind.Unreadable() {
				continue
			}
			why := problem.Detail
			name := checks.ShellQuote(f.Path)
			var fix string
			switch problem.Kind {
			case facts.FileDenied:
				fix = fmt.Sprintf("run tlscheck as a user that may read it (`sudo tlscheck files ...`), or grant read access to the service user: `chown <service user> %s && chmod 600 %s`", name, name)
			case facts.FileDanglingLink:
				fix = fmt.Sprintf("point the link at an existing file: `ln -sfn /path/to/the/real.pem %s` (for certbot, `certbot renew --force-renewal` recreates live/ links)", name)
			case facts.FileNoStdin:
				fix = "pipe the file in: `tlscheck files - < server.pem`"
			case facts.FileStalled:
				fix = fmt.Sprintf("start what writes to %s before tlscheck reads it, or give the file itself (`tlscheck files server.pem`, or `tlscheck files <(cat server.pem)`)", name)
			default:
				fix = fmt.Sprintf("%s fails to read (%s): copy it again from its source or a backup", name, why)
			}
			ev := evidence(f)
			ev["error"] = why
			p.Report(checks.Finding{
				Message:  fmt.Sprintf("%s could not be read: %s; nothing in it was checked", f.Path, why),
				Subject:  f.Path,
				Evidence: ev,
				Fix:      fix,
			})
		}
	}
}
