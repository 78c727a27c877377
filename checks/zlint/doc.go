// Package zlint runs the zlint v3 certificate lints, chosen by profile, as zlint.* findings.
package zlint
