package chain

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// CertbotMismatch is chain.certbot-mismatch: the files of one Let's Encrypt
// live directory disagree: cert.pem is not the first certificate of
// fullchain.pem, or chain.pem is not the rest of it.
var CertbotMismatch = &checks.Check{
	ID:       "chain.certbot-mismatch",
	Title:    "the files of a certbot live directory come from different certificates",
	Severity: checks.Error,
	Refs:     []string{"certbot User Guide: Where are my certificates?"},
	Doc: "certbot writes cert.pem, chain.pem, fullchain.pem and privkey.pem of live/NAME/ from one " +
		"issuance, as symbolic links to ../../archive/NAME/certN.pem, chainN.pem, fullchainN.pem and " +
		"privkeyN.pem with the same N; fullchain.pem is cert.pem followed by chain.pem. When the links " +
		"point at different renewals (a link edited or restored by hand, a backup copied over part of " +
		"the directory), a server configured with cert.pem and chain.pem (Apache before 2.4.8, " +
		"Crossbar.io, EMQX) serves another certificate than one configured with fullchain.pem (nginx, " +
		"mosquitto, NATS), and only one of them matches privkey.pem or is current.",
	Fix: "Point the four links at one renewal (`ln -sfn ../../archive/NAME/certN.pem cert.pem`, likewise " +
		"chain.pem, fullchain.pem, privkey.pem), or let certbot write them again: `certbot renew " +
		"--force-renewal --cert-name NAME`.",
	Run: certbotMismatch,
}

func init() { checks.Register(CertbotMismatch) }

// liveDir is one Let's Encrypt live directory's certificate files.
type liveDir struct {
	dir               string
	cert, chain, full *facts.File
}

func certbotMismatch(p *checks.Pass) {
	f := p.Facts
	dirs := liveDirs(f)
	if len(dirs) == 0 {
		p.NotApplicable("no Let's Encrypt live directory (cert.pem, chain.pem, fullchain.pem and privkey.pem side by side)")
		return
	}
	for _, d := range dirs {
		full := parsedCertsIn(f, d.full)
		if len(full) == 0 {
			continue // unreadable or empty: the file.* findings say so
		}
		// The renewal the directory should agree on: that of the newest
		// server certificate, in fullchain.pem or cert.pem.
		ref := d.full
		var cert []*facts.Cert
		if d.cert != nil {
			cert = parsedCertsIn(f, d.cert)
			if len(cert) > 0 && cert[0].X509.NotBefore.After(full[0].X509.NotBefore) {
				ref = d.cert
			}
		}
		if len(cert) > 0 && !bytes.Equal(cert[0].Raw, full[0].Raw) {
			stale := d.cert
			if ref == d.cert {
				stale = d.full
			}
			ev := checks.CertEvidence(cert[0])
			ev[checks.EvidenceFile] = d.cert.Path
			ev["fullchain_file"] = d.full.Path
			ev["fullchain_subject"] = checks.Name(full[0])
			ev["fullchain_serial"] = hex.EncodeToString(full[0].X509.SerialNumber.Bytes())
			p.Report(checks.Finding{
				Subject: stale.Path,
				Message: fmt.Sprintf("%s holds '%s' (serial %x, issued %s) but the first certificate of %s is '%s' (serial %x, issued %s); "+
					"certbot writes both from one issuance, so servers configured with cert.pem and with fullchain.pem serve different certificates; %s is the older one",
					d.cert.Path, checks.Name(cert[0]), cert[0].X509.SerialNumber, day(cert[0]),
					d.full.Path, checks.Name(full[0]), full[0].X509.SerialNumber, day(full[0]), filepath.Base(stale.Path)),
				Evidence: ev,
				Fix:      relinkFix(d, ref, stale),
			})
		}
		if d.chain == nil {
			continue
		}
		chain, rest := parsedCertsIn(f, d.chain), full[1:]
		if sameCerts(chain, rest) || (len(chain) == 0 && len(d.chain.Problems) > 0) {
			continue
		}
		ev := map[string]string{"file": d.chain.Path, "fullchain_file": d.full.Path,
			"chain": nameList(chain), "fullchain_rest": nameList(rest)}
		stale := d.chain
		if ref == d.chain {
			stale = d.full
		}
		p.Report(checks.Finding{
			Subject: d.chain.Path,
			Message: fmt.Sprintf("%s holds %s but %s continues after the server certificate with %s; certbot writes fullchain.pem as cert.pem followed by chain.pem, "+
				"so servers configured with chain.pem and with fullchain.pem send different intermediates",
				d.chain.Path, describeCerts(chain), d.full.Path, describeCerts(rest)),
			Evidence: ev,
			Fix:      relinkFix(d, ref, stale),
		})
	}
}

