package cli_test

// labctl up / status / logs / down through the real binary and the real
// Docker engine. The fast tests use tiny fake images (stacktest); the
// end-to-end test uses the test bed's images of the real components.

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

var labPortKeys = []string{"backend", "jaeger_ui", "jaeger_grpc", "otlp_grpc", "otlp_http", "collector_health",
	"collector_metrics", "collector_prometheus", "prometheus", "postgres"}

// engineLab is a lab directory with a labctl.yaml of its own project and
// free ports; its project is removed (down --volumes) when the test ends.
type engineLab struct {
	t       *testing.T
	dir     string
	project string
	ports   map[string]int
	cli     *client.Client
}

func newEngineLab(t *testing.T, images map[string]string, extra string) *engineLab {
	t.Helper()
	testbed.RequireDocker(t)
	cli, _, err := dockerx.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cli.Close() })
	l := &engineLab{t: t, dir: t.TempDir(), cli: cli, ports: map[string]int{}}
	l.project = enginetest.ProjectName(t, "lc")
	var b strings.Builder
	fmt.Fprintf(&b, "project: %s\nimages:\n", l.project)
	for _, k := range []string{"jaeger", "collector", "postgres", "prometheus", "python"} {
		if images[k] != "" {
			fmt.Fprintf(&b, "  %s: %s\n", k, images[k])
		}
	}
	b.WriteString("ports:\n")
	for _, k := range labPortKeys {
		l.ports[k] = testbed.FreePort(t)
		fmt.Fprintf(&b, "  %s: %d\n", k, l.ports[k])
	}
	b.WriteString(extra)
	if err := os.WriteFile(filepath.Join(l.dir, "labctl.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			r := l.run("logs", "--tail", "30")
			t.Logf("labctl logs:\n%s%s", r.Stdout, r.Stderr)
		}
		if r := l.run("down", "--volumes"); r.Code != 0 {
			t.Errorf("cleanup: labctl down: %d %s", r.Code, r.Stderr)
		}
		ctx := context.Background()
		_, _ = cli.ImageRemove(ctx, l.project+"-backend", client.ImageRemoveOptions{Force: true})
	})
	return l
}

func fakeImages(t *testing.T) map[string]string {
	t.Helper()
	testbed.RequireDocker(t)
	cli, _, err := dockerx.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	enginetest.FakeImages(t, cli)
	return map[string]string{"jaeger": enginetest.FakeOK, "collector": enginetest.FakeOK, "postgres": enginetest.FakeOK,
		"prometheus": enginetest.FakeOK, "python": enginetest.FakeOK}
}

func (l *engineLab) run(args ...string) cliResult {
	l.t.Helper()
	return l.runEnv(nil, args...)
}

func (l *engineLab) runEnv(env []string, args ...string) cliResult {
	l.t.Helper()
	start := time.Now()
	r := runLabctl(l.t, l.dir, env, args...)
	l.t.Logf("labctl %s → %d in %s\n%s%s", strings.Join(args, " "), r.Code, time.Since(start).Round(time.Millisecond), r.Stdout, r.Stderr)
	return r
}

func (l *engineLab) projectContainers() map[string]container.Summary {
	l.t.Helper()
	return enginetest.Containers(l.t, l.cli, l.project)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func TestUpUnreachableEngine(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"up"}, {"status"}, {"down"}, {"logs"}} {
		r := runLabctl(t, dir, []string{"DOCKER_HOST=unix:///nonexistent.sock"}, args...)
		line := lastLine(r.Stderr)
		if r.Code != 2 || !strings.Contains(line, "cannot reach the Docker engine at unix:///nonexistent.sock") ||
			!strings.Contains(line, "set DOCKER_HOST") || strings.Count(r.Stderr, "labctl:") != 1 {
			t.Errorf("%v: code %d, stderr %q", args, r.Code, r.Stderr)
		}
	}
}

