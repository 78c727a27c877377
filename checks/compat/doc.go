// Package compat holds the compat.* checks: which real clients, simulated by
// `tlscheck scan` from their published ClientHellos (facts.Scan.Clients),
// cannot connect to the server, and why.
package compat
