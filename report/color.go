package report

import (
	"github.com/fatih/color"

	"github.com/tlscheck/tlscheck/checks"
)

// palette colours severity tags and the verdict, and nothing else. Whether
// to colour is decided once by the command (--color, NO_COLOR, a terminal)
// and passed in: each color.Color is switched explicitly, so the package
// global color.NoColor (which fatih/color sets from the process's stdout)
// never decides for us.
type palette struct {
	errorTag, warningTag, infoTag, pass, fail *color.Color
}

func newPalette(on bool) palette {
	p := palette{
		errorTag:   color.New(color.FgRed, color.Bold),
		warningTag: color.New(color.FgYellow, color.Bold),
		infoTag:    color.New(color.FgCyan),
		pass:       color.New(color.FgGreen, color.Bold),
		fail:       color.New(color.FgRed, color.Bold),
	}
	for _, c := range []*color.Color{p.errorTag, p.warningTag, p.infoTag, p.pass, p.fail} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p palette) severity(s checks.Severity) *color.Color {
	switch s {
	case checks.Error:
		return p.errorTag
	case checks.Warning:
		return p.warningTag
	}
	return p.infoTag
}
