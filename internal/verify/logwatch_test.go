package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/rules"
)

// LogWatch reads the backend's and the Collector's logs and returns each
// error finding once: the course's project exporting to a service with
// nothing on 4317, with the backend log recorded from the e2e run.
func TestLogWatch(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "test", "student", "project"))); err != nil {
		t.Fatal(err)
	}
	compose := filepath.Join(dir, "compose.yml")
	data, err := os.ReadFile(compose)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT: http://database:4317", 1)
	if err := os.WriteFile(compose, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir, Files: []string{compose}})
	if err != nil {
		t.Fatal(err)
	}
	backendLog, err := os.ReadFile(filepath.Join("..", "logscan", "testdata", "python-bare-connection-refused.log"))
	if err != nil {
		t.Fatal(err)
	}
	var logs map[string][]string
	w := &LogWatch{Lab: res.Lab}
	read := func(service string) []string { return logs[service] }

	logs = map[string][]string{"backend": {`INFO:     172.18.0.1:35160 - "GET /products/1 HTTP/1.1" 200 OK`}}
	if fs := w.New(read); len(fs) != 0 {
		t.Fatalf("a clean log gave %+v", fs)
	}
	logs["backend"] = append(logs["backend"], strings.Split(strings.TrimSpace(string(backendLog)), "\n")...)
	fs := w.New(read)
	if len(fs) != 1 {
		t.Fatalf("%d findings, want the backend's failed export: %+v", len(fs), fs)
	}
	c, ok := checks.CauseOf(fs[0])
	if !ok || c.Rule != "LAB061" {
		t.Fatalf("cause %+v (%v), want LAB061", c, ok)
	}
	for _, want := range []string{"compose.yml:23", "database:4317", "Connection refused", "labctl explain LAB061"} {
		if !strings.Contains(c.Diagnosis.English(), want) {
			t.Errorf("diagnosis lacks %q: %s", want, c.Diagnosis.English())
		}
	}
	if again := w.New(read); len(again) != 0 {
		t.Errorf("the same lines said twice: %+v", again)
	}
}

// A backend whose Collector's container exited logs that the Collector's
// name does not resolve (Docker's DNS answers only for running
// containers): the finding says the service exists and why its name does
// not resolve, not that the project has no such service. The log is the
// Python SDK's (the bed's venv) exporting to otel-collector:4317, a name
// with no answer.
func TestLogWatchNameOfAStoppedService(t *testing.T) {
	fs := backendLogFindings(t, filepath.Join("testdata", "python-name-not-found.log"))
	got := fs[0].Message.English()
	for _, want := range []string{"otel-collector:4317", "otel-collector is a service of the project", "its container is not running"} {
		if !strings.Contains(got, want) {
			t.Errorf("the finding lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "no such service") {
		t.Errorf("the finding denies a service the project has: %s", got)
	}
	// The variable names the right service: its line is not the cause.
	if f := fs[0]; f.Line != 0 || !strings.Contains(f.Diagnosis().English(), "start otel-collector") {
		t.Errorf("the finding blames the variable (line %d): %s", f.Line, f.Diagnosis().English())
	}
}

// A backend that exports elsewhere than its OTEL_EXPORTER_OTLP_ENDPOINT
// says (an endpoint in its code) is not blamed on the variable's line:
// the course's project, whose variable names otel-collector:4317, with the
// Python SDK's real log of an export to 127.0.0.1:24999.
func TestLogWatchEndpointNotFromTheVariable(t *testing.T) {
	fs := backendLogFindings(t, filepath.Join("..", "logscan", "testdata", "python-connection-refused.log"))
	f := fs[0]
	got := f.Diagnosis().English()
	for _, want := range []string{"exports its spans to 127.0.0.1:24999", "not where OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317 points", "nothing listens there", "remove the endpoint the backend's code gives its exporter"} {
		if !strings.Contains(got, want) {
			t.Errorf("the finding lacks %q: %s", want, got)
		}
	}
	if f.Line != 0 || strings.Contains(got, "make OTEL_EXPORTER_OTLP_ENDPOINT name") {
		t.Errorf("the finding blames the variable's line (%d): %s", f.Line, got)
	}
}

// backendLogFindings is what the log watch finds in a recorded log read as
// the backend's of the course's project: one LAB061 finding.
func backendLogFindings(t *testing.T, logFile string) []rules.Finding {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Dir: filepath.Join("..", "..", "test", "student", "project")})
	if err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	w := &LogWatch{Lab: res.Lab}
	fs := w.New(func(service string) []string {
		if service == "backend" {
			return strings.Split(strings.TrimSpace(string(log)), "\n")
		}
		return nil
	})
	if len(fs) != 1 || fs[0].Rule != "LAB061" {
		t.Fatalf("findings %+v, want LAB061", fs)
	}
	return fs
}
