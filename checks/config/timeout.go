package config

import (
	"strconv"
	"strings"
	"time"
)

// natsDefaultTimeout is NATS's default TLS handshake timeout.
const natsDefaultTimeout = 500 * time.Millisecond

// parseTimeout reads a NATS tls timeout: seconds as a number, or a duration.
func parseTimeout(v string) (time.Duration, bool) {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(f * float64(time.Second)), true
	}
	d, err := time.ParseDuration(v)
	return d, err == nil
}
