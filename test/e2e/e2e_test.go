// Package e2e runs the crown of the test suite: the real labctl binary takes
// the lab through up → verify → report → down on the real Docker engine,
// with the test bed's images of the real components.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg/msgtest"

	"github.com/moby/moby/client"
	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/testutil"
	"github.com/labctl/labctl/templates"
)

type run struct {
	code           int
	stdout, stderr string
}

type lab struct {
	t   *testing.T
	bin string
	dir string
}

func (l *lab) labctl(args ...string) run {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.bin, args...)
	cmd.Dir = l.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{stdout: out.String(), stderr: errb.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		l.t.Fatalf("labctl %v: %v", args, err)
	}
	l.t.Logf("labctl %s → %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	if len(args) > 0 && args[0] == "up" {
		stackUp(l.t) // the lab is up and now waits: the next stack may start
	}
	return r
}

// bedConfig is test/bed/labctl.yaml with a project name and ports of this test's own.
func bedConfig(t *testing.T, project string, extra map[string]any) []byte {
	t.Helper()
	data, err := os.ReadFile(testbed.LabConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	cfg["project"] = project
	ports := map[string]int{}
	for _, k := range []string{"backend", "jaeger_ui", "jaeger_grpc", "otlp_grpc", "otlp_http", "collector_health",
		"collector_metrics", "collector_prometheus", "prometheus", "postgres"} {
		ports[k] = testbed.FreePort(t)
	}
	cfg["ports"] = ports
	for k, v := range extra {
		cfg[k] = v
	}
	out, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newLab builds labctl (once), writes a labctl.yaml for the test bed in a fresh
// directory, and brings the lab down when the test ends.
func newLab(t *testing.T, extra map[string]any) (*lab, *client.Client, string) {
	t.Helper()
	testbed.RequireDocker(t)
	for _, img := range []string{testbed.ImageJaeger, testbed.ImageCollector, testbed.ImagePostgres, testbed.ImagePrometheus, testbed.ImagePython} {
		testbed.RequireImage(t, img)
	}
	// One build per test binary, shared with the student and class tests.
	bin, err := labctlBin()
	if err != nil {
		t.Fatal(err)
	}
	project := fmt.Sprintf("e2e-%d", time.Now().UnixNano()%1_000_000)
	l := &lab{t: t, bin: bin, dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(l.dir, "labctl.yaml"), bedConfig(t, project, extra), 0o644); err != nil {
		t.Fatal(err)
	}
	docker, err := client.New(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			l.labctl("logs", "--tail", "40")
		}
		l.labctl("down", "--volumes")
		docker.Close()
	})
	return l, docker, project
}

// The lab's first step: the backend sends straight to Jaeger. verify passes
// without the Collector check, which does not apply.
func TestDirectTopology(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	l, docker, project := newLab(t, map[string]any{"topology": "direct"})
	if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
		t.Fatalf("up failed (%d)", r.code)
	}
	r := l.labctl("verify", "--timeout", "2m", "--format", "json")
	if r.code != 0 {
		t.Fatalf("verify failed (%d)", r.code)
	}
	var res checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	// Every check passes but the Collector's, skipped; a check missing from
	// the result fails too.
	want := map[string]checks.Status{}
	for _, id := range allChecks {
		want[id] = checks.Pass
	}
	want[checks.IDCollector] = checks.Skip
	wantStatuses(t, res, want)
	if res.Topology != "direct" {
		t.Errorf("result topology %q", res.Topology)
	}
	if r := l.labctl("down", "--volumes"); r.code != 0 {
		t.Fatalf("down failed (%d)", r.code)
	}
	assertGone(t, docker, project)
}

