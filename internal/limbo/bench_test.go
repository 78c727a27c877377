package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"sync"
	"testing"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
	zlintpkg "github.com/zmap/zlint/v3"
	"github.com/zmap/zlint/v3/lint"

	"github.com/tlscheck/tlscheck/internal/workpool"
)

// BenchmarkSuiteEngine: every x509-limbo case through tlscheck's engine
// (load, facts, path building, every check including zlint), on every core.
func BenchmarkSuiteEngine(b *testing.B) {
	cases, err := Read(limboCorpus(b))
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
	cases, err := Read(limboCorpus(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		parallel(len(cases), func(i int) { bareVerify(cases[i]) })
	}
	b.ReportMetric(float64(len(cases)*b.N)/b.Elapsed().Seconds(), "cases/s")
}

// BenchmarkSuiteZlintOnly is zlint by itself over the same file: every
// distinct certificate of the suite parsed with zcrypto and linted once with
// zlint's own LintCertificateEx, restricted to the lints tlscheck runs on
// private certificates (RFC and community sources, small-key Bits = 8 as
// tlscheck configures it, without the eMudhra lint), every core. It is the part of
// BenchmarkSuiteEngine's cost that comes with linting at all.
func BenchmarkSuiteZlintOnly(b *testing.B) {
	cases, err := Read(limboCorpus(b))
	if err != nil {
		b.Fatal(err)
	}
	reg, err := lint.GlobalRegistry().Filter(lint.FilterOptions{ExcludeSources: lint.SourceList{
		lint.CABFBaselineRequirements, lint.CABFEVGuidelines, lint.CABFSMIMEBaselineRequirements, lint.CABFCSBaselineRequirements,
		lint.MozillaRootStorePolicy, lint.AppleRootStorePolicy, lint.ChromeRootStorePolicy, lint.EtsiEsi},
		// As shipped, this one lint (an ECDSA verification against eight
		// keys per certificate) costs 10x all the others together; tlscheck
		// runs it only for issuers named "EM ..." (see BENCHMARKS.md).
		ExcludeNames: []string{"e_cert_issued_by_compromised_emudhra_ca"}})
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := lint.NewConfigFromString("[e_ecdsa_small_private_key]\nBits = 8\n")
	if err != nil {
		b.Fatal(err)
	}
	reg.SetConfiguration(cfg)
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		seen := map[string]bool{}
		parallel(len(cases), func(i int) {
			c := cases[i]
			for _, p := range append(append([]string{c.PeerCertificate}, c.UntrustedIntermediates...), c.TrustedCerts...) {
				blk, _ := pem.Decode([]byte(p))
				if blk == nil {
					continue
				}
				mu.Lock()
				dup := seen[string(blk.Bytes)]
				seen[string(blk.Bytes)] = true
				mu.Unlock()
				if dup {
					continue
				}
				if zc, err := zx509.ParseCertificate(blk.Bytes); err == nil {
					zlintpkg.LintCertificateEx(zc, reg)
				}
			}
		})
	}
	b.ReportMetric(float64(len(cases)*b.N)/b.Elapsed().Seconds(), "cases/s")
}

func parallel(n int, f func(int)) {
	workpool.Run(context.Background(), n, 0, func(_ context.Context, i int) { f(i) })
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
