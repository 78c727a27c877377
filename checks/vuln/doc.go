// Package vuln holds the vuln.* checks, one per vulnerability test of
// `tlscheck scan` (facts.Scan.Vulns): the check ID is "vuln." + VulnID. A
// test that did not run is a gap in coverage, never a pass; one with nothing
// to look at (facts.VulnResult.NotApplicable) is not applicable.
package vuln
