package grade

import (
	"testing"
	"time"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/report"
	"github.com/labctl/labctl/internal/tasks"
	"github.com/labctl/labctl/templates"
)

// TestReportByLabctl renders report.md's block with the real
// internal/report code, from tasks as `labctl task` records them, and
// checks that the analysis finds it complete: its columns, its duration
// forms (1h30, 2h05, "–" for no estimate, a running task), its Total, its
// MR line and its pull/push answer.
func TestReportByLabctl(t *testing.T) {
	now := time.Date(2026, 11, 26, 11, 20, 0, 0, time.FixedZone("CET", 3600))
	d := func(s string) *tasks.Duration {
		v, err := tasks.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	running := now.Add(-25 * time.Minute)
	ts := []tasks.Task{
		{Name: "Estimation", Estimate: d("10m"), Spent: *d("15m"), Comment: "découpage | en tâches"},
		{Name: "Démo OpenTelemetry", Estimate: d("1h30"), Spent: *d("2h05"), Comment: "scénario recommendation-cache"},
		{Name: "Instrumenter FastAPI", Estimate: d("45m"), Spent: *d("1h")},
		{Name: "Collector", Estimate: d("11h"), Spent: *d("9h59")},
		{Name: "Rapport", Spent: *d("20m"), RunningSince: &running},
	}
	g, gerr := render.DescribeRendered(config.Default(), "../report/testdata")
	l := &model.Lab{Origin: model.OriginRendered, Topology: config.Default().Topology, ServiceName: "backend-service",
		Exporter: "otlp_grpc/jaeger", CollectorJob: "otel-collector", Collector: g.Collector, Prometheus: g.Prometheus}
	for _, lang := range []report.Lang{report.French, report.English} {
		t.Run(string(lang), func(t *testing.T) {
			block, err := report.Build(report.Input{Lang: lang, Now: now, Lab: l, Tasks: ts, Template: templates.ReportTemplate,
				MRURL: "https://gitlab.com/etudiant/dop-python/-/merge_requests/5", Dir: ".labctl"})
			if err != nil {
				t.Fatal(err)
			}
			a := AnalyzeReport("report.md", []byte("# Rapport\n\n"+block+"\n"))
			ids := []string{FindReportPresent, FindEstimateTable, FindTotalMatches, FindMRLink, FindScenario}
			if gerr == nil {
				ids = append(ids, FindPullPush)
			} else {
				t.Logf("no generated files to derive the pull/push answer from (%v): not asserted", gerr)
			}
			for _, id := range ids {
				if f := a.Findings[id]; !f.OK {
					t.Errorf("%s not found in a report labctl made: %s\n%s", id, f.Detail, block)
				}
			}
			if len(a.Rows) != len(ts) || a.Total == nil {
				t.Fatalf("rows %d, total %v", len(a.Rows), a.Total)
			}
			if got := a.Findings[FindEstimateTable].Detail; got != "5 tasks, estimated 13h25, spent 14h04" {
				t.Errorf("table: %s", got)
			}
			if r := a.Rows[4]; r.HasEstimate || r.Actual != 45*time.Minute {
				t.Errorf("running task without estimate: %+v", r)
			}
			if r := a.Rows[0]; r.Task != "Estimation" || r.Comment != "découpage | en tâches" {
				t.Errorf("escaped pipe: %+v", r)
			}
		})
	}
}
