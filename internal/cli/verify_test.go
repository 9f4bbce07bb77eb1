package cli_test

// Tests of `labctl verify` through the real binary (see main_test.go): flags
// and exit codes, and a run against the real lab (labtest: real PostgreSQL,
// Jaeger, Collector, Prometheus and the template backend) whose JSON, JUnit
// and verify.json outputs are parsed back.

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/checks/labtest"
	"github.com/labctl/labctl/internal/testbed"
)

func TestVerifyHelp(t *testing.T) {
	r := runInProcess(t, t.TempDir(), nil, "verify", "--help")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []string{"--timeout", "--format", "--junit", "--service", "--jaeger", "--prometheus", "--backend",
		"Examples:", "labctl verify --format json --junit", "postgresql_commits", "collector_pipeline", "ended early", "Exit status"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("verify --help lacks %q", want)
		}
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `--format "xml" is not a format`},
		{[]string{"--timeout", "0s"}, "--timeout 0s must be positive"},
		{[]string{"--jaeger", "localhost"}, `--jaeger "localhost" is not HOST:PORT`},
		{[]string{"--prometheus", "localhost:9090"}, "--prometheus \"localhost:9090\" is not an http(s) URL"},
		{[]string{"--nope"}, "unknown flag: --nope"},
		{[]string{"extra"}, "unknown command"},
	} {
		r := runInProcess(t, t.TempDir(), nil, append([]string{"verify"}, c.args...)...)
		if r.Code != 2 || !strings.Contains(r.Stderr, c.want) {
			t.Errorf("verify %v: exit %d, stderr %q; want 2 and %q", c.args, r.Code, r.Stderr, c.want)
		}
	}
}

