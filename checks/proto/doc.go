// Package proto holds the proto.* checks: which TLS protocol versions a
// server negotiates or accepts.
package proto
