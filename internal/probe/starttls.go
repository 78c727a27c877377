package probe

import (
	"bytes"
	"slices"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// A starttlsProtocol is a protocol that speaks plaintext before its TLS
// handshake. Everything the probe knows about one is its entry in
// starttlsProtocols: adding a protocol is one entry here and one case in
// TestStartTLSTable.
type starttlsProtocol struct {
	name    facts.StartTLSProtocol // the --starttls value and Connection.StartTLS: "smtp"
	aliases []string               // other --starttls spellings: "postgresql"
	schemes map[facts.Scheme]int   // URL schemes that select it, with their default port
	// preamble speaks the plaintext part up to the point where TLS starts.
	preamble preambleFunc
	// banner recognises the greeting a server of this protocol sends unasked,
	// seen when its port is probed as TLS; nil when the protocol waits for
	// the client. plaintext is then Connection.Plaintext.Kind.
	banner    func(b []byte) bool
	plaintext facts.PlaintextKind
	// excerpt is Plaintext.First for that greeting (nil: its first line).
	excerpt func(b []byte) string
	// natsInfo reads what the greeting announces of a NATS server (its
	// INFO, TLS flags included); nil for the other protocols.
	natsInfo func(b []byte) *facts.NATSInfo
}

// A preambleFunc speaks a protocol's plaintext part on w up to the point
// where TLS starts, noting what was said in a.preamble (never credentials).
type preambleFunc func(p *prober, w *wire, a *attempt, spec attemptSpec) *facts.ProbeFailure

// starttlsProtocols in the order `--starttls` lists them.
var starttlsProtocols = []starttlsProtocol{
	{name: facts.StartTLSSMTP, schemes: map[facts.Scheme]int{facts.SchemeSMTP: 25, facts.SchemeSubmission: 587}, preamble: smtpPreamble,
		banner: func(b []byte) bool { return isReply220(b) && !mentionsFTP(b) }, plaintext: facts.PlaintextSMTP},
	{name: facts.StartTLSIMAP, schemes: map[facts.Scheme]int{facts.SchemeIMAP: 143}, preamble: imapPreamble,
		banner: prefix("* OK"), plaintext: facts.PlaintextIMAP},
	{name: facts.StartTLSPOP3, schemes: map[facts.Scheme]int{facts.SchemePOP3: 110}, preamble: pop3Preamble,
		banner: prefix("+OK"), plaintext: facts.PlaintextPOP3},
	{name: facts.StartTLSFTP, schemes: map[facts.Scheme]int{facts.SchemeFTP: 21}, preamble: ftpPreamble,
		banner: func(b []byte) bool { return isReply220(b) && mentionsFTP(b) }, plaintext: facts.PlaintextFTP},
	{name: facts.StartTLSXMPP, schemes: map[facts.Scheme]int{facts.SchemeXMPP: 5222}, preamble: xmppPreamble},
	{name: facts.StartTLSLDAP, schemes: map[facts.Scheme]int{facts.SchemeLDAP: 389}, preamble: ldapPreamble},
	{name: facts.StartTLSPostgres, aliases: []string{"postgresql"}, schemes: map[facts.Scheme]int{facts.SchemePostgres: 5432, facts.SchemePostgreSQL: 5432}, preamble: postgresPreamble},
	{name: facts.StartTLSMySQL, schemes: map[facts.Scheme]int{facts.SchemeMySQL: 3306}, preamble: mysqlPreamble},
	{name: facts.StartTLSNATS, schemes: map[facts.Scheme]int{facts.SchemeNATS: 4222}, preamble: natsPreamble,
		banner: prefix("INFO {", "INFO\t{"), plaintext: facts.PlaintextNATSInfo, excerpt: natsInfoExcerpt,
		natsInfo: natsInfoGreeting},
}

// StartTLSProtocols are the values --starttls accepts.
var StartTLSProtocols = func() []string {
	var out []string
	for _, p := range starttlsProtocols {
		out = append(out, string(p.name))
	}
	return out
}()

// starttlsByName finds a protocol by its --starttls name or an alias.
func starttlsByName(name string) (*starttlsProtocol, bool) {
	for i := range starttlsProtocols {
		p := &starttlsProtocols[i]
		if string(p.name) == name || slices.Contains(p.aliases, name) {
			return p, true
		}
	}
	return nil, false
}

// starttlsByScheme finds the protocol a URL scheme selects, and its port.
func starttlsByScheme(scheme facts.Scheme) (*starttlsProtocol, int, bool) {
	for i := range starttlsProtocols {
		p := &starttlsProtocols[i]
		if port, ok := p.schemes[scheme]; ok {
			return p, port, true
		}
	}
	return nil, 0, false
}

// starttlsBanner names the STARTTLS protocol whose greeting b is, as a
// plaintext reply, with what a NATS INFO greeting announces; nil when it is
// none of theirs.
func starttlsBanner(b []byte) (*facts.Plaintext, *facts.NATSInfo) {
	for _, p := range starttlsProtocols {
		if p.banner == nil || !p.banner(b) {
			continue
		}
		first := firstLine(b)
		if p.excerpt != nil {
			first = p.excerpt(b)
		}
		pt := &facts.Plaintext{Kind: p.plaintext, First: first}
		var nats *facts.NATSInfo
		if p.natsInfo != nil {
			nats = p.natsInfo(b)
		}
		return pt, nats
	}
	return nil, nil
}

func prefix(ps ...string) func(b []byte) bool {
	return func(b []byte) bool {
		for _, p := range ps {
			if bytes.HasPrefix(b, []byte(p)) {
				return true
			}
		}
		return false
	}
}

// isReply220 is the "service ready" greeting of SMTP (RFC 5321 4.2) and FTP
// (RFC 959 4.2), single- or multi-line.
var isReply220 = prefix("220 ", "220-")

// mentionsFTP tells an FTP greeting from an SMTP one: both are 220 replies.
func mentionsFTP(b []byte) bool { return strings.Contains(strings.ToLower(firstLine(b)), "ftp") }
