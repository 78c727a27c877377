package dh

import (
	"regexp"
)

var plainRE = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)
