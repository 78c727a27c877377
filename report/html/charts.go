package html

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// The expiry chart's geometry, in SVG user units: a label column, the bar
// area and a column for the values.
const (
	chartWidth  = 960
	labelWidth  = 400
	valueWidth  = 120
	barArea     = chartWidth - labelWidth - valueWidth - 10
	barHeight   = 16
	rowHeight   = 24
	chartTop    = 26
	chartBottom = 24 // room for the warn-days label under the bars
	// dayClamp bounds the scale at about the longest lifetime a public
	// leaf may have (398 days): a root valid for 20 years would otherwise
	// squash every bar that matters to a sliver. Longer bars are drawn to
	// the edge and marked; their value is still written beside them.
	dayClamp = 400
	// maxBars keeps the chart of a large audit readable: the certificates
	// that expire soonest are drawn, the others counted under the chart.
	maxBars = 100
)

// expiryChart has one bar per distinct certificate, the shortest-lived
// first: the first bars are what needs renewing.
type expiryChart struct {
	Width, Height int
	Bars          []expiryBar
	Ticks         []tick
	ZeroX         float64
	AxisTop       int
	AxisBottom    int
	// Omitted certificates are not drawn; each has OmittedDays or more.
	Omitted, OmittedDays int

	byFingerprint map[string]*expiryBar
	order         []string // fingerprints in the order first seen
	maxWarn       int
}

type expiryBar struct {
	Name           string // shortened for the label
	Full           string // the full name and targets, in the tooltip
	Targets        []string
	Days           int
	Value          string
	Class          string // expired, soon, ok
	Clipped        bool
	Y, TextY       int
	X, W           float64
	LabelX, ValueX int
	SHA256         string
}

type tick struct {
	X      float64
	Label  string
	Class  string
	LabelY int
}

func newExpiryChart() *expiryChart {
	return &expiryChart{byFingerprint: map[string]*expiryBar{}}
}

// add counts c for target; a certificate that several targets share (an
// intermediate) is one bar naming them all.
func (e *expiryChart) add(c *facts.Cert, target string, now time.Time, warn int) {
	if c.X509 == nil {
		return
	}
	e.maxWarn = max(e.maxWarn, warn)
	fp := c.Fingerprint()
	if b, ok := e.byFingerprint[fp]; ok {
		if b.Targets[len(b.Targets)-1] != target {
			b.Targets = append(b.Targets, target)
		}
		return
	}
	d := facts.DaysUntil(c.X509.NotAfter, now)
	b := &expiryBar{Full: checks.Name(c), Targets: []string{target}, Days: d, Value: daysText(d), Class: daysClass(d, warn), SHA256: fp}
	e.byFingerprint[fp] = b
	e.order = append(e.order, fp)
}

// layout places the bars; nil when there are none.
func (e *expiryChart) layout() *expiryChart {
	if len(e.order) == 0 {
		return nil
	}
	bars := make([]expiryBar, 0, len(e.order))
	lo, hi := 0, max(2*e.maxWarn, 1)
	for _, fp := range e.order {
		b := *e.byFingerprint[fp]
		bars = append(bars, b)
		lo, hi = min(lo, b.Days), max(hi, b.Days)
	}
	hi = min(hi, dayClamp)
	lo = max(lo, -dayClamp/2)
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Days < bars[j].Days })
	if len(bars) > maxBars {
		// The rest live longer than every bar shown: say so in one line.
		e.Omitted, e.OmittedDays = len(bars)-maxBars, bars[maxBars].Days
		bars = bars[:maxBars]
	}
	x := func(d int) float64 {
		d = min(max(d, lo), hi)
		return float64(labelWidth) + float64(d-lo)*float64(barArea)/float64(hi-lo)
	}
	e.ZeroX = x(0)
	for i := range bars {
		b := &bars[i]
		b.Y = chartTop + i*rowHeight
		b.TextY = b.Y + barHeight - 3
		xd := x(b.Days)
		b.X, b.W = min(e.ZeroX, xd), max(abs(xd-e.ZeroX), 2)
		b.Clipped = b.Days > hi || b.Days < lo
		b.LabelX = labelWidth - 8
		b.ValueX = chartWidth - valueWidth
		targets := strings.Join(b.Targets, ", ")
		b.Name = shorten(b.Full+" · "+targets, 56)
		b.Full = fmt.Sprintf("%s (%s): %s", b.Full, targets, b.Value)
		if b.Clipped {
			b.Value += " ›"
		}
	}
	e.Bars = bars
	e.Width = chartWidth
	e.AxisTop = chartTop - 6
	e.AxisBottom = chartTop + len(bars)*rowHeight
	e.Height = e.AxisBottom + chartBottom
	// Day labels above the bars, the warn-days line's below them, so that
	// the two near zero do not overlap.
	above, below := e.AxisTop-4, e.AxisBottom+14
	e.Ticks = append(e.Ticks, tick{X: e.ZeroX, Label: "0 days", Class: "zero", LabelY: above})
	if e.maxWarn > 0 && e.maxWarn < hi {
		e.Ticks = append(e.Ticks, tick{X: x(e.maxWarn), Label: fmt.Sprintf("%d (--warn-days)", e.maxWarn), Class: "warn", LabelY: below})
	}
	e.Ticks = append(e.Ticks, tick{X: x(hi), Label: fmt.Sprint(hi), Class: "edge", LabelY: above})
	if lo < 0 && e.ZeroX-x(lo) > 40 {
		e.Ticks = append(e.Ticks, tick{X: x(lo), Label: fmt.Sprint(lo), Class: "edge", LabelY: above})
	}
	return e
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// shorten cuts s to n runes, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// gradeChart is a column per grade of the scale, as many targets high as
// got that grade.
type gradeChart struct {
	Width, Height int
	Base          int
	Bars          []gradeBar
}

type gradeBar struct {
	Grade      string
	Count      int
	X, Y, W, H int
	LabelX     int
	CountY     int
	Class      string
}

func newGradeChart(counts map[string]int) *gradeChart {
	const colWidth, barW, plot, top = 56, 36, 120, 20
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	g := &gradeChart{Width: colWidth*len(gradeScale) + 20, Base: top + plot}
	g.Height = g.Base + 24
	for i, grade := range gradeScale {
		n := counts[grade]
		h := 0
		if most > 0 {
			h = n * plot / most
		}
		x := 10 + i*colWidth + (colWidth-barW)/2
		class := "ok"
		switch {
		case grade == "T" || grade == "M" || grade == "F":
			class = "expired"
		case grade == "A+" || grade == "A" || grade == "A-":
		default:
			class = "soon"
		}
		g.Bars = append(g.Bars, gradeBar{Grade: grade, Count: n, X: x, Y: g.Base - h, W: barW, H: h,
			LabelX: x + barW/2, CountY: g.Base - h - 4, Class: class})
	}
	return g
}
