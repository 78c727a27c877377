// Package dh holds the dh.* checks: Diffie-Hellman parameters.
package dh
