// Package key holds the key.* checks: private keys and their pairing with certificates.
package key
