// Package host holds the host.* checks: whether certificates cover the names asked for.
package host
