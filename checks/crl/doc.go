// Package crl holds the crl.* checks: revocation of the certificates on a
// path by the certificate revocation lists given as inputs (--crl or any
// CRL file among the paths).
package crl
