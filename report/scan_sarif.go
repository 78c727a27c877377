package report

import (
	"net"
	"net/url"
	"strconv"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// targetURI is where a scan's findings are located in SARIF: the target as
// a URL with its scheme, host and port only ("https://example.com:443",
// "tls://10.0.0.1:8883" for a bare host:port). Userinfo and paths are left
// out, so a password in the target never reaches the log.
func targetURI(t Target) string {
	scheme := t.Scheme
	if scheme == "" {
		scheme = "tls"
	}
	return (&url.URL{Scheme: scheme, Host: net.JoinHostPort(t.Host, strconv.Itoa(t.Port))}).String()
}

// atTarget locates a scan's result at the target URL, keeping its logical
// location (the subject). A result about a file given on the command line
// (--ca, --cert, --key) stays at that file; the "file" of a served
// certificate is the server, not a file.
func atTarget(res sarifResult, file string, r *Report) sarifResult {
	if r.Target.Host == "" || isLocalFile(file, r.facts()) {
		return res
	}
	loc := sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: targetURI(r.Target)}}}
	for _, l := range res.Locations {
		loc.LogicalLocations = append(loc.LogicalLocations, l.LogicalLocations...)
	}
	res.Locations = []sarifLocation{loc}
	return res
}

// isLocalFile says whether file is one the run read from disk.
func isLocalFile(file string, f *facts.Facts) bool {
	if file == "" {
		return false
	}
	for _, fl := range f.Files {
		if fl.Path == file {
			return true
		}
	}
	for _, c := range f.ClientChain {
		if c.Source.File == file {
			return true
		}
	}
	return false
}
