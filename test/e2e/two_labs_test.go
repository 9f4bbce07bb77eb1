package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/testutil"
)

// The same backend gets the same diagnosis in labctl's own lab
// (backend.path) and in a student's Compose project (issue 26): a backend
// whose code exports to localhost:4317, whatever OTEL_EXPORTER_OTLP_ENDPOINT
// says, logs its failed exports from the first request, and verify ends
// the trace checks early with LAB061 in both labs instead of waiting for
// --timeout.
func TestTwoLabsSameDiagnosis(t *testing.T) {
	t.Parallel() // its subtests start as the package's gates let them (schedule_test.go)
	const timeout = 120 * time.Second
	codeEdit := edit{File: filepath.Join("backend", "backend", "main.py"), Old: "BatchSpanProcessor(OTLPSpanExporter())",
		New: `BatchSpanProcessor(OTLPSpanExporter(endpoint="localhost:4317", insecure=True))`}
	check := func(t *testing.T, r run, took time.Duration) {
		t.Helper()
		if r.code != 1 {
			t.Fatalf("verify exit %d, want 1", r.code)
		}
		var res checks.Result
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("verify printed no JSON result: %v", err)
		}
		o := testutil.Found(t, res.Outcome(checks.IDJaegerService), checks.IDJaegerService)
		if o.Status != checks.Fail || o.Rule != "LAB061" || !strings.Contains(o.Diagnosis, "localhost:4317") {
			t.Errorf("%s: %s, rule %q, want a failure by LAB061 naming localhost:4317: %s", o.ID, o.Status, o.Rule, o.Diagnosis)
		}
		if took > timeout/2 {
			t.Errorf("verify took %s: it waited for the timeout instead of the backend's log", took.Round(time.Second))
		}
	}

	t.Run("compose project", func(t *testing.T) {
		t.Parallel()
		takeSlot(t)
		p := newStudentProject(t, "twolabs", nil)
		p.edit(codeEdit)
		p.up(false)
		start := time.Now()
		r, _ := p.verify("--timeout", timeout.String())
		check(t, r, time.Since(start))
	})

	t.Run("labctl's own lab", func(t *testing.T) {
		t.Parallel()
		takeSlot(t)
		own := filepath.Join(t.TempDir(), "code")
		if err := os.CopyFS(own, os.DirFS(filepath.Join(moduleRoot(t), "test", "student", "project"))); err != nil {
			t.Fatal(err)
		}
		applyEdit(t, own, codeEdit)
		// labctl passes no build args to a user's backend: its own base image.
		applyEdit(t, own, edit{File: filepath.Join("backend", "Dockerfile"), Old: "ARG PYTHON_IMAGE=python:3.12-slim", New: "ARG PYTHON_IMAGE=" + testbed.ImagePython})
		l, _, _ := newLab(t, map[string]any{"backend": map[string]any{"path": filepath.Join(own, "backend")}})
		if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
			t.Fatalf("up failed (%d)", r.code)
		}
		start := time.Now()
		r := l.labctl("verify", "--timeout", timeout.String(), "--format", "json")
		check(t, r, time.Since(start))
	})
}
