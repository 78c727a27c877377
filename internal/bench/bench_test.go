package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/zlint"
	"github.com/tlscheck/tlscheck/internal/corpus/corpustest"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/facts"
)

var (
	corpusOnce  sync.Once
	corpusCerts []Cert
	corpusErr   error
)

func corpus(tb testing.TB) []Cert {
	tb.Helper()
	path := corpustest.Require(tb)
	corpusOnce.Do(func() {
		var all []Cert
		all, corpusErr = LoadCorpus(path)
		n := DefaultSample
		if v := os.Getenv("TLSCHECK_BENCH_N"); v != "" {
			n, _ = strconv.Atoi(v) // 0 or garbage: the whole corpus
		}
		corpusCerts = Sample(all, n)
	})
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpusCerts
}

// TestCorpus: the benchmark sample holds 10,000 distinct certificates
// (TLSCHECK_BENCH_N changes the size; 0 = the whole corpus, about 30,000), each parseable and encoded as a single PEM block.
func TestCorpus(t *testing.T) {
	certs := corpus(t)
	if len(certs) < DefaultSample {
		t.Fatalf("corpus has %d distinct certificates, want >= 10000", len(certs))
	}
	seen := map[string]bool{}
	goParses, zParses := 0, 0
	for _, c := range certs {
		if !c.GoParses && !c.ZParses {
			t.Fatal("certificate that nothing parses in corpus")
		}
		if c.ZParses {
			zParses++
		}
		if seen[string(c.DER)] {
			t.Fatal("duplicate certificate in corpus")
		}
		seen[string(c.DER)] = true
		if c.GoParses {
			goParses++
		}
	}
	if goParses < len(certs)/2 {
		t.Errorf("only %d of %d certificates parse with crypto/x509", goParses, len(certs))
	}
	if zParses < len(certs)/2 {
		t.Errorf("only %d of %d certificates parse with zcrypto", zParses, len(certs))
	}
	t.Logf("%d distinct certificates, %d parse with crypto/x509, %d with zcrypto", len(certs), goParses, zParses)
}

// reportRate records certificates per second alongside ns/op.
func reportRate(b *testing.B, certs int, elapsed time.Duration) {
	if elapsed > 0 {
		b.ReportMetric(float64(certs)/elapsed.Seconds(), "certs/s")
	}
}

// BenchmarkFilesChecks: one op = one certificate loaded as a one-file
// deployment and run through every registered check (zlint included), on
// every core. Run with -benchtime=<corpus size>x to cover the corpus once.
func BenchmarkFilesChecks(b *testing.B) {
	perCert(b, func(c Cert) error {
		_, err := CheckOne(c.PEM)
		return err
	})
}

// BenchmarkFilesChecksWebPKI is BenchmarkFilesChecks with --profile webpki:
// all 450 zlint lints instead of the RFC and community ones.
func BenchmarkFilesChecksWebPKI(b *testing.B) {
	perCert(b, func(c Cert) error {
		_, err := CheckOneProfile(c.PEM, facts.ProfileWebPKI)
		return err
	})
}

// perCert runs one op per corpus certificate (in corpus order, wrapping
// around) on every core, cold: the zlint cache is emptied first, and no
// certificate repeats within a corpus-sized run.
func perCert(b *testing.B, op func(Cert) error) {
	certs := corpus(b)
	var next atomic.Int64
	zlint.ResetCache()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(certs[int(next.Add(1)-1)%len(certs)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b, b.N, time.Since(start))
}

// BenchmarkFilesBatch: one op = the whole corpus as ONE deployment (one
// file per certificate, as `tlscheck files DIR/` sees it): this exercises
// chain building over a pool of every certificate.
func BenchmarkFilesBatch(b *testing.B) {
	certs := corpus(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		zlint.ResetCache()
		b.StartTimer()
		if _, err := CheckBatch(certs); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N*len(certs), time.Since(start))
}

// BenchmarkZlintOnly: one op = one certificate parsed with zcrypto and run
// through zlint's full default lint set (what the zlint CLI does), on every core.
func BenchmarkZlintOnly(b *testing.B) {
	perCert(b, func(c Cert) error {
		ZlintOne(c.DER) // a certificate zcrypto rejects costs its parse, as in the CLI
		return nil
	})
}

// BenchmarkZlintNoEmudhra is BenchmarkZlintOnly without the one lint that
// verifies every ECDSA signature against eight eMudhra P-384 keys.
func BenchmarkZlintNoEmudhra(b *testing.B) {
	perCert(b, func(c Cert) error {
		ZlintOneNoEmudhra(c.DER)
		return nil
	})
}

// TestEngineRunsEverything: the engine benchmark measures real work: the
// loader finds the certificate and zlint.lints and the cert checks run on it.
func TestEngineRunsEverything(t *testing.T) {
	certs := Sample(corpus(t), 50)
	zlintFindings := 0
	ran := map[string]bool{}
	for _, c := range certs {
		cfg := Config()
		cfg.Inputs = []engine.Input{{Name: "cert.pem", Data: c.PEM}}
		rep, err := engine.Files(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Facts.Certs) != 1 {
			t.Fatalf("loader found %d certificates in one PEM block", len(rep.Facts.Certs))
		}
		for _, r := range rep.Results {
			if r.NotApplicable == "" {
				ran[r.Check.ID] = true
			}
			for _, fd := range r.Findings {
				if strings.HasPrefix(fd.ID, "zlint.") {
					zlintFindings++
				}
			}
		}
	}
	if !ran["zlint.lints"] {
		t.Errorf("zlint.lints never ran; ran: %v", ran)
	}
	if zlintFindings == 0 {
		t.Errorf("no zlint finding on %d corpus certificates", len(certs))
	}
	t.Logf("%d checks ran, %d zlint findings on %d certificates", len(ran), zlintFindings, len(certs))
}