func TestUpDockerContext(t *testing.T) {
	// The current context of ~/.docker/config.json names the endpoint.
	home := t.TempDir()
	cfgDir := filepath.Join(home, ".docker")
	// Contexts live in contexts/meta/<sha256 of the name>/meta.json.
	dir := filepath.Join(cfgDir, "contexts", "meta", sha256Hex("labctl-test"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		filepath.Join(dir, "meta.json"):      `{"Name":"labctl-test","Endpoints":{"docker":{"Host":"unix:///nonexistent-ctx.sock"}}}`,
		filepath.Join(cfgDir, "config.json"): `{"currentContext":"labctl-test"}`,
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runLabctl(t, t.TempDir(), []string{"DOCKER_HOST=", "DOCKER_CONFIG=" + cfgDir}, "status")
	if r.Code != 2 || !strings.Contains(r.Stderr, "unix:///nonexistent-ctx.sock (context labctl-test)") {
		t.Errorf("code %d, stderr %q", r.Code, r.Stderr)
	}
}

func TestUpStatusLogsDownFake(t *testing.T) {
	l := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeOK+"\n")
	r := l.run("up", "--pull", "never", "--timeout", "1m")
	if r.Code != 0 {
		t.Fatalf("up: %d", r.Code)
	}
	for _, want := range []string{"SERVICE", "jaeger", fmt.Sprintf("http://127.0.0.1:%d (Jaeger UI)", l.ports["jaeger_ui"]),
		fmt.Sprintf("postgres://postgres@127.0.0.1:%d/lab", l.ports["postgres"])} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("up output lacks %q", want)
		}
	}
	secrets, _ := os.ReadFile(filepath.Join(l.dir, ".labctl", render.FileSecrets))
	for _, line := range strings.Split(string(secrets), "\n") {
		if _, v, ok := strings.Cut(line, "="); ok && len(v) > 8 && strings.Contains(r.Stdout+r.Stderr, v) {
			t.Errorf("up printed a secret from secrets.env")
		}
	}
	first := l.projectContainers()
	r = l.run("up", "--pull", "never")
	if r.Code != 0 || !strings.Contains(r.Stderr, "nothing changed") {
		t.Errorf("second up: %d", r.Code)
	}
	for svc, c := range l.projectContainers() {
		if first[svc].ID != c.ID {
			t.Errorf("%s recreated by an unchanged up", svc)
		}
	}
	if r = l.run("status"); r.Code != 0 || strings.Count(r.Stdout, " yes ") != 5 {
		t.Errorf("status: %d", r.Code)
	}
	if r = l.run("ps", "--format", "json"); r.Code != 0 || !strings.Contains(r.Stdout, `"ready": true`) {
		t.Errorf("ps --format json: %d", r.Code)
	}
	if r = l.run("logs", "collector", "--tail", "5"); r.Code != 0 || !strings.Contains(r.Stdout, "fakesvc: listening") || strings.Contains(r.Stdout, " | ") {
		t.Errorf("logs collector: %d", r.Code)
	}
	if r = l.run("logs", "nope"); r.Code != 2 || !strings.Contains(r.Stderr, `has no service "nope"; its services: backend, collector`) {
		t.Errorf("logs nope: %d", r.Code)
	}
	// One container stopped: status says so, exit 1; up starts it again.
	if _, err := l.cli.ContainerStop(context.Background(), first["prometheus"].ID, client.ContainerStopOptions{}); err != nil {
		t.Fatal(err)
	}
	if r = l.run("status"); r.Code != 1 || !strings.Contains(r.Stderr, "1 of 5 services not ready: prometheus") {
		t.Errorf("status with prometheus stopped: %d", r.Code)
	}
	if r = l.run("up"); r.Code != 0 || !strings.Contains(r.Stderr, "started prometheus") {
		t.Errorf("up after a stop: %d", r.Code)
	}
	if r = l.run("down"); r.Code != 0 || !strings.Contains(r.Stderr, "removed 5 containers, 1 network of project") {
		t.Errorf("down: %d", r.Code)
	}
	if r = l.run("down", "--volumes"); r.Code != 0 || !strings.Contains(r.Stderr, "removed 1 volume") {
		t.Errorf("down --volumes: %d", r.Code)
	}
	if r = l.run("down", "--volumes"); r.Code != 0 || !strings.Contains(r.Stderr, "nothing to remove") {
		t.Errorf("second down: %d", r.Code)
	}
	if r = l.run("status"); r.Code != 1 {
		t.Errorf("status after down: %d", r.Code)
	}
}

