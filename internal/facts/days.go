package facts

import (
	"math"
	"time"
)

// DaysUntil is the number of whole days from now until t, rounded down:
// 0 on the last day, negative once t has passed (-1 on the first day after).
// Every day count that the checks and the reports show comes from here, so a
// table, a finding and the JSON never disagree by one.
func DaysUntil(t, now time.Time) int {
	return int(math.Floor(t.Sub(now).Hours() / 24))
}

// DaysSince is the number of whole days from t until now, rounded up, the
// mirror of DaysUntil: DaysSince(t, now) == -DaysUntil(t, now).
func DaysSince(t, now time.Time) int { return -DaysUntil(t, now) }

// LifetimeDays is a certificate's validity period in whole days, rounded
// down, with both ends inclusive (RFC 5280 4.1.2.5, CA/B Forum BR 6.3.2):
// notBefore 00:00:00 to notAfter 23:59:59 of the same day is one day.
func LifetimeDays(notBefore, notAfter time.Time) int {
	return int(math.Floor((notAfter.Sub(notBefore) + time.Second).Hours() / 24))
}