// portsConfig writes a labctl.yaml whose every port is free: nothing answers.
func portsConfig(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("ports:\n")
	for _, k := range []string{"backend", "jaeger_ui", "jaeger_grpc", "otlp_grpc", "otlp_http", "collector_health",
		"collector_metrics", "collector_prometheus", "prometheus", "postgres"} {
		b.WriteString("  " + k + ": " + strconv.Itoa(testbed.FreePort(t)) + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "labctl.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyNothingAnswers(t *testing.T) {
	dir := t.TempDir()
	portsConfig(t, dir)
	r := runInProcess(t, dir, nil, "verify", "--format", "json")
	if r.Code != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", r.Code, r.Stderr)
	}
	// One error line (after the line saying what is checked)...
	var errs []string
	for _, l := range strings.Split(strings.TrimSpace(r.Stderr), "\n") {
		if strings.HasPrefix(l, "labctl: ") {
			errs = append(errs, l)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "nothing answers at 127.0.0.1:") || !strings.HasSuffix(errs[0], "run labctl up") {
		t.Errorf("stderr %q, want one error line: nothing answers at ...; run labctl up", r.Stderr)
	}
	// ...and, with --format json, the same error as JSON on stdout.
	if !strings.Contains(r.Stdout, `"error": "the lab is not running: nothing answers at`) {
		t.Errorf("stdout %q, want the error as JSON", r.Stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, ".labctl", "verify.json")); err == nil {
		t.Error("verify.json written although nothing ran")
	}
}

// Nothing answers and neither does the Docker engine (Docker Desktop quit):
// the fix starts with starting Docker, which labctl up alone would not do.
func TestVerifyNothingAnswersEngineDown(t *testing.T) {
	dir := t.TempDir()
	portsConfig(t, dir)
	r := runInProcess(t, dir, []string{"DOCKER_HOST=unix:///nonexistent/docker.sock"}, "verify", "--timeout", "5s")
	if r.Code != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", r.Code, r.Stderr)
	}
	want := "; the Docker engine at unix:///nonexistent/docker.sock (DOCKER_HOST) does not answer either: start Docker (Docker Desktop, or dockerd), then run labctl up"
	last := strings.TrimSpace(r.Stderr)
	if i := strings.LastIndex(last, "\n"); i >= 0 {
		last = last[i+1:]
	}
	if !strings.HasPrefix(last, "labctl: the lab is not running: nothing answers at 127.0.0.1:") || !strings.HasSuffix(last, want) {
		t.Errorf("last stderr line %q, want nothing answers at ...%s", last, want)
	}
}

type junitCase struct {
	Name    string `xml:"name,attr"`
	Failure *struct {
		Message string `xml:"message,attr"`
	} `xml:"failure"`
}

type junitFile struct {
	XMLName xml.Name `xml:"testsuites"`
	Suites  []struct {
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Cases    []junitCase `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, path string) junitFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j junitFile
	if err := xml.Unmarshal(b, &j); err != nil {
		t.Fatalf("JUnit XML does not parse: %v\n%s", err, b)
	}
	if len(j.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(j.Suites))
	}
	return j
}

func TestVerifyRealLabCLI(t *testing.T) {
	testbed.SkipShort(t, "starts PostgreSQL, Jaeger, the Collector, Prometheus and the backend")
	l := labtest.Start(t)
	l.StartCollector(t, labtest.Good)
	l.StartPrometheus(t)
	dir := t.TempDir()
	l.WriteConfig(t, dir)

	t.Run("passes: JSON only on stdout, JUnit, verify.json", func(t *testing.T) {
		r := runLabctl(t, dir, nil, "verify", "--format", "json", "--junit", "junit.xml", "--timeout", "60s")
		if r.Code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
		}
		var res checks.Result
		dec := json.NewDecoder(strings.NewReader(r.Stdout))
		if err := dec.Decode(&res); err != nil || dec.More() {
			t.Fatalf("stdout is not exactly one JSON result (%v):\n%s", err, r.Stdout)
		}
		if !res.Passed || len(res.Checks) != 8 || res.Service != "backend-service" || res.Topology != "collector" {
			t.Errorf("result %+v", res)
		}
		saved, err := checks.Load(filepath.Join(dir, ".labctl", "verify.json"))
		if err != nil || !saved.StartedAt.Equal(res.StartedAt) || len(saved.Checks) != 8 {
			t.Errorf("verify.json: %v, %+v", err, saved)
		}
		j := readJUnit(t, filepath.Join(dir, "junit.xml"))
		if s := j.Suites[0]; s.Tests != 8 || s.Failures != 0 {
			t.Errorf("JUnit tests=%d failures=%d, want 8 and 0", s.Tests, s.Failures)
		}
		if !strings.Contains(r.Stderr, "verify: sending 4 requests") {
			t.Errorf("no progress on stderr:\n%s", r.Stderr)
		}
	})

	t.Run("wrong service name: exit 1, text and JUnit carry the diagnosis", func(t *testing.T) {
		r := runLabctl(t, dir, nil, "verify", "--service", "shop-backend", "--timeout", "4s", "--junit", "junit.xml")
		if r.Code != 1 {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, r.Stderr)
		}
		for _, want := range []string{
			"✗ jaeger_service", `Jaeger has spans from "backend-service" but none from "shop-backend"`,
			"✓ collector_pipeline", "verify failed",
		} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, r.Stdout)
			}
		}
		if !strings.Contains(r.Stderr, "labctl: verify failed: jaeger_service, http_server_span") {
			t.Errorf("stderr does not name the failed checks:\n%s", r.Stderr)
		}
		j := readJUnit(t, filepath.Join(dir, "junit.xml"))
		var found bool
		for _, c := range j.Suites[0].Cases {
			if strings.HasPrefix(c.Name, "jaeger_service:") {
				found = c.Failure != nil && strings.Contains(c.Failure.Message, "OTEL_RESOURCE_ATTRIBUTES=service.name=shop-backend")
			}
		}
		if !found || j.Suites[0].Failures == 0 {
			t.Errorf("JUnit has no jaeger_service failure with the diagnosis: %+v", j)
		}
		saved, err := checks.Load(filepath.Join(dir, ".labctl", "verify.json"))
		if err != nil || saved.Passed || saved.Service != "shop-backend" {
			t.Errorf("verify.json not replaced by the failing run: %v %+v", err, saved)
		}
	})
}
