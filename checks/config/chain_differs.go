package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// ChainDiffers is config.chain-differs.
var ChainDiffers = &checks.Check{
	ID:       "config.chain-differs",
	Title:    "the running server sends another chain than the configured files hold",
	Severity: checks.Warning,
	Refs:     []string{ref},
	Doc: "With --probe, the server serves the configured certificate but the certificates it sends after " +
		"it differ from those in the certificate and chain files: the chain file was changed (a new " +
		"intermediate) without a reload, or another file is in use than the one configured.",
	Fix:     "Reload the server so it reads the configured chain.",
	Applies: []*checks.Scope{Listener, Probed},
	Run:     chainDiffers,
}

func init() { checks.Register(ChainDiffers) }

func chainDiffers(p *checks.Pass) {
	c := p.Facts.Config
	served := servedChain(c.Served)
	if len(served) == 0 {
		return
	}
	for _, ch := range configuredChains(p.Facts) {
		if !sameDER(ch[0].Raw, served[0].Raw) {
			continue
		}
		same := len(ch) == len(served)
		for i := 0; same && i < len(ch); i++ {
			same = sameDER(ch[i].Raw, served[i].Raw)
		}
		if same {
			return
		}
		s := certSetting(c, ch[0].Source.File)
		p.Report(checks.Finding{Subject: c.Served.Address,
			Message:  fmt.Sprintf("%s sends %d certificate(s), but %s and its chain files hold %d (or others): the configured chain is not what is sent", c.Served.Address, len(served), at(s), len(ch)),
			Evidence: evidence(s, "address", c.Served.Address, "served", fmt.Sprint(len(served)), "configured", fmt.Sprint(len(ch))),
			Fix:      reloadCommand(c.Type)})
		return
	}
}
