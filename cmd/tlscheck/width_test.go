package main

import "testing"

func TestDecideWidth(t *testing.T) {
	for _, tc := range []struct {
		columns  string
		terminal int
		want     int
	}{
		{"", 0, 0},        // a pipe: the report's default, 80
		{"", 132, 132},    // a terminal
		{"100", 132, 100}, // COLUMNS wins
		{"100", 0, 100},   // COLUMNS widens a pipe
		{"junk", 120, 120},
		{"0", 0, 0},
		{"-5", 90, 90},
	} {
		e := env{stdoutWidth: tc.terminal, getenv: func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		}}
		if got := decideWidth(e); got != tc.want {
			t.Errorf("COLUMNS=%q terminal %d: width %d, want %d", tc.columns, tc.terminal, got, tc.want)
		}
	}
}
