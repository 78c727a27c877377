package exporter

import (
	"html/template"
	"sync"
	"time"
)

// recentProbe is what the status page shows of one run: a summary, never
// the report itself, so that the buffer's memory stays small and flat.
type recentProbe struct {
	Time     time.Time
	Module   string
	Target   string
	Success  bool
	Duration time.Duration
	Error    string
	Version  string
	// LeafDays is the leaf's days to expiry; HasLeaf says whether there was one.
	LeafDays int
	HasLeaf  bool
	Findings []recentFinding // the first maxRecentFindings, most severe first
	More     int             // findings left out
}

type recentFinding struct {
	ID, Severity, Message string
}

// Bounds on what one entry holds, whatever a target sends.
const (
	maxRecentFindings = 20
	maxRecentText     = 300 // characters of a message, a target or an error
)

func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxRecentText {
		return s
	}
	return string(r[:maxRecentText]) + "…"
}

// recentProbes is a ring buffer of the last runs: it never grows past its
// capacity, however long the exporter runs.
type recentProbes struct {
	mu   sync.Mutex
	buf  []recentProbe
	next int
	full bool
}

func newRecentProbes(capacity int) *recentProbes {
	return &recentProbes{buf: make([]recentProbe, max(capacity, 1))}
}

func (r *recentProbes) add(p recentProbe) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf[r.next] = p
	r.next = (r.next + 1) % len(r.buf)
	if r.next == 0 {
		r.full = true
	}
}

// Len is how many runs the buffer holds.
func (r *recentProbes) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.full {
		return len(r.buf)
	}
	return r.next
}

// Cap is the most runs it can hold.
func (r *recentProbes) Cap() int { return len(r.buf) }

// list returns the runs newest first.
func (r *recentProbes) list() []recentProbe {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.next
	if r.full {
		n = len(r.buf)
	}
	out := make([]recentProbe, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, r.buf[(r.next-i+len(r.buf))%len(r.buf)])
	}
	return out
}

// statusPage is `/`. html/template escapes every value a target or a
// certificate supplies.
var statusPage = template.Must(template.New("status").Funcs(template.FuncMap{
	"ago": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
	"ms":  func(d time.Duration) string { return d.Round(time.Millisecond).String() },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tlscheck exporter</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.ok{color:#176f2c}.fail{color:#b00020}.error{color:#b00020}.warning{color:#a15c00}.info{color:#555}
code{font-size:.9em}ul{margin:0;padding-left:1.2em}
</style></head><body>
<h1>tlscheck exporter</h1>
<p><a href="metrics">Exporter metrics</a> · probe with <code>/probe?target=HOST:PORT&amp;module=NAME</code> ·
modules: {{range $i, $m := .Modules}}{{if $i}}, {{end}}<code>{{$m}}</code>{{end}}</p>
<h2>Recent probes ({{len .Probes}} of at most {{.Capacity}})</h2>
<table><thead><tr><th>time (UTC)</th><th>module</th><th>target</th><th>result</th><th>took</th><th>TLS</th><th>leaf days</th><th>findings</th></tr></thead><tbody>
{{range .Probes}}<tr>
<td>{{ago .Time}}</td><td>{{.Module}}</td><td><code>{{.Target}}</code></td>
<td>{{if .Success}}<span class="ok">ok</span>{{else}}<span class="fail">failed</span>{{end}}{{if .Error}}<br><small>{{.Error}}</small>{{end}}</td>
<td>{{ms .Duration}}</td><td>{{.Version}}</td><td>{{if .HasLeaf}}{{.LeafDays}}{{end}}</td>
<td>{{if .Findings}}<ul>{{range .Findings}}<li><span class="{{.Severity}}">{{.Severity}}</span> <code>{{.ID}}</code>: {{.Message}}</li>{{end}}</ul>{{end}}{{if .More}}<small>and {{.More}} more</small>{{end}}</td>
</tr>
{{else}}<tr><td colspan="8">No probes yet.</td></tr>
{{end}}</tbody></table>
</body></html>
`))
