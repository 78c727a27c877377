package file

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// PKCS12Password reports a PKCS#12 bundle that could not be opened.
var PKCS12Password = &checks.Check{
	ID:       "file.pkcs12-password",
	Title:    "PKCS#12 bundle could not be opened with the password given",
	Severity: checks.Error,
	Refs:     []string{"RFC 7292 4 (PFX: password integrity and privacy modes)", "openssl-pkcs12(1): -passin"},
	Doc: "A PKCS#12 bundle is protected by a password that checks its integrity and " +
		"encrypts the private key. Without the right password nothing inside can be read, " +
		"so none of its certificates or keys were checked and the other findings are " +
		"incomplete. Give the password with --password or, better because it stays out of " +
		"shell history and process listings, the TLSCHECK_PASSWORD environment variable. " +
		"tlscheck never prints, logs or stores the password.",
	Fix: "`TLSCHECK_PASSWORD='<bundle password>' tlscheck files bundle.p12`",
	Run: pkcs12Password,
}

func init() { checks.Register(PKCS12Password) }

func pkcs12Password(p *checks.Pass) {
	seen := false
	for _, f := range p.Facts.Files {
		if f.PKCS12Error == "" {
			continue
		}
		seen = true
		ev := evidence(f)
		ev["error"] = f.PKCS12Error
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s is a PKCS#12 bundle that could not be opened: %s; its certificates and key were not checked", f.Path, f.PKCS12Error),
			Subject:  f.Path,
			Evidence: ev,
			Fix:      fmt.Sprintf("give the bundle's password in the environment (never printed by tlscheck): `TLSCHECK_PASSWORD='<bundle password>' tlscheck files %s`, or with --password", checks.ShellQuote(f.Path)),
		})
	}
	if !seen {
		p.NotApplicable("no PKCS#12 bundle that failed to open")
	}
}