func TestUpPortTaken(t *testing.T) {
	l := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeOK+"\n")
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", l.ports["jaeger_ui"]))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := l.run("up", "--pull", "never")
	want := fmt.Sprintf("port %d on 127.0.0.1 is already in use, so jaeger cannot publish it; stop what listens there, or set ports.jaeger_ui in labctl.yaml", l.ports["jaeger_ui"])
	if r.Code != 2 || !strings.Contains(lastLine(r.Stderr), want) {
		t.Errorf("code %d, want 2 and %q", r.Code, want)
	}
	if n := len(l.projectContainers()); n != 0 {
		t.Errorf("%d containers left after a port conflict", n)
	}
}

func TestUpNeverReadyFake(t *testing.T) {
	l := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	r := l.run("up", "--pull", "never", "--timeout", "8s")
	line := lastLine(r.Stderr)
	if r.Code != 1 || !strings.Contains(line, "backend is not ready after") ||
		!strings.Contains(line, fmt.Sprintf("GET http://127.0.0.1:%d/", l.ports["backend"])) ||
		!strings.Contains(r.Stderr, "backend | fakesvc: listening") {
		t.Errorf("code %d", r.Code)
	}
}

// A backend whose build fails: exit 1, the failing step and the end of the
// build log on stderr, and no container started.
func TestUpBuildFailureFake(t *testing.T) {
	ctxDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(ctxDir, "Dockerfile"), []byte("FROM "+enginetest.FakeOK+"\nRUN [\"/fakesvc\", \"fail\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newEngineLab(t, fakeImages(t), "backend:\n  path: "+ctxDir+"\n")
	r := l.run("up", "--pull", "never", "--timeout", "30s")
	if r.Code != 1 || !strings.Contains(r.Stderr, `RUN ["/fakesvc", "fail"]`) || !strings.Contains(r.Stderr, "failing on purpose") ||
		!strings.Contains(r.Stderr, "last lines of the backend build log") {
		t.Errorf("code %d, stderr:\n%s", r.Code, r.Stderr)
	}
	for svc, c := range l.projectContainers() {
		if c.State == container.StateRunning {
			t.Errorf("%s runs after the backend's build failed", svc)
		}
	}
}

func TestUpMissingImagePullNever(t *testing.T) {
	images := fakeImages(t)
	images["prometheus"] = "labctl-fake/absent:1"
	l := newEngineLab(t, images, "backend:\n  image: "+enginetest.FakeOK+"\n")
	r := l.run("up", "--pull", "never")
	if r.Code != 2 || !strings.Contains(lastLine(r.Stderr), "image labctl-fake/absent:1 (prometheus) is not on this machine") ||
		!strings.Contains(r.Stderr, "images.prometheus") {
		t.Errorf("code %d", r.Code)
	}
	if r = l.run("up", "--pull", "sometimes"); r.Code != 2 || !strings.Contains(r.Stderr, "use missing, always or never") {
		t.Errorf("bad --pull: %d", r.Code)
	}
}

func TestUpPullFailureNamesImageAndKey(t *testing.T) {
	l := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeOK+"\n")
	// Nothing can be pulled here: --pull always fails on the first image.
	r := l.run("up", "--pull", "always", "--timeout", "30s")
	line := lastLine(r.Stderr)
	if r.Code != 2 || !strings.Contains(line, "pull image "+enginetest.FakeOK) ||
		!strings.Contains(line, "check the name and the registry, or set ") || !strings.Contains(line, " in labctl.yaml") {
		t.Errorf("exit %d: %s", r.Code, line)
	}
	if n := len(l.projectContainers()); n != 0 {
		t.Errorf("%d containers created after a failed pull", n)
	}
}

