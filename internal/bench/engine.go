package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
	zl "github.com/zmap/zlint/v3"
	"github.com/zmap/zlint/v3/lint"

	"github.com/tlscheck/tlscheck/checks"
	_ "github.com/tlscheck/tlscheck/checks/all" // every check, as `tlscheck files` runs them
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/workpool"
)

// Now is the fixed clock of every benchmark run.
var Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Config is what `tlscheck files` uses by default, minus the system roots
// (the corpus is self-contained; loading the OS store is not what we
// measure); the caller adds the inputs.
func Config() engine.FilesConfig {
	return engine.FilesConfig{
		Checking:      engine.Checking{At: Now, WarnDays: facts.DefaultWarnDays, Profile: facts.ProfileAuto, Checks: allChecks},
		Purpose:       facts.PurposeServer,
		NoSystemRoots: true,
	}
}

var allChecks, _ = checks.ParseSelector("all")

// CheckOne runs the full engine on one certificate as a one-file deployment
// and returns the number of findings.
func CheckOne(pemData []byte) (int, error) { return CheckOneProfile(pemData, facts.ProfileAuto) }

// CheckOneProfile is CheckOne under a given --profile (webpki runs every
// zlint lint, CA/B Forum and root programs included).
func CheckOneProfile(pemData []byte, profile string) (int, error) {
	cfg := Config()
	cfg.Profile = profile
	cfg.Inputs = []engine.Input{{Name: "cert.pem", Data: pemData}}
	r, err := engine.Files(context.Background(), cfg)
	if err != nil {
		return 0, err
	}
	return len(r.Findings), nil
}

// CheckBatch runs the full engine once over all certificates as one
// deployment, one file per certificate (what `tlscheck files DIR/` sees).
func CheckBatch(certs []Cert) (int, error) {
	cfg := Config()
	cfg.Inputs = make([]engine.Input, len(certs))
	for i, c := range certs {
		cfg.Inputs[i] = engine.Input{Name: fmt.Sprintf("cert%05d.pem", i), Data: c.PEM}
	}
	r, err := engine.Files(context.Background(), cfg)
	if err != nil {
		return 0, err
	}
	return len(r.Findings), nil
}

// ZlintOne is what the zlint CLI does per certificate, in process: parse
// with zcrypto and run every registered lint (the CLI's default lint set).
// It returns the number of lints at notice or above, and false when zcrypto
// cannot parse the certificate (the zlint CLI stops there).
func ZlintOne(der []byte) (int, bool) {
	c, err := zx509.ParseCertificate(der)
	if err != nil {
		return 0, false
	}
	rs := zl.LintCertificateEx(c, lint.GlobalRegistry())
	n := 0
	for _, r := range rs.Results {
		if r.Status >= lint.Notice {
			n++
		}
	}
	return n, true
}

var (
	noEmudhraOnce sync.Once
	noEmudhra     lint.Registry
)

// ZlintOneNoEmudhra is ZlintOne without e_cert_issued_by_compromised_emudhra_ca,
// whose eight P-384 signature checks per ECDSA certificate dominate zlint's
// time on this corpus; it shows what the rest of zlint costs.
func ZlintOneNoEmudhra(der []byte) (int, bool) {
	noEmudhraOnce.Do(func() {
		var err error
		noEmudhra, err = lint.GlobalRegistry().Filter(lint.FilterOptions{ExcludeNames: []string{"e_cert_issued_by_compromised_emudhra_ca"}})
		if err != nil {
			panic(err)
		}
	})
	c, err := zx509.ParseCertificate(der)
	if err != nil {
		return 0, false
	}
	rs := zl.LintCertificateEx(c, noEmudhra)
	n := 0
	for _, r := range rs.Results {
		if r.Status >= lint.Notice {
			n++
		}
	}
	return n, true
}

// Parallel calls fn(i) for i in [0, n) on every core and returns the first
// error and the elapsed time.
func Parallel(n int, fn func(i int) error) (time.Duration, error) {
	start := time.Now()
	var firstErr error
	var once sync.Once
	workpool.Run(context.Background(), n, Workers(), func(_ context.Context, i int) {
		if err := fn(i); err != nil {
			once.Do(func() { firstErr = err })
		}
	})
	return time.Since(start), firstErr
}
