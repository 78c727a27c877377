package checks

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// onCert is a finding with id about the certificate with fingerprint sha.
func onCert(id string, sev Severity, sha string) Finding {
	return Finding{ID: id, Severity: sev, Subject: "CN=" + sha, Evidence: map[string]string{EvidenceSHA256: sha}}
}

// causes runs GroupCauses on fs (one result) and returns, for each finding
// in order, the ID of its cause ("" for none).
func causes(t *testing.T, f *facts.Facts, fs ...Finding) []string {
	t.Helper()
	results := []Result{{Findings: fs}}
	GroupCauses(f, results)
	out := make([]string, len(fs))
	for i, fd := range results[0].Findings {
		if fd.CausedBy != nil {
			out[i] = fd.CausedBy.ID
			if fd.CausedBy.SHA256 != fd.CertSHA256() {
				t.Errorf("%s: grouped under a cause on %s", fd.ID, fd.CausedBy.SHA256)
			}
		}
	}
	return out
}

func wantCauses(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d causes %q, want %q", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d: caused by %q, want %q", i, got[i], want[i])
		}
	}
}

func warnDays(n int) *facts.Facts { return &facts.Facts{Options: facts.Options{WarnDays: n}} }

// TestGroupCausesV1: on a version 1 certificate everything its re-issue
// resolves follows from cert.version; findings on another certificate and
// findings the re-issue does not resolve stay on their own.
func TestGroupCausesV1(t *testing.T) {
	got := causes(t, warnDays(30),
		onCert(IDCertVersion, Error, "a"),
		onCert(IDCertCNOnly, Error, "a"),
		onCert(IDHostMismatch, Error, "a"),
		onCert(IDCertEKUMissing, Info, "a"),
		onCert(IDZlintSubSKIMissing, Info, "a"),
		onCert(IDCertExpiresSoon, Warning, "a"),
		onCert(IDCertSelfSigned, Warning, "a"),
		onCert(IDChainUntrustedRoot, Error, "a"),
		onCert("zlint.e_sub_cert_aia_missing", Error, "a"), // the re-issue adds no AIA
		onCert(IDCertCNOnly, Error, "b"),                   // another certificate
		onCert(IDHostMismatch, Error, "b"),
	)
	wantCauses(t, got,
		"", IDCertVersion, IDCertVersion, IDCertVersion, IDCertVersion, IDCertVersion,
		"", IDCertSelfSigned, "",
		"", IDCertCNOnly)
}

// TestGroupCausesExpiryOutlastsReissue: the re-issue renews for
// ReissueDays; with a warning window at least that long the renewed
// certificate would warn again, so the expiry warning stays on its own.
func TestGroupCausesExpiryOutlastsReissue(t *testing.T) {
	fs := []Finding{onCert(IDCertVersion, Error, "a"), onCert(IDCertExpiresSoon, Warning, "a")}
	wantCauses(t, causes(t, warnDays(ReissueDays), fs...), "", "")
	wantCauses(t, causes(t, warnDays(ReissueDays-1), fs...), "", IDCertVersion)
}

// TestGroupCausesOneLevel: a finding grouped under a cause is not a cause
// itself (cert.cn-only under cert.version does not take host.mismatch), a
// finding about no certificate is never grouped, and running twice gives
// the same result.
func TestGroupCausesOneLevel(t *testing.T) {
	fs := []Finding{
		onCert(IDCertCNOnly, Error, "a"),
		onCert(IDHostMismatch, Error, "a"),
		onCert(IDCertVersion, Error, "a"),
		{ID: IDHostMismatch, Severity: Error, Subject: "no certificate"},
	}
	results := []Result{{Findings: fs[:1]}, {Findings: fs[1:2]}, {Findings: fs[2:]}}
	for range 2 {
		GroupCauses(nil, results)
		if c := results[0].Findings[0].CausedBy; c == nil || c.ID != IDCertVersion {
			t.Errorf("cert.cn-only caused by %+v, want cert.version", c)
		}
		if c := results[1].Findings[0].CausedBy; c == nil || c.ID != IDCertVersion {
			t.Errorf("host.mismatch caused by %+v, want cert.version", c)
		}
		if c := results[2].Findings[0].CausedBy; c != nil {
			t.Errorf("cert.version caused by %+v", c)
		}
		if c := results[2].Findings[1].CausedBy; c != nil {
			t.Errorf("a finding about no certificate caused by %+v", c)
		}
	}
}

// TestGroupCausesKeepsCounts: grouping changes no ID, severity or count.
func TestGroupCausesKeepsCounts(t *testing.T) {
	fs := []Finding{onCert(IDCertVersion, Error, "a"), onCert(IDCertCNOnly, Error, "a"), onCert(IDCertExpiresSoon, Warning, "a")}
	before := Summarize(fs)
	results := []Result{{Findings: fs}}
	GroupCauses(warnDays(30), results)
	if after := Summarize(Findings(results)); after != before {
		t.Errorf("summary %+v after grouping, %+v before", after, before)
	}
}
