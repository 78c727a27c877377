// Package client holds the client.* checks: mutual TLS client certificates and client CAs.
package client