func TestUpInterruptStopsPromptlyDownCleans(t *testing.T) {
	l := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	cmd := exec.Command(labctlBin, "up", "--pull", "never", "--timeout", "2m")
	cmd.Dir = l.dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the backend has been started and is being waited for.
	deadline := time.Now().Add(time.Minute)
	for len(l.projectContainers()) < 5 || l.projectContainers()["backend"].State != container.StateRunning {
		if time.Now().After(deadline) {
			t.Fatal("backend never started")
		}
		time.Sleep(100 * time.Millisecond)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(sent)
	t.Logf("exit after %s: %v\n%s", took, err, stderr.String())
	if took > 3*time.Second {
		t.Errorf("up took %s to stop after Ctrl-C", took)
	}
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("exit: %v", err)
	}
	// Counted before any down: what the interrupted up started is left,
	// and the message names the command that removes it.
	if n := len(l.projectContainers()); n != 5 || !strings.Contains(stderr.String(), "run labctl down") {
		t.Errorf("after Ctrl-C: %d containers (want the 5 created), stderr %q", n, stderr.String())
	}
	if r := l.run("down", "--volumes"); r.Code != 0 {
		t.Fatalf("down: exit %d", r.Code)
	}
	if n := len(l.projectContainers()); n != 0 {
		t.Errorf("%d containers left after down", n)
	}
}

// A second lab folder with the same project name: its up must not start
// PostgreSQL on the first folder's volume, initialised with other passwords.
// It refuses before changing anything and names the ways out; with the
// first folder's secrets.env restored, it takes the project over and says
// so.
func TestUpSecondFolderOfTheSameProject(t *testing.T) {
	a := newEngineLab(t, fakeImages(t), "backend:\n  image: "+enginetest.FakeOK+"\n")
	if r := a.run("up", "--pull", "never", "--timeout", "1m"); r.Code != 0 {
		t.Fatalf("up in the first folder: %d", r.Code)
	}
	before := a.projectContainers()
	b := &engineLab{t: t, dir: t.TempDir(), project: a.project, ports: a.ports, cli: a.cli}
	config, err := os.ReadFile(filepath.Join(a.dir, "labctl.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "labctl.yaml"), config, 0o644); err != nil {
		t.Fatal(err)
	}

	r := b.run("up", "--pull", "never", "--timeout", "1m")
	line := lastLine(r.Stderr)
	if strings.Contains(r.Stdout+r.Stderr, "replaced by this folder's") {
		t.Error("a refused up says it replaces the containers")
	}
	for _, w := range []string{a.project + "_pgdata", "other passwords", "the project runs from " + a.dir, "labctl down --volumes", "secrets.env"} {
		if !strings.Contains(line, w) {
			t.Errorf("up in the second folder: the last line lacks %q: %q", w, line)
		}
	}
	if r.Code != 2 {
		t.Errorf("up in the second folder: exit %d, want 2", r.Code)
	}
	after := a.projectContainers()
	if len(after) != len(before) {
		t.Fatalf("containers %d, then %d after the refused up", len(before), len(after))
	}
	for name, c := range before {
		if got := after[name]; got.ID != c.ID || got.State != "running" {
			t.Errorf("%s: %s %s, then %s %s: the refused up touched it", name, c.ID[:12], c.State, got.ID, got.State)
		}
	}

	// The student restores the first folder's secrets.env.
	secrets, err := os.ReadFile(filepath.Join(a.dir, ".labctl", render.FileSecrets))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, ".labctl", render.FileSecrets), secrets, 0o600); err != nil {
		t.Fatal(err)
	}
	r = b.run("up", "--pull", "never", "--timeout", "1m")
	if r.Code != 0 {
		t.Fatalf("up with the secrets restored: exit %d", r.Code)
	}
	if out := r.Stdout + r.Stderr; !strings.Contains(out, "project "+a.project+" runs from "+a.dir) || !strings.Contains(out, "replaced by this folder's") {
		t.Errorf("the takeover is not said:\n%s", out)
	}
}
