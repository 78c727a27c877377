// Package policy holds the policy.* checks: how far a scanned server is from
// a named configuration (--policy), such as Mozilla's server-side TLS
// recommendations. Each kind of deviation is one finding, with the observed
// and the expected values and the configuration lines that close the gap.
package policy
