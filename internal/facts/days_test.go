package facts

import (
	"testing"
	"time"
)

func TestDays(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		t    time.Time
		want int
	}{
		{now.Add(913*24*time.Hour - time.Second), 912},
		{now.Add(913 * 24 * time.Hour), 913},
		{now.Add(time.Hour), 0},
		{now, 0},
		{now.Add(-time.Hour), -1},
		{now.Add(-12*24*time.Hour - time.Hour), -13},
	} {
		if got := DaysUntil(tc.t, now); got != tc.want {
			t.Errorf("DaysUntil(%v) = %d, want %d", tc.t.Sub(now), got, tc.want)
		}
		if got := DaysSince(tc.t, now); got != -tc.want {
			t.Errorf("DaysSince(%v) = %d, want %d", tc.t.Sub(now), got, -tc.want)
		}
	}
	nb := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := LifetimeDays(nb, nb.Add(398*24*time.Hour-time.Second)); got != 398 {
		t.Errorf("LifetimeDays, inclusive 398 days = %d", got)
	}
}
