package policy

import "github.com/tlscheck/tlscheck/checks"

// MozillaIntermediateCheck is policy.mozilla-intermediate.
var MozillaIntermediateCheck = newCheck(MozillaIntermediate,
	"Mozilla's intermediate configuration (guidelines 5.7) is its general-purpose recommendation: "+
		"TLS 1.2 and 1.3, ECDHE and DHE suites with AES-GCM or ChaCha20-Poly1305 only, the client "+
		"choosing the suite, the groups X25519, P-256 and P-384, DH groups of at least 2048 bits, "+
		"ECDSA (P-256, P-384) or RSA-2048 certificates of at most 366 days, HSTS for two years and "+
		"OCSP stapling. The oldest clients it serves are Firefox 27, Chrome 31, Android 4.4.2, IE 11 "+
		"on Windows 7, Java 8u31, OpenSSL 1.0.1 and Safari 9.")

func init() { checks.Register(MozillaIntermediateCheck) }
