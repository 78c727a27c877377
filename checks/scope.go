package checks

import (
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// Scope is something a check looks at: end-entity certificates, private
// keys, a live connection... A check lists its scopes in Check.Applies;
// when the facts hold nothing of one of them, Run reports the check not
// applicable with the scope's reason and does not call it (zlint's
// CheckApplies). Check packages may declare their own scopes.
type Scope struct {
	Name   string                  // what it is, e.g. "end-entity certificates"
	Reason string                  // why a check does not apply without it, shown with --verbose
	Has    func(*facts.Facts) bool // whether the facts hold any
	// Gap, when set, says that lacking the scope leaves something unchecked
	// that a clean report would otherwise seem to vouch for ("names" without
	// --host): the report lists it as not checked (Result.NotChecked).
	Gap string
}

// The scopes checks share.
var (
	Files = &Scope{Name: "input files", Reason: "no input files",
		Has: func(f *facts.Facts) bool { return len(f.Files) > 0 }}
	Keys = &Scope{Name: "private keys", Reason: "no private keys among the inputs",
		Has: func(f *facts.Facts) bool { return len(f.Keys) > 0 }}
	CSRs = &Scope{Name: "certificate signing requests", Reason: "no certificate signing request among the inputs",
		Has: func(f *facts.Facts) bool { return len(f.CSRs) > 0 }}
	ParsedCSRs = &Scope{Name: "parsable certificate signing requests", Reason: "no parsable certificate signing request among the inputs",
		Has: func(f *facts.Facts) bool {
			for _, r := range f.CSRs {
				if r.X509 != nil {
					return true
				}
			}
			return false
		}}
	CRLs = &Scope{Name: "CRLs", Reason: "no CRL among the inputs",
		Has: func(f *facts.Facts) bool { return len(f.CRLs) > 0 }}
	Connection = &Scope{Name: "a live connection", Reason: "no live connection (only `tlscheck probe` makes one)",
		Has: func(f *facts.Facts) bool { return f.Connection != nil }}
	// ScanResults: `tlscheck scan` enumerated what the server accepts
	// (facts.Scan); the proto, cipher, vuln and compat checks read it.
	ScanResults = &Scope{Name: "a scan of what the server accepts", Reason: "no scan (only `tlscheck scan` enumerates what a server accepts)",
		Has: func(f *facts.Facts) bool { return f.Scan != nil }}
	// ProbeOnly: a single handshake without a scan; under a scan the vuln
	// checks judge the same thing from every version (vuln.crime,
	// vuln.insecure-renegotiation), so these stand back rather than say it
	// twice.
	ProbeOnly = &Scope{Name: "a probe without a scan", Reason: "under a scan the vuln.* check of the same test reports it",
		Has: func(f *facts.Facts) bool { return f.Scan == nil }}
	ClientCAs = &Scope{Name: "client CAs (--client-ca)", Reason: "no --client-ca given",
		Has: func(f *facts.Facts) bool { return len(f.ClientCAs) > 0 }}
	Hosts = &Scope{Name: "host names (--host)", Reason: "no host name given (--host)", Gap: "names",
		Has: func(f *facts.Facts) bool { return len(f.Options.Hosts) > 0 }}
	// Leaves are the end-entity certificates of facts.Leaves.
	Leaves = &Scope{Name: "end-entity certificates", Reason: "no end-entity certificate among the inputs",
		Has: func(f *facts.Facts) bool { return len(f.Leaves()) > 0 }}
	// ServerCerts are the leaves used by a TLS server (facts.ServesTLS).
	ServerCerts = &Scope{Name: "server certificates", Reason: "no server certificate among the inputs",
		Has: func(f *facts.Facts) bool {
			for _, l := range f.Leaves() {
				if l.X509 != nil && f.ServesTLS(l) {
					return true
				}
			}
			return false
		}}
	// InputCerts are the certificates of the input files that checks of
	// single certificates look at (see CheckedCerts).
	InputCerts = &Scope{Name: "input certificates", Reason: "no certificates among the inputs",
		Has: func(f *facts.Facts) bool { return anyParsed(CheckedCerts(f, false)) }}
	// InputCertsAndAnchors adds the user's own trust anchors (--ca, --client-ca).
	InputCertsAndAnchors = &Scope{Name: "input certificates and --ca/--client-ca anchors", Reason: "no certificates among the inputs",
		Has: func(f *facts.Facts) bool { return anyParsed(CheckedCerts(f, true)) }}
	// OrderedInputs: the order of the input certificates means something
	// (not an unordered pool of candidates, facts.Options.UnorderedPool).
	OrderedInputs = &Scope{Name: "certificates in a meaningful order", Reason: "the inputs are an unordered pool of candidate certificates",
		Has: func(f *facts.Facts) bool { return !f.Options.UnorderedPool }}
	// ExpiryWarnings: --warn-days is above 0.
	ExpiryWarnings = &Scope{Name: "an expiry warning window (--warn-days)", Reason: "expiry warnings are off (--warn-days 0)",
		Has: func(f *facts.Facts) bool { return f.Options.WarnDays > 0 }}
)

// CheckedCerts are the certificates checks of single certificates look
// at (facts.Checked), in input order, duplicates included; with anchors, the
// trust anchors the user gave (--ca, --client-ca) too, but never a public
// root.
func CheckedCerts(f *facts.Facts, anchors bool) []*facts.Cert {
	var out []*facts.Cert
	for _, c := range f.Certs {
		if paths.Checked(f, c) {
			out = append(out, c)
		}
	}
	if anchors {
		for _, list := range [][]*facts.Cert{f.Roots, f.ClientCAs} {
			for _, c := range list {
				if !c.Public() && paths.Checked(f, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func anyParsed(cs []*facts.Cert) bool {
	for _, c := range cs {
		if c != nil && c.X509 != nil {
			return true
		}
	}
	return false
}

// applies returns the first scope of c that f lacks, or nil.
func applies(c *Check, f *facts.Facts) *Scope {
	for _, s := range c.Applies {
		if !s.Has(f) {
			return s
		}
	}
	return nil
}
