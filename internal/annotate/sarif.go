package annotate

import (
	"encoding/json"
	"io"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// The SARIF 2.1.0 subset labctl writes (what GitHub code scanning reads).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// Language is the messages' language (RFC 5646) when not SARIF's
	// default, English.
	Language string `json:"language,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name,omitempty"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      *sarifText   `json:"fullDescription,omitempty"`
	Help                 *sarifText   `json:"help,omitempty"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Note:
		return "note"
	}
	return "error"
}

// SARIF writes a SARIF 2.1.0 log with every rule of the catalogue in
// tool.driver.rules and one result per finding, in English. Every result
// has a file and a line (GitHub code scanning refuses a result without a
// location): a finding with none is shown at line 1 of DefaultFile (or of
// the file it is about), and its message says so.
func SARIF(w io.Writer, fs []rules.Finding, prefix, version string, opts ...Option) error {
	return SARIFIn(w, fs, prefix, version, english, opts...)
}

// SARIFIn is SARIF with the results' messages and the rules' generic
// fixes in p's language (the run says which, as SARIF's language); the
// rules' titles and pages stay English.
func SARIFIn(w io.Writer, fs []rules.Finding, prefix, version string, p *msg.Printer, opts ...Option) error {
	var drv = sarifDriver{Name: "labctl", Version: version, InformationURI: "https://github.com/labctl/labctl", Rules: []sarifRule{}}
	index := map[string]int{}
	for _, r := range rules.All() {
		index[r.ID] = len(drv.Rules)
		sr := sarifRule{ID: r.ID, Name: r.Slug, ShortDescription: sarifText{r.Title},
			DefaultConfiguration: sarifDefault{sarifLevel(r.Severity)}}
		if r.Page != "" {
			sr.FullDescription = &sarifText{r.Page}
		}
		if fix := r.GenericFix(); !fix.IsZero() {
			sr.Help = &sarifText{p.Say(msg.New("sarif.help_fix", fix))}
		}
		drv.Rules = append(drv.Rules, sr)
	}
	results := make([]sarifResult, 0, len(fs))
	fallback := fallbackFile(fs, opts)
	for _, f := range fs {
		at := locate(f, fallback, prefix, p)
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:             sarifText{at.withNote(message(f, p))},
			PartialFingerprints: map[string]string{"labctlFinding/v1": fingerprint(f.Rule, f.File, f.Key, f.Message.English())},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: at.path},
				Region: &sarifRegion{StartLine: at.line}}}}}
		results = append(results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0",
		Runs: []sarifRun{{Tool: sarifTool{Driver: drv}, Results: results, Language: sarifLanguage(p)}}})
}

func sarifLanguage(p *msg.Printer) string {
	if p.Lang == msg.English {
		return ""
	}
	return string(p.Lang)
}
