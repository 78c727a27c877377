package report

import (
	"bytes"
	"encoding/json"
	"io"
)

// AuditJSON writes `audit --format json` as the targets finish: one
// document, {"schema_version": 1, "tool", "targets": [one report per
// target, as JSON writes it], "summary": AuditSummary}. Each report is
// written when it is added and not kept, so an audit of thousands of
// targets holds none of them; targets[] is in the order they finished
// (summary.rows[] is in audit order and names each one).
type AuditJSON struct {
	w       io.Writer
	tool    Tool
	started bool
	n       int
}

// NewAuditJSON starts a document on w.
func NewAuditJSON(w io.Writer, tool Tool) *AuditJSON { return &AuditJSON{w: w, tool: tool} }

func (a *AuditJSON) start() error {
	if a.started {
		return nil
	}
	a.started = true
	tool, err := json.Marshal(a.tool)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.w, "{\n  \"schema_version\": 1,\n  \"tool\": "+string(tool)+",\n  \"targets\": [")
	return err
}

// Add writes one target's report.
func (a *AuditJSON) Add(r *Report) error {
	if err := a.start(); err != nil {
		return err
	}
	doc, err := json.MarshalIndent(jsonDocument(r), "    ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n    "
	if a.n == 0 {
		sep = "\n    "
	}
	a.n++
	_, err = a.w.Write(append([]byte(sep), doc...))
	return err
}

// Close writes the summary and ends the document.
func (a *AuditJSON) Close(s AuditSummary) error {
	if err := a.start(); err != nil {
		return err
	}
	sum, err := json.MarshalIndent(s, "  ", "  ")
	if err != nil {
		return err
	}
	end := "\n  ],\n  \"summary\": "
	if a.n == 0 {
		end = "],\n  \"summary\": "
	}
	_, err = io.WriteString(a.w, end+string(sum)+"\n}\n")
	return err
}

// JSONLine writes the report as one line of JSON (`audit --format jsonl`:
// one report per line, written as each target finishes).
func JSONLine(w io.Writer, r *Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf) // Encode ends the line
	if err := enc.Encode(jsonDocument(r)); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
