package policy

import "github.com/tlscheck/tlscheck/checks"

// MozillaOldCheck is policy.mozilla-old.
var MozillaOldCheck = newCheck(MozillaOld,
	"Mozilla's old configuration (guidelines 5.7) serves the oldest clients (IE 8 on Windows XP, "+
		"Android 2.3, Java 6): TLS 1.0 to 1.3, the intermediate suites followed by AES-CBC, static "+
		"RSA and 3DES (DES-CBC3-SHA), the server imposing its order, RSA-2048 certificates signed "+
		"with SHA-256 and of at most 366 days, DH groups of at least 1024 bits, HSTS for two years "+
		"and OCSP stapling. It is a compatibility choice, not a recommendation.")

func init() { checks.Register(MozillaOldCheck) }
