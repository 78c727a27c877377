package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"json", "jsn", 1}, {"chain.order", "chain.ordr", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"fiels", "files", 1}, {"hots", "host", 1}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
