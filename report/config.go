package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// ConfigGroup is the report of one listener of a server configuration
// (`tlscheck config`), or of the configuration as a whole (its syntax):
// reports are grouped by Name.
type ConfigGroup struct {
	// Name is the listener's ("nginx server_name example.com, listen 443
	// ssl") or, for the configuration as a whole, the type and path.
	Name string
	// Config is the path of the main configuration file.
	Config string
	Report *Report
}

// ConfigFindings are the findings of every group, for the exit code.
func ConfigFindings(groups []ConfigGroup) []checks.Finding {
	var out []checks.Finding
	for _, g := range groups {
		if g.Report != nil {
			out = append(out, g.Report.Findings...)
		}
	}
	return out
}

// ConfigText writes the text report of every group under a heading that
// names the listener ("nginx server_name example.com, listen 443 ssl:"),
// then one summary line for the whole configuration.
func ConfigText(w io.Writer, groups []ConfigGroup, o Options) error {
	for i, g := range groups {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		heading := g.Name + ":"
		if _, err := fmt.Fprintln(w, heading); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w, strings.Repeat("=", min(len(heading), o.width()))); err != nil {
			return err
		}
		if err := Text(w, g.Report, o); err != nil {
			return err
		}
	}
	s := checks.Summarize(ConfigFindings(groups))
	_, err := fmt.Fprintf(w, "\nconfiguration: %d listener group(s): %s, %s, %s\n", len(groups),
		plural(s.Error, "error"), plural(s.Warning, "warning"), plural(s.Info, "info"))
	return err
}

// jsonConfigReport is `tlscheck config --format json`: one report per
// group, as for many targets (docs/json.md), each target naming its listener.
type jsonConfigReport struct {
	SchemaVersion int               `json:"schema_version"`
	Tool          Tool              `json:"tool"`
	Targets       []json.RawMessage `json:"targets"`
	Summary       checks.Summary    `json:"summary"`
}

// ConfigJSON writes the JSON report of every group.
func ConfigJSON(w io.Writer, tool Tool, groups []ConfigGroup) error {
	out := jsonConfigReport{SchemaVersion: SchemaVersion, Tool: tool, Targets: []json.RawMessage{},
		Summary: checks.Summarize(ConfigFindings(groups))}
	for _, g := range groups {
		var buf bytes.Buffer
		r := *g.Report
		r.Target.Listener, r.Target.Config = g.Name, g.Config
		if err := JSON(&buf, &r); err != nil {
			return err
		}
		out.Targets = append(out.Targets, json.RawMessage(bytes.TrimSpace(buf.Bytes())))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ConfigSARIF writes one SARIF run with the findings of every group; each
// result's properties name its listener.
func ConfigSARIF(w io.Writer, tool Tool, groups []ConfigGroup) error {
	merged := &Report{Tool: tool}
	for _, g := range groups {
		if g.Report == nil {
			continue
		}
		if merged.Results == nil {
			merged.Results = g.Report.Results
		}
		for _, f := range g.Report.Findings {
			ev := map[string]string{}
			for k, v := range f.Evidence {
				ev[k] = v
			}
			ev["listener"] = g.Name
			if ev[checks.EvidenceFile] == "" {
				ev[checks.EvidenceFile] = g.Config
			}
			f.Evidence = ev
			merged.Findings = append(merged.Findings, f)
		}
	}
	return SARIF(w, merged)
}
