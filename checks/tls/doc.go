// Package tls holds the tls.* checks: what a live connection (tlscheck
// probe) showed on the wire — connection failures, plaintext replies, failed
// handshakes decoded to their likely cause, mutual TLS, SNI, renegotiation,
// compression, OCSP stapling and handshake time.
package tls