// liveDirs groups the Let's Encrypt files by directory; a directory counts
// when its fullchain.pem was loaded.
func liveDirs(f *facts.Facts) []*liveDir {
	var out []*liveDir
	byDir := map[string]*liveDir{}
	for _, file := range f.Files {
		if !file.LetsEncrypt {
			continue
		}
		dir := filepath.Dir(file.Path)
		d := byDir[dir]
		if d == nil {
			d = &liveDir{dir: dir}
			byDir[dir] = d
			out = append(out, d)
		}
		switch filepath.Base(file.Path) {
		case "cert.pem":
			d.cert = file
		case "chain.pem":
			d.chain = file
		case "fullchain.pem":
			d.full = file
		}
	}
	kept := out[:0]
	for _, d := range out {
		if d.full != nil && (d.cert != nil || d.chain != nil) {
			kept = append(kept, d)
		}
	}
	return kept
}

// parsedCertsIn are the parsed certificates of one file, in file order.
func parsedCertsIn(f *facts.Facts, file *facts.File) []*facts.Cert {
	var out []*facts.Cert
	for _, c := range f.Certs {
		if c.Source.File == file.Path && c.Source.Role == file.Role && c.X509 != nil {
			out = append(out, c)
		}
	}
	return out
}

func sameCerts(a, b []*facts.Cert) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].Raw, b[i].Raw) {
			return false
		}
	}
	return true
}

func describeCerts(cs []*facts.Cert) string {
	if len(cs) == 0 {
		return "no certificate"
	}
	var s []string
	for _, c := range cs {
		s = append(s, fmt.Sprintf("'%s' (serial %x)", checks.Name(c), c.X509.SerialNumber))
	}
	return strings.Join(s, ", ")
}

func day(c *facts.Cert) string { return c.X509.NotBefore.UTC().Format("2006-01-02") }

// archiveLink is certbot's link target: ../../archive/NAME/certN.pem.
var archiveLink = regexp.MustCompile(`^(.*/)?(cert|chain|fullchain|privkey)([0-9]+)\.pem$`)

// relinkFix points stale's link at the renewal ref's link names, when the
// links are known; else it has certbot write the directory again.
func relinkFix(d *liveDir, ref, stale *facts.File) string {
	name := filepath.Base(d.dir)
	renew := fmt.Sprintf("`certbot renew --force-renewal --cert-name %s`", checks.ShellQuote(name))
	m := archiveLink.FindStringSubmatch(ref.LinkTarget)
	if m == nil {
		return fmt.Sprintf("let certbot write the live files again: %s", renew)
	}
	n := m[3]
	prefix := m[1]
	if sm := archiveLink.FindStringSubmatch(stale.LinkTarget); sm != nil {
		prefix = sm[1]
	}
	base := strings.TrimSuffix(filepath.Base(stale.Path), ".pem")
	return fmt.Sprintf("point %s at the same issuance as %s (%s): `cd %s && ln -sfn %s %s`, or let certbot write the live files again: %s",
		filepath.Base(stale.Path), filepath.Base(ref.Path), ref.LinkTarget, checks.ShellQuote(d.dir),
		checks.ShellQuote(prefix+base+n+".pem"), filepath.Base(stale.Path), renew)
}
