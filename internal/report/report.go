// Package report builds the generated part of report.md: the
// estimate-vs-actual table, the last verify result, a Mermaid diagram of the
// pipeline and the pull/push answer derived from the generated Collector
// config. Merge puts that block into the student's file without touching
// anything outside the labctl markers.
package report

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/lab"
	"github.com/labctl/labctl/internal/tasks"
)

// Lang is the report's language.
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// ParseLang accepts "en" and "fr".
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case English, French:
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q for --lang; use en or fr", s)
}

// Lab is the part of lab.Config the report shows.
type Lab struct {
	Project     string
	ServiceName string
	Topology    lab.Topology
	Jaeger      lab.JaegerFlavour
}

// LabFrom picks the report's fields out of a validated config.
func LabFrom(c *lab.Config) Lab {
	return Lab{Project: c.Project, ServiceName: c.ServiceName, Topology: c.Topology, Jaeger: c.Jaeger}
}

// Input is everything one report depends on; the same Input always gives
// the same block.
type Input struct {
	Lang Lang
	// Now is when running tasks are counted up to.
	Now   time.Time
	Lab   Lab
	Tasks []tasks.Task
	// Verify is the last verify result; nil when verify has not run.
	Verify *checks.Result
	// Collector is the parsed otelcol.yaml; nil when it has not been rendered.
	Collector *Collector
	// Scrapes is the parsed prometheus.yml; nil when absent.
	Scrapes *Scrapes
	// Dir is the generated files' directory as the student typed it (".labctl").
	Dir   string
	MRURL string
	// Secrets are values that must never appear in the report.
	Secrets []string
	// Template is the Markdown template text (templates/report.md.tmpl).
	Template string
}

// view is what the template sees. Pre-rendered sections keep the default
// template short; the raw values are there for custom templates.
type view struct {
	Lang       Lang
	T          labels
	Lab        Lab
	Table      string
	Rows       []row
	Total      row
	TableNote  string
	Verify     string
	Result     *checks.Result
	Diagram    string
	PullPush   string
	Collector  *Collector
	MR         string
	MRURL      string
	Question   string
	Dir        string
	HasRunning bool
}

// Build renders the managed block, markers included, without a trailing newline.
func Build(in Input) (string, error) {
	if in.Lang == "" {
		in.Lang = English
	}
	if _, err := ParseLang(string(in.Lang)); err != nil {
		return "", err
	}
	if in.Dir == "" {
		in.Dir = ".labctl"
	}
	if err := checkMRURL(in.MRURL); err != nil {
		return "", err
	}
	t := labelsFor(in.Lang)
	rows, total, running := tableRows(in, t)
	v := view{
		Lang: in.Lang, T: t, Lab: in.Lab, Rows: rows, Total: total, HasRunning: running,
		Table:     renderTable(t, rows, total),
		TableNote: tableNote(in, t, running),
		Verify:    verifySection(in, t),
		Result:    in.Verify,
		Diagram:   mermaid(in, t),
		PullPush:  pullPush(in, t),
		Collector: in.Collector,
		MR:        mrLine(in, t),
		MRURL:     in.MRURL,
		Question:  t.Question,
		Dir:       in.Dir,
	}
	tmpl, err := template.New("report").Option("missingkey=error").Parse(in.Template)
	if err != nil {
		return "", fmt.Errorf("report template: %w; fix it or drop --template to use the built-in one", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, v); err != nil {
		return "", fmt.Errorf("report template: %w; fix it or drop --template to use the built-in one", err)
	}
	body := strings.TrimSpace(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	body = redact(body, in.Secrets)
	if strings.Contains(body, markerBegin) || strings.Contains(body, markerEnd) {
		return "", fmt.Errorf("the generated report contains a labctl marker (from a task name, a comment or the template); remove %q and %q from them", markerBegin, markerEnd)
	}
	var b strings.Builder
	b.WriteString(markerBegin + "\n")
	b.WriteString(settingsLine(Settings{Lang: in.Lang, MRURL: in.MRURL}) + "\n\n")
	if body != "" {
		b.WriteString(body + "\n")
	}
	b.WriteString(markerEnd)
	return b.String(), nil
}

func checkMRURL(u string) error {
	if u == "" {
		return nil
	}
	ok := (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) &&
		len(u) > len("https://") && !strings.ContainsAny(u, " \t\r\n<>\"`|")
	if !ok {
		return fmt.Errorf("--mr-url %q is not a link; give the merge request's address, like https://gitlab.com/you/project/-/merge_requests/1", u)
	}
	return nil
}

func mrLine(in Input, t labels) string {
	if in.MRURL == "" {
		return t.MRMissing
	}
	return fmt.Sprintf(t.MRLine, in.MRURL)
}

// redact replaces every secret value with a placeholder. Values shorter than
// 4 characters are not searched for: they would match ordinary words.
func redact(s string, secrets []string) string {
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[secret removed]")
		}
	}
	return s
}
