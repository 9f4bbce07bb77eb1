package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/testutil"
)

// When the cause is known from the files or from a log, verify's verdict
// comes at once, not at --timeout: the checks the cause blocks end a few
// seconds past the pipeline's floor (issue 19). The timeout here is long
// on purpose: a run that waited for it would take two minutes.
func TestVerifyEndsEarlyOnKnownCause(t *testing.T) {
	t.Parallel() // its subtests start as the package's gates let them (schedule_test.go)
	const timeout = 120 * time.Second
	cases := []struct {
		name string
		edit edit
		// rule is the cause; from says where verify learns it.
		rule, from string
	}{
		{
			// The file rules see it before any data is awaited.
			name: "file: backend exports to localhost",
			edit: edit{File: "compose.yml", Old: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", New: "OTEL_EXPORTER_OTLP_ENDPOINT: http://localhost:4317"},
			rule: "LAB010", from: "files",
		},
		{
			// No file rule sees it (the database service exists); the
			// backend's SDK logs its failed export while verify waits.
			name: "log: backend exports to the database service",
			edit: edit{File: "compose.yml", Old: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", New: "OTEL_EXPORTER_OTLP_ENDPOINT: http://database:4317"},
			rule: "LAB061", from: "log",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			takeSlot(t)
			p := newStudentProject(t, "early", nil)
			p.edit(tc.edit)
			p.up(false)
			start := time.Now()
			r, res := p.verify("--timeout", timeout.String())
			took := time.Since(start)
			if r.code != 1 || res.Passed {
				t.Fatalf("verify exit %d, passed %v; want 1, false", r.code, res.Passed)
			}
			// Traces are broken; the metrics path works and passes.
			wantStatuses(t, res, variantStatuses(t, []string{"traces"}))
			// Every check the cause blocks says it (the Collector check,
			// inferred from the files and Jaeger, may give up by itself
			// first); the one that waits for spans is ended by it.
			for _, id := range []string{checks.IDJaegerService, checks.IDServerSpan, checks.IDDBSpan, checks.IDCollector} {
				o := testutil.Found(t, res.Outcome(id), id)
				if o.Rule != tc.rule {
					t.Errorf("%s: rule %q, want %s (%s)", id, o.Rule, tc.rule, o.Diagnosis)
				}
			}
			if o := testutil.Found(t, res.Outcome(checks.IDJaegerService), checks.IDJaegerService); !o.EndedEarly {
				t.Errorf("jaeger_service was not ended early by %s: %+v", tc.rule, o)
			}
			shown := testutil.Found(t, res.Outcome(checks.IDJaegerService), checks.IDJaegerService)
			for _, w := range []string{"compose.yml:", "OTEL_EXPORTER_OTLP_ENDPOINT", "labctl explain " + tc.rule} {
				if !strings.Contains(shown.Diagnosis, w) {
					t.Errorf("jaeger_service's diagnosis lacks %q: %s", w, shown.Diagnosis)
				}
			}
			if tc.from == "log" && !strings.Contains(shown.Diagnosis, "backend log") {
				t.Errorf("the cause from the log does not quote it: %s", shown.Diagnosis)
			}
			if !strings.Contains(r.stderr, "jaeger_service ended early: "+tc.rule) {
				t.Errorf("stderr does not say that jaeger_service ended early:\n%s", tail(r.stderr, 30))
			}
			for _, c := range res.Checks {
				if c.EndedEarly && !slices.Contains([]string{checks.IDJaegerService, checks.IDServerSpan, checks.IDDBSpan, checks.IDCollector}, c.ID) {
					t.Errorf("%s ended early by %s, a check the cause does not block", c.ID, c.Rule)
				}
			}
			// No tight timing: well below the timeout is the point.
			if took > timeout/2 {
				t.Errorf("verify took %s with --timeout %s: the known cause did not end it early", took, timeout)
			}
			if d := res.FinishedAt.Sub(res.StartedAt); d >= timeout {
				t.Errorf("the result spans %s, the whole --timeout", d)
			}
		})
	}
}
