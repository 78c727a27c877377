package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// Where the project and its check reference live, for SARIF rules.
const (
	InformationURI = "https://github.com/tlscheck/tlscheck"
	checksDocURI   = InformationURI + "/blob/main/docs/checks.md"
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	HelpURI              string            `json:"helpUri"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	// BaselineState is "new" or "unchanged" in an audit with --baseline.
	BaselineState string            `json:"baselineState,omitempty"`
	Properties    map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// SARIF writes a SARIF 2.1.0 log for code scanning. The rules are the
// checks of the run (every registered check, from r.Results) plus one rule
// per dynamic finding ID (zlint.e_...), each documented from the registry.
// A result is located at the file named by its "file" evidence; its
// position in that file is an object index, not a line, so it goes in the
// result's properties rather than a region.
func SARIF(w io.Writer, r *Report) error {
	rules, index := sarifRules(r)
	results := []sarifResult{}
	for _, f := range r.Findings {
		res := sarifResultOf(f, index[f.ID])
		if r.Scan != nil {
			res = atTarget(res, f.Evidence[checks.EvidenceFile], r)
		}
		results = append(results, res)
	}
	return writeSARIF(w, r.Tool, rules, results)
}

// writeSARIF writes one run of the tool with its rules and results as a
// SARIF 2.1.0 log, indented.
func writeSARIF(w io.Writer, tool Tool, rules []sarifRule, results []sarifResult) error {
	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           nonEmpty(tool.Name, "tlscheck"),
				Version:        tool.Version,
				InformationURI: InformationURI,
				Rules:          rules,
			}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sarifRules builds the rule list, sorted by ID, and the index of each ID.
func sarifRules(r *Report) ([]sarifRule, map[string]int) {
	byID := map[string]sarifRule{}
	dynamic := map[string]*checks.Check{} // family -> dynamic check of the run
	for _, res := range r.Results {
		c := res.Check
		if c == nil {
			continue
		}
		if c.Dynamic {
			dynamic[c.Family()] = c
			continue
		}
		byID[c.ID] = ruleOf(c.ID, c.Title, c.Doc, c.Fix, c.Refs, c.Severity, docAnchor(c.ID))
	}
	for _, f := range r.Findings {
		if _, ok := byID[f.ID]; ok {
			continue
		}
		byID[f.ID] = ruleForFinding(f, dynamic)
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	index := map[string]int{}
	for i, id := range ids {
		rules[i] = byID[id]
		index[id] = i
	}
	return rules, index
}

// ruleForFinding documents a finding whose ID is not a registered check:
// a dynamic ID explained by its family's check, else the finding itself.
func ruleForFinding(f checks.Finding, dynamic map[string]*checks.Check) sarifRule {
	fam, _, _ := strings.Cut(f.ID, ".")
	c := dynamic[fam]
	if c == nil {
		c = lookup(f.ID)
	}
	if c != nil && c.Explain != nil {
		if title, doc, refs, ok := c.Explain(f.ID); ok {
			return ruleOf(f.ID, title, doc, c.Fix, refs, c.Severity, docAnchor(c.ID))
		}
	}
	if c != nil && c.ID == f.ID {
		return ruleOf(c.ID, c.Title, c.Doc, c.Fix, c.Refs, c.Severity, docAnchor(c.ID))
	}
	anchor := docAnchor(f.ID)
	if c != nil {
		anchor = docAnchor(c.ID)
	}
	return ruleOf(f.ID, f.Title, f.Title, f.Fix, f.References, f.Severity, anchor)
}

func ruleOf(id, title, doc, fix string, refs []string, sev checks.Severity, anchor string) sarifRule {
	help := doc
	if fix != "" {
		help += "\n\nFix: " + fix
	}
	if len(refs) > 0 {
		help += "\n\nReferences: " + strings.Join(refs, "; ")
	}
	fam, _, _ := strings.Cut(id, ".")
	return sarifRule{
		ID:                   id,
		Name:                 ruleName(id),
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: nonEmpty(doc, title)},
		HelpURI:              checksDocURI + "#" + anchor,
		Help:                 sarifText{Text: help},
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(sev)},
		Properties:           sarifRuleProperty{Tags: []string{fam}},
	}
}

// ruleName turns "chain.missing-intermediate" into "ChainMissingIntermediate".
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func sarifLevel(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "note"
}

func sarifResultOf(f checks.Finding, ruleIndex int) sarifResult {
	text := f.Message
	if c := f.CausedBy; c != nil {
		text += fmt.Sprintf(" This follows from %s on %s, whose fix resolves it too.", c.ID, c.Subject)
	}
	if f.Fix != "" {
		text += " Fix: " + f.Fix
	}
	file := f.Evidence[checks.EvidenceFile]
	res := sarifResult{
		RuleID:    f.ID,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: text},
		PartialFingerprints: map[string]string{
			"tlscheck/v1": fingerprint(f.ID, f.Subject, file),
		},
	}
	props := map[string]string{}
	if f.Subject != "" {
		props["subject"] = f.Subject
	}
	if pos := f.Evidence[checks.EvidencePosition]; pos != "" {
		props[checks.EvidencePosition] = pos
	}
	if f.CausedBy != nil {
		props["caused_by"] = f.CausedBy.ID
	}
	if len(props) > 0 {
		res.Properties = props
	}
	switch {
	case file != "" && file != "-":
		res.Locations = []sarifLocation{{PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(file)}}}}
	case file == "-":
		res.Locations = []sarifLocation{{LogicalLocations: []sarifLogical{{Name: "standard input", Kind: "resource"}}}}
	default:
		name := nonEmpty(f.Evidence[checks.EvidenceFound], nonEmpty(f.Subject, f.ID))
		res.Locations = []sarifLocation{{LogicalLocations: []sarifLogical{{Name: name, Kind: "resource"}}}}
	}
	return res
}

// artifactURI is a relative path with forward slashes, or a file: URI for
// an absolute path. Backslashes become slashes on every platform: SARIF
// consumers run anywhere, and a report made on Windows must still resolve.
func artifactURI(path string) string {
	p := strings.ReplaceAll(filepath.ToSlash(path), `\`, "/")
	if filepath.IsAbs(path) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x -> /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).String()
}

// fingerprint identifies a result across runs: the same check, the same
// thing, the same file.
func fingerprint(id, subject, file string) string {
	sum := sha256.Sum256([]byte(id + "\x00" + subject + "\x00" + file))
	return hex.EncodeToString(sum[:16])
}
