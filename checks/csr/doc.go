// Package csr holds the csr.* checks: certificate signing requests.
package csr
