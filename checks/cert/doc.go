// Package cert holds the cert.* checks: one certificate on its own.
package cert