// The course text's first step exactly: Jaeger v1 all-in-one with
// COLLECTOR_OTLP_ENABLED=true, the backend sending straight to it.
func TestJaegerV1Direct(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	testbed.RequireImage(t, testbed.ImageJaegerV1)
	l, docker, project := newLab(t, map[string]any{"topology": "direct", "jaeger": "v1"})
	cfg, err := os.ReadFile(filepath.Join(l.dir, "labctl.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The bed's labctl.yaml names the v2 image; point images.jaeger at v1.
	var m map[string]any
	if err := yaml.Unmarshal(cfg, &m); err != nil {
		t.Fatal(err)
	}
	m["images"].(map[string]any)["jaeger"] = testbed.ImageJaegerV1
	out, _ := yaml.Marshal(m)
	if err := os.WriteFile(filepath.Join(l.dir, "labctl.yaml"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
		t.Fatalf("up failed (%d)", r.code)
	}
	// Jaeger v1 runs (the container's image), and verify checked the
	// direct topology on it: spans straight from the backend, the
	// Collector check skipped as not part of this step.
	ins, err := docker.ContainerInspect(context.Background(), project+"-jaeger-1", client.ContainerInspectOptions{})
	if err != nil || ins.Container.Config.Image != testbed.ImageJaegerV1 {
		t.Fatalf("jaeger container: %v, image %v", err, ins.Container.Config)
	}
	r := l.labctl("verify", "--timeout", "2m", "--format", "json")
	if r.code != 0 {
		t.Fatalf("verify failed (%d)", r.code)
	}
	var res checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	status := map[string]checks.Status{}
	for _, c := range res.Checks {
		status[c.ID] = c.Status
	}
	if res.Topology != "direct" || status[checks.IDServerSpan] != checks.Pass || status[checks.IDJaegerService] != checks.Pass ||
		status[checks.IDCollector] != checks.Skip {
		t.Errorf("verify on v1 direct: topology %q, checks %v", res.Topology, status)
	}
	if r := l.labctl("down", "--volumes"); r.code != 0 {
		t.Fatalf("down failed (%d)", r.code)
	}
	assertGone(t, docker, project)
}

// A student's own backend (backend.path): built from its own Dockerfile,
// probed on GET /, and with its database layer not instrumented, so the
// PostgreSQL span is only a bonus: verify still passes.
func TestOwnBackendWithoutDBInstrumentation(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	own := filepath.Join(t.TempDir(), "backend")
	if err := os.CopyFS(own, templates.Backend()); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		t.Helper()
		path := filepath.Join(own, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Its own base image (labctl passes no build args to a user's backend)...
	edit("Dockerfile", "ARG PYTHON_IMAGE=python:3.12.12-slim-bookworm", "ARG PYTHON_IMAGE="+testbed.ImagePython)
	// ...and only the lab's FastAPI lines, no SQLAlchemy instrumentation.
	edit(filepath.Join("backend", "main.py"), "SQLAlchemyInstrumentor().instrument(engine=engine)", "")

	l, _, _ := newLab(t, map[string]any{"backend": map[string]any{"path": own}})
	if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
		t.Fatalf("up failed (%d)", r.code)
	}
	r := l.labctl("verify", "--timeout", "20s", "--format", "json")
	if r.code != 0 {
		t.Fatalf("verify failed (%d): a missing DB span must not fail a student's own backend", r.code)
	}
	var res checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	// Every check passes but the PostgreSQL span, a bonus that fails; a
	// check missing from the result fails too.
	want := map[string]checks.Status{}
	for _, id := range allChecks {
		want[id] = checks.Pass
	}
	want[checks.IDDBSpan] = checks.Fail
	wantStatuses(t, res, want)
	if db := testutil.Found(t, res.Outcome(checks.IDDBSpan), checks.IDDBSpan); db.Level != checks.Bonus {
		t.Errorf("db_client_span: level %s; want a bonus", db.Level)
	}
}

func TestUpVerifyReportDown(t *testing.T) {
	t.Parallel()
	takeSlot(t)
	l, docker, project := newLab(t, nil)

	// up: every service ready.
	if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
		t.Fatalf("up failed (%d)", r.code)
	}

	// docker compose sees the stack labctl started as its own project.
	compose := testbed.Bin(t, "docker-compose")
	out, err := exec.Command(compose, "-p", project, "ps", "--quiet").CombinedOutput()
	if err != nil {
		t.Fatalf("docker compose -p %s ps: %v\n%s", project, err, out)
	}
	if n := len(strings.Fields(string(out))); n != 5 {
		t.Errorf("docker compose -p %s ps lists %d containers, want 5:\n%s", project, n, out)
	}

	// verify: passes, in JSON and JUnit that machines can read.
	junit := filepath.Join(l.dir, "junit.xml")
	r := l.labctl("verify", "--timeout", "2m", "--format", "json", "--junit", junit)
	if r.code != 0 {
		t.Fatalf("verify failed (%d)", r.code)
	}
	var res checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("verify --format json printed something else than JSON: %v", err)
	}
	if !res.Passed || len(res.Checks) < 5 {
		t.Fatalf("verify result: passed=%v, %d checks", res.Passed, len(res.Checks))
	}
	traceID := ""
	for _, c := range res.Checks {
		if c.Level == checks.Required && c.Status != checks.Pass {
			t.Errorf("required check %s: %s", c.ID, c.Status)
		}
		if id := c.Facts["trace_id"]; id != "" {
			traceID = id
		}
	}
	if traceID == "" {
		t.Error("no check reported the trace it found")
	}
	var suites struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &suites); err != nil || len(suites.Suites) == 0 || suites.Suites[0].Failures != 0 ||
		suites.Suites[0].Tests != len(res.Checks) {
		t.Errorf("junit: %v %+v, want one test per check (%d) and no failure", err, suites, len(res.Checks))
	}
	verifyOut := r.stdout + r.stderr

	// report: the estimate-vs-actual table and the verify result, in French.
	for _, args := range [][]string{
		{"task", "add", "Instrumenter FastAPI", "--estimate", "1h"},
		{"task", "set", "Instrumenter FastAPI", "--spent", "1h30", "--comment", "SQLAlchemy en plus"},
	} {
		if r := l.labctl(args...); r.code != 0 {
			t.Fatalf("%v failed", args)
		}
	}
	if r := l.labctl("report", "--lang", "fr", "--mr-url", "https://gitlab.example/mr/1"); r.code != 0 {
		t.Fatal("report failed")
	}
	report, err := os.ReadFile(filepath.Join(l.dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Columns are padded for people: compare with runs of spaces folded.
	folded := strings.Join(strings.Fields(string(report)), " ")
	for _, want := range []string{"| Tâche | Temps estimé | Temps passé | Commentaire |", "| Instrumenter FastAPI | 1h | 1h30 | SQLAlchemy en plus |", "1h30", traceID, "https://gitlab.example/mr/1", "```mermaid"} {
		if !strings.Contains(folded, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	// A French student's report.md says nothing in English (issue 21).
	for _, w := range msgtest.EnglishWords(string(report)) {
		t.Errorf("report.md is French but has an English word: %s", w)
	}
	// No generated secret in anything labctl printed or wrote for people
	// and machines: verify's output, verify.json, the JUnit file, the
	// report, status and logs.
	secrets, err := os.ReadFile(filepath.Join(l.dir, ".labctl", "secrets.env"))
	if err != nil {
		t.Fatalf("read secrets.env: %v", err)
	}
	verifyJSON, err := os.ReadFile(filepath.Join(l.dir, ".labctl", "verify.json"))
	if err != nil {
		t.Fatalf("read verify.json: %v", err)
	}
	st, lg := l.labctl("status"), l.labctl("logs", "--tail", "200")
	outputs := map[string]string{"verify's output": verifyOut, "verify.json": string(verifyJSON), "the JUnit file": string(data),
		"report.md": string(report), "status": st.stdout + st.stderr, "logs": lg.stdout + lg.stderr}
	n := 0
	for _, line := range strings.Split(string(secrets), "\n") {
		_, pw, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") || pw == "" {
			continue
		}
		n++
		for name, text := range outputs {
			if strings.Contains(text, pw) {
				t.Errorf("%s contains a secret of secrets.env", name)
			}
		}
	}
	if n < 2 {
		t.Errorf("secrets.env holds %d passwords, want 2", n)
	}

	// A broken pipeline: with the Collector stopped, verify fails and says so.
	ctx := context.Background()
	stop := 1
	if _, err := docker.ContainerStop(ctx, project+"-collector-1", client.ContainerStopOptions{Timeout: &stop}); err != nil {
		t.Fatalf("stop collector: %v", err)
	}
	r = l.labctl("verify", "--timeout", "20s", "--format", "json")
	if r.code != 1 {
		t.Errorf("verify with the Collector stopped: exit %d, want 1", r.code)
	}
	// The Collector check itself fails, and its diagnosis says the Collector
	// does not answer and how to start it (not merely the word "collector",
	// which every run prints in collector_pipeline).
	var broken checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &broken); err != nil {
		t.Fatalf("verify printed no JSON result: %v", err)
	}
	if c := testutil.Found(t, broken.Outcome(checks.IDCollector), checks.IDCollector); c.Status != checks.Fail || !strings.Contains(c.Diagnosis, "the Collector does not answer") || !strings.Contains(c.Diagnosis, "labctl up") {
		t.Errorf("collector_pipeline with the Collector stopped: %s, diagnosis %q", c.Status, c.Diagnosis)
	}

	// down: nothing of the project remains.
	if r := l.labctl("down", "--volumes"); r.code != 0 {
		t.Fatalf("down failed (%d)", r.code)
	}
	assertGone(t, docker, project)
}

func assertGone(t *testing.T, docker *client.Client, project string) {
	t.Helper()
	ctx := context.Background()
	filter := client.Filters{}.Add("label", "com.docker.compose.project="+project)
	cs, err := docker.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: filter})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cs.Items); n != 0 {
		t.Errorf("%d containers of %s remain after down", n, project)
	}
	nets, err := docker.NetworkList(ctx, client.NetworkListOptions{Filters: filter})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(nets.Items); n != 0 {
		t.Errorf("%d networks of %s remain after down", n, project)
	}
	vols, err := docker.VolumeList(ctx, client.VolumeListOptions{Filters: filter})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(vols.Items); n != 0 {
		t.Errorf("%d volumes of %s remain after down --volumes", n, project)
	}
}
