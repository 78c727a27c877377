package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkAuditTargets runs `tlscheck audit --targets FILE --format jsonl
// --fail-on never --ca ROOT -c N` in process, so that scripts/bench-audit.sh
// can take a CPU profile of exactly that command (-test.cpuprofile). It
// needs the endpoints the script starts, named by
// TLSCHECK_AUDIT_BENCH_TARGETS, _CA and _C; without them it is skipped.
func BenchmarkAuditTargets(b *testing.B) {
	targets, ca := os.Getenv("TLSCHECK_AUDIT_BENCH_TARGETS"), os.Getenv("TLSCHECK_AUDIT_BENCH_CA")
	if targets == "" || ca == "" {
		b.Skip("TLSCHECK_AUDIT_BENCH_TARGETS and TLSCHECK_AUDIT_BENCH_CA are set by scripts/bench-audit.sh")
	}
	c := os.Getenv("TLSCHECK_AUDIT_BENCH_C")
	if c == "" {
		c = "32"
	}
	args := []string{"audit", "--targets", targets, "-c", c, "--format", "jsonl", "--fail-on", "never", "--ca", ca}
	for i := 0; i < b.N; i++ {
		var stderr strings.Builder
		if code := run(context.Background(), args, strings.NewReader(""), io.Discard, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
