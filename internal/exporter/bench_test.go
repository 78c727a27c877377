package exporter

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/engine"
)

// The exporter's overhead: /probe through the handler (registry,
// exposition, ring buffer) against the bare engine.Probe it wraps, both
// with about 50 requests at once against one loopback TLS server, and the
// heap after. Run both and compare ns/op:
//
//	go test -run '^$' -bench 'Probe$' -benchtime 2000x ./internal/exporter
func BenchmarkExporterProbe(b *testing.B) {
	addr := tlsServer(b, certgen.Leaf("127.0.0.1", nil, validFor(30)))
	h := New(Options{MaxConcurrent: 64}).Handler()
	path := probePath("", addr)
	parallel50(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, path, nil))
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
			}
		}
	})
	reportHeap(b)
}

func BenchmarkEngineProbe(b *testing.B) {
	addr := tlsServer(b, certgen.Leaf("127.0.0.1", nil, validFor(30)))
	parallel50(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := engine.Probe(context.Background(), engine.ProbeConfig{Target: addr,
				Checking: engine.Checking{WarnDays: DefaultWarnDays}}); err != nil {
				b.Error(err)
			}
		}
	})
	reportHeap(b)
}

// parallel50 makes RunParallel use about 50 goroutines.
func parallel50(b *testing.B) {
	b.SetParallelism(max(1, 50/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
}

func reportHeap(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
