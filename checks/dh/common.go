package dh

import (
	"regexp"
	"strings"
)

var plainRE = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

// sq quotes s for a POSIX shell when it needs quoting.
func sq(s string) string {
	if s != "" && plainRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
