package main

import (
	"crypto/x509"
	"encoding/pem"
	"runtime"
	"sync"
	"testing"
	"time"
)

// BenchmarkSuiteEngine: every x509-limbo case through tlscheck's engine
// (load, facts, path building, every check including zlint), on every core.
func BenchmarkSuiteEngine(b *testing.B) {
	cases, err := Read(corpus)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		JudgeAll(cases)
	}
	b.ReportMetric(float64(len(cases)*b.N)/b.Elapsed().Seconds(), "cases/s")
}

// BenchmarkSuiteEngineNoZlint is BenchmarkSuiteEngine with --checks
// all,-zlint.*: how much of the cost is zlint.
func BenchmarkSuiteEngineNoZlint(b *testing.B) {
	Checks = "all,-zlint.*"
	defer func() { Checks = "all" }()
	BenchmarkSuiteEngine(b)
}

// BenchmarkSuiteBareVerify: the same cases through a bare crypto/x509 loop
// (parse the PEMs, build the pools, Verify), on every core: the floor
// tlscheck is compared with.
func BenchmarkSuiteBareVerify(b *testing.B) {
	cases, err := Read(corpus)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		parallel(len(cases), func(i int) { bareVerify(cases[i]) })
	}
	b.ReportMetric(float64(len(cases)*b.N)/b.Elapsed().Seconds(), "cases/s")
}

func parallel(n int, f func(int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

func parsePEM(s string) *x509.Certificate {
	blk, _ := pem.Decode([]byte(s))
	if blk == nil {
		return nil
	}
	c, _ := x509.ParseCertificate(blk.Bytes)
	return c
}

// bareVerify is what a plain Go client does with a case.
func bareVerify(c Case) bool {
	roots, inter := x509.NewCertPool(), x509.NewCertPool()
	for _, p := range c.TrustedCerts {
		if x := parsePEM(p); x != nil {
			roots.AddCert(x)
		}
	}
	for _, p := range c.UntrustedIntermediates {
		if x := parsePEM(p); x != nil {
			inter.AddCert(x)
		}
	}
	leaf := parsePEM(c.PeerCertificate)
	if leaf == nil {
		return false
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}, CurrentTime: time.Now()}
	if c.ValidationTime != nil {
		if t, err := time.Parse(time.RFC3339, *c.ValidationTime); err == nil {
			opts.CurrentTime = t
		}
	}
	if c.ExpectedPeerName != nil {
		opts.DNSName = c.ExpectedPeerName.Value
	}
	_, err := leaf.Verify(opts)
	return err == nil
}
