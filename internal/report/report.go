// Package report builds the generated part of report.md: the
// estimate-vs-actual table, the last verify result, a Mermaid diagram of the
// pipeline and the pull/push answer, both read from the lab's description
// (model.Lab: labctl's own lab or the student's Compose project). Merge
// puts that block into the student's file without touching anything
// outside the labctl markers.
package report

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/scenario"
	"github.com/labctl/labctl/internal/tasks"
)

// Lang is the report's language: a catalog of internal/msg.
type Lang = msg.Lang

const (
	English = msg.English
	French  = msg.French
)

// ParseLang accepts "en" and "fr" (and locales: "fr_CH.UTF-8").
func ParseLang(s string) (Lang, error) { return msg.Parse(s) }

// Summary is what the template sees of the lab as .Lab: its project,
// service.name, topology and Jaeger flavour.
type Summary struct {
	Project     string
	ServiceName string
	Topology    model.Topology
	Jaeger      model.JaegerFlavour
}

// Input is everything one report depends on; the same Input always gives
// the same block.
type Input struct {
	Lang Lang
	// Now is when running tasks are counted up to.
	Now time.Time
	// Lab is the description of the lab the report is about: labctl's own
	// (render.Describe, with the Collector's and Prometheus's configurations
	// read from the files render wrote) or a student's running Compose
	// project (discover). Its services name the diagram's nodes; its
	// Collector and Prometheus are what the pull/push answer is derived
	// from (nil: not rendered yet, or the project has none).
	Lab   *model.Lab
	Tasks []tasks.Task
	// Verify is the last verify result; nil when verify has not run.
	Verify *checks.Result
	// Trace is the trace verify checked, as Jaeger has it now; nil when
	// verify saw none or Jaeger did not answer (the chart is then left out).
	Trace *jaeger.Trace
	// TraceURL is its page in the Jaeger UI, "" for none.
	TraceURL string
	// Scenario is the evidence of labctl scenario recommendation-cache
	// (DIR/scenario.json); nil leaves its section out.
	Scenario *scenario.Evidence
	// Dir is the generated files' directory as the student typed it (".labctl").
	Dir   string
	MRURL string
	// Secrets are values that must never appear in the report; only those
	// long enough to be labctl's generated ones are searched for (redact.go).
	Secrets []string
	// Template is the Markdown template text (templates/report.md.tmpl).
	Template string
}

// view is what the template sees. Pre-rendered sections keep the default
// template short; the raw values are there for custom templates.
type view struct {
	Lang Lang
	// T are the catalog's sentences without arguments, by name (.T.TimeTitle).
	T          map[string]string
	Lab        Summary
	Table      string
	Rows       []row
	Total      row
	TableNote  string
	Verify     string
	Trace      string
	Scenario   string
	Result     *checks.Result
	Diagram    string
	PullPush   string
	Collector  *model.Collector
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
	if in.Lab == nil {
		in.Lab = &model.Lab{}
	}
	if err := checkMRURL(in.MRURL); err != nil {
		return "", err
	}
	t := msg.For(in.Lang)
	rows, total, running := tableRows(in, t)
	v := view{
		Lang: in.Lang, T: labelMap(t), Lab: summary(in), Rows: rows, Total: total, HasRunning: running,
		Table:     renderTable(t, rows, total),
		TableNote: tableNote(in, t, running),
		Verify:    joinSections(verifySection(in, t), traceSection(in, t)),
		Trace:     traceSection(in, t),
		Scenario:  scenarioSection(in.Scenario, t),
		Result:    in.Verify,
		Diagram:   mermaid(in, t),
		PullPush:  pullPush(in, t),
		Collector: in.Lab.Collector,
		MR:        mrLine(in, t),
		MRURL:     in.MRURL,
		Question:  t.Sprintf("report.Question"),
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
	body = redactSecrets(body, in.Secrets)
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

// joinSections puts non-empty sections one paragraph apart.
func joinSections(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

func summary(in Input) Summary {
	return Summary{Project: in.Lab.Project, ServiceName: backendName(in.Lab), Topology: in.Lab.Topology, Jaeger: in.Lab.Jaeger}
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

func mrLine(in Input, t *msg.Printer) string {
	if in.MRURL == "" {
		return t.Sprintf("report.MRMissing")
	}
	return t.Sprintf("report.MRLine", in.MRURL)
}

// labelMap is what a template reads as .T: the report's sentences that
// take no argument, by name.
func labelMap(t *msg.Printer) map[string]string { return t.Plain("report.") }
