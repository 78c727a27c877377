package proto

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// versionResult is the scan's result for v, or a NotChecked gap (and false)
// when the scan could not tell whether the server accepts v: a version
// not tested is never reported as refused.
func versionResult(p *checks.Pass, v facts.TLSVersion) (facts.VersionResult, bool) {
	s := p.Facts.Scan
	r, ok := scanrule.Version(s, v)
	if !ok || !r.Tested {
		p.NotChecked(v.String(), scanrule.UntestedReason(s, "the scan could not tell whether the server accepts "+v.String(), v.String(), "enumeration"))
		return r, false
	}
	return r, true
}

// reportAccepted is proto.sslv2, proto.sslv3, proto.tls10 and proto.tls11:
// one finding when the server accepts v.
func reportAccepted(p *checks.Pass, v facts.TLSVersion, why string) {
	r, ok := versionResult(p, v)
	if !ok || !r.Offered {
		return
	}
	f := p.Facts
	ev := map[string]string{"version": v.String(), "accepted_versions": acceptedVersions(f.Scan)}
	msg := fmt.Sprintf("the server accepts %s", v)
	if ss := f.Scan.SuitesFor(v); len(ss) > 0 {
		ev["suites"] = scanrule.Labels(ss)
		msg += fmt.Sprintf(" (%d suites: %s)", len(ss), ev["suites"])
	}
	msg += fmt.Sprintf("; expected it refused: %s", why)
	p.Report(checks.Finding{Subject: scanrule.Subject(f) + " " + v.String(), Message: msg, Evidence: ev,
		Fix: scanrule.ProtocolsFix(scanrule.Of(f))})
}

// acceptedVersions lists the versions the server accepts, oldest first.
func acceptedVersions(s *facts.Scan) string {
	var out []string
	for _, r := range s.Versions {
		if r.Tested && r.Offered {
			out = append(out, r.Version.String())
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
