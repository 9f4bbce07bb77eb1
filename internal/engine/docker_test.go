package engine_test

// Engine tests against the real Docker engine with tiny local images
// (enginetest: FROM scratch + one static binary), so create, labels,
// idempotence, recreation, readiness failures and down run in seconds.

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/engine/enginetest"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/testbed"
)

// fakeLab is one lab on fake images, with its own project and ports.
type fakeLab struct {
	t       *testing.T
	cli     *client.Client
	cfg     *config.Config
	dir     string
	project *types.Project
	events  []engine.Event
	mu      sync.Mutex
}

func dockerClient(t *testing.T) *client.Client {
	t.Helper()
	testbed.RequireDocker(t)
	cli, _, err := dockerx.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cli.Close() })
	enginetest.FakeImages(t, cli)
	return cli
}

// newFakeLab writes a labctl.yaml on the fake images (extra YAML appended)
// and renders it. The project is removed when the test ends.
func newFakeLab(t *testing.T, extra string) *fakeLab {
	t.Helper()
	cli := dockerClient(t)
	base := t.TempDir()
	name := enginetest.ProjectName(t, "lt")
	var ports strings.Builder
	for _, k := range []string{"backend", "jaeger_ui", "jaeger_grpc", "otlp_grpc", "otlp_http", "collector_health",
		"collector_metrics", "collector_prometheus", "prometheus", "postgres"} {
		fmt.Fprintf(&ports, "  %s: %d\n", k, testbed.FreePort(t))
	}
	yaml := fmt.Sprintf("project: %s\nimages:\n  jaeger: %s\n  collector: %s\n  postgres: %s\n  prometheus: %s\n  python: %s\nports:\n%s",
		name, enginetest.FakeOK, enginetest.FakeOK, enginetest.FakeOK, enginetest.FakeOK, enginetest.FakeOK, ports.String())
	if !strings.Contains(extra, "backend:") {
		yaml += "backend:\n  image: " + enginetest.FakeOK + "\n"
	}
	yaml += extra
	path := filepath.Join(base, "labctl.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	l := &fakeLab{t: t, cli: cli, cfg: cfg, dir: filepath.Join(base, ".labctl")}
	l.render()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := l.engine().Down(ctx, cfg.Project, engine.DownOptions{Volumes: true}); err != nil {
			t.Errorf("cleanup down: %v", err)
		}
		_, _ = cli.ImageRemove(ctx, engine.BuildImageName(cfg.Project, render.SvcBackend), client.ImageRemoveOptions{Force: true})
	})
	return l
}

func (l *fakeLab) render() {
	l.t.Helper()
	if _, err := render.Render(l.cfg, l.dir); err != nil {
		l.t.Fatal(err)
	}
	p, err := render.LoadProject(context.Background(), l.dir, l.cfg.Project)
	if err != nil {
		l.t.Fatal(err)
	}
	l.project = p
}

func (l *fakeLab) engine() *engine.Engine {
	return engine.NewEngine(l.cli, true, func(ev engine.Event) {
		l.mu.Lock()
		l.events = append(l.events, ev)
		l.mu.Unlock()
	})
}

func (l *fakeLab) up(timeout time.Duration) (*engine.UpResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return l.engine().Up(ctx, l.project, render.EngineHints(l.cfg), engine.UpOptions{Pull: engine.PullNever, Timeout: timeout})
}

func (l *fakeLab) containers() map[string]container.Summary {
	l.t.Helper()
	return enginetest.Containers(l.t, l.cli, l.cfg.Project)
}

func ids(m map[string]container.Summary) map[string]string {
	out := map[string]string{}
	for k, c := range m {
		out[k] = c.ID
	}
	return out
}

func TestEngineUpIdempotentRecreateDown(t *testing.T) {
	l := newFakeLab(t, "")
	res, err := l.up(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 5 || res.Elapsed > 30*time.Second {
		t.Fatalf("first up: created %v in %s", res.Created, res.Elapsed)
	}
	for _, s := range res.Services {
		if !s.Ready || s.State != "running" {
			t.Errorf("%s: %+v", s.Service, s)
		}
	}
	first := l.containers()
	if len(first) != 5 {
		t.Fatalf("containers: %v", first)
	}
	ctx := context.Background()
	p := l.cfg.Project
	for svc, c := range first {
		ins, err := l.cli.ContainerInspect(ctx, c.ID, client.ContainerInspectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		lb := ins.Container.Config.Labels
		want := map[string]string{
			engine.LabelProject: p, engine.LabelService: svc, engine.LabelContainerNumber: "1",
			engine.LabelOneoff: "False", engine.LabelWorkingDir: l.dir, engine.LabelVersion: engine.ComposeVersion,
			engine.LabelConfigFiles: filepath.Join(l.dir, render.FileCompose),
		}
		for k, v := range want {
			if lb[k] != v {
				t.Errorf("%s label %s = %q, want %q", svc, k, lb[k], v)
			}
		}
		for _, k := range []string{engine.LabelConfigHash, engine.LabelImage} {
			if lb[k] == "" {
				t.Errorf("%s has no label %s", svc, k)
			}
		}
		if name := strings.TrimPrefix(ins.Container.Name, "/"); name != p+"-"+svc+"-1" {
			t.Errorf("container name %s", name)
		}
		for port, bs := range ins.Container.HostConfig.PortBindings {
			for _, b := range bs {
				if b.HostIP.String() != "127.0.0.1" {
					t.Errorf("%s publishes %s on %s, want 127.0.0.1 only", svc, port, b.HostIP)
				}
			}
		}
		ep := ins.Container.NetworkSettings.Networks[p+"_default"]
		if ep == nil || !contains(ep.Aliases, svc) {
			t.Errorf("%s: not on %s_default with alias %s: %+v", svc, p, svc, ep)
		}
	}
	if got := first[render.SvcBackend].Labels[engine.LabelDependsOn]; got != "collector:service_started:false,postgres:service_healthy:false" {
		t.Errorf("backend depends_on label %q", got)
	}
	nets, _ := l.cli.NetworkList(ctx, client.NetworkListOptions{Filters: make(client.Filters).Add("label", engine.ProjectFilter(p))})
	if len(nets.Items) != 1 || nets.Items[0].Name != p+"_default" || nets.Items[0].Labels[engine.LabelNetwork] != "default" {
		t.Errorf("networks: %+v", nets.Items)
	}
	vols, _ := l.cli.VolumeList(ctx, client.VolumeListOptions{Filters: make(client.Filters).Add("label", engine.ProjectFilter(p))})
	if len(vols.Items) != 1 || vols.Items[0].Name != p+"_pgdata" || vols.Items[0].Labels[engine.LabelVolume] != "pgdata" {
		t.Errorf("volumes: %+v", vols.Items)
	}

	// Unchanged: nothing is touched.
	start := time.Now()
	res, err = l.up(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || len(res.Kept) != 5 {
		t.Errorf("second up changed something: %+v", res)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("second up took %s", d)
	}
	if got := ids(l.containers()); fmt.Sprint(got) != fmt.Sprint(ids(first)) {
		t.Errorf("container IDs changed: %v → %v", ids(first), got)
	}

	// A change to the generated Collector config recreates the collector only.
	f := filepath.Join(l.dir, render.FileCollector)
	data, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(data, []byte("# changed\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = l.up(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Recreated) != "[collector]" || len(res.Kept) != 4 {
		t.Errorf("after a collector config change: %+v", res)
	}
	after := ids(l.containers())
	for svc, id := range ids(first) {
		if changed := after[svc] != id; changed != (svc == render.SvcCollector) {
			t.Errorf("%s: recreated=%v", svc, changed)
		}
	}

	// Status, logs.
	st, err := l.engine().Status(ctx, p, render.EngineHints(l.cfg), render.LabServices, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Ready {
			t.Errorf("status %s: %+v", s.Service, s)
		}
	}
	var logs strings.Builder
	if err := l.engine().Logs(ctx, p, engine.LogsOptions{Tail: "10"}, &logs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "jaeger     | fakesvc: listening") {
		t.Errorf("logs:\n%s", logs.String())
	}

	// A container labctl did not create, with a similar name, survives down.
	other := p + "-jaeger-2"
	if _, err := l.cli.ContainerCreate(ctx, client.ContainerCreateOptions{Name: other, Config: &container.Config{Image: enginetest.FakeOK}}); err != nil {
		t.Fatal(err)
	}
	defer l.cli.ContainerRemove(ctx, other, client.ContainerRemoveOptions{Force: true})

	down, err := l.engine().Down(ctx, p, engine.DownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(down.Containers) != 5 || len(down.Networks) != 1 || len(down.Volumes) != 0 {
		t.Errorf("down: %+v", down)
	}
	if len(l.containers()) != 0 {
		t.Errorf("containers left: %v", l.containers())
	}
	if _, err := l.cli.ContainerInspect(ctx, other, client.ContainerInspectOptions{}); err != nil {
		t.Errorf("down removed a container it did not create: %v", err)
	}
	vols, _ = l.cli.VolumeList(ctx, client.VolumeListOptions{Filters: make(client.Filters).Add("label", engine.ProjectFilter(p))})
	if len(vols.Items) != 1 {
		t.Errorf("down without --volumes removed the volume")
	}
	down, err = l.engine().Down(ctx, p, engine.DownOptions{Volumes: true})
	if err != nil || len(down.Containers)+len(down.Networks) != 0 || len(down.Volumes) != 1 {
		t.Errorf("down --volumes: %+v %v", down, err)
	}
	down, err = l.engine().Down(ctx, p, engine.DownOptions{Volumes: true})
	if err != nil || len(down.Containers)+len(down.Networks)+len(down.Volumes) != 0 {
		t.Errorf("second down: %+v %v", down, err)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestEnginePortTakenLeavesNothing(t *testing.T) {
	l := newFakeLab(t, "")
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", l.cfg.Ports.Prometheus))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = l.up(time.Minute)
	var pe *engine.PortInUseError
	if !asErr(err, &pe) || pe.Port != l.cfg.Ports.Prometheus || pe.Service != "prometheus" || pe.Key != "ports.prometheus" {
		t.Fatalf("err = %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "ports.prometheus") || strings.Contains(msg, "\n") {
		t.Errorf("message: %s", msg)
	}
	if n := len(l.containers()); n != 0 {
		t.Errorf("%d containers created despite the taken port", n)
	}
}

func TestEngineNeverReady(t *testing.T) {
	l := newFakeLab(t, "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	start := time.Now()
	// 15 s: a loaded CI engine took over 8 s to start the fake's container.
	_, err := l.up(15 * time.Second)
	var nr *engine.NotReadyError
	if !asErr(err, &nr) || nr.Service != "backend" || nr.Exited {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %s with a timeout of 15s", d)
	}
	if !strings.Contains(nr.Probe, fmt.Sprintf("GET http://127.0.0.1:%d/", l.cfg.Ports.Backend)) || !strings.Contains(nr.Last, "503") {
		t.Errorf("probe %q last %q", nr.Probe, nr.Last)
	}
	if len(nr.Logs) == 0 || !strings.Contains(strings.Join(nr.Logs, "\n"), "fakesvc: listening") {
		t.Errorf("logs: %q", nr.Logs)
	}
}

func TestEngineCrashFailsFast(t *testing.T) {
	l := newFakeLab(t, "backend:\n  image: "+enginetest.FakeCrash+"\n")
	start := time.Now()
	_, err := l.up(time.Minute)
	var nr *engine.NotReadyError
	if !asErr(err, &nr) || nr.Service != "backend" || !nr.Exited || nr.ExitCode != 3 {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("a crash took %s to report", d)
	}
}

func TestEngineCancelLeavesStateDownRemoves(t *testing.T) {
	l := newFakeLab(t, "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(2*time.Second, cancel)
	start := time.Now()
	_, err := l.engine().Up(ctx, l.project, render.EngineHints(l.cfg), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("cancel took %s", d-2*time.Second)
	}
	// The promise: an interrupted up leaves what it started as it is (the
	// student may want to look at it) and names the command that removes it.
	if !strings.Contains(err.Error(), "run labctl down") {
		t.Errorf("err = %v: it does not name the command that removes what was started", err)
	}
	if n := len(l.containers()); n != 5 {
		t.Errorf("%d containers after the interruption, want the 5 it created, left for labctl down", n)
	}
	if _, err := l.engine().Down(context.Background(), l.cfg.Project, engine.DownOptions{Volumes: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(l.containers()); n != 0 {
		t.Errorf("%d containers left", n)
	}
}

func TestEngineBuildSkipsUnchangedAndFails(t *testing.T) {
	ctxDir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(ctxDir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Dockerfile", "FROM "+enginetest.FakeOK+"\nCOPY app.txt /app.txt\n")
	write("app.txt", "v1\n")
	write("ignored.txt", "not sent\n")
	write(".dockerignore", "ignored.txt\nDockerfile\n")
	l := newFakeLab(t, "backend:\n  path: "+ctxDir+"\n")
	if _, err := l.up(time.Minute); err != nil {
		t.Fatal(err)
	}
	img := l.cfg.Project + "-backend"
	if c := l.containers()[render.SvcBackend]; c.Image != img {
		t.Errorf("backend runs %s, want %s", c.Image, img)
	}
	builds := func() int {
		n := 0
		for _, ev := range l.events {
			if ev.Kind == engine.EventBuilt {
				n++
			}
		}
		return n
	}
	if builds() != 1 {
		t.Fatalf("%d builds", builds())
	}
	first := ids(l.containers())
	if res, err := l.up(time.Minute); err != nil || res.Changed() || builds() != 1 {
		t.Fatalf("unchanged context rebuilt or changed: %+v %v (builds %d)", res, err, builds())
	}
	write("ignored.txt", "still ignored\n")
	if res, err := l.up(time.Minute); err != nil || res.Changed() || builds() != 1 {
		t.Fatalf("an ignored file triggered a build: %+v %v", res, err)
	}
	write("app.txt", "v2\n")
	res, err := l.up(time.Minute)
	if err != nil || builds() != 2 || fmt.Sprint(res.Recreated) != "[backend]" {
		t.Fatalf("after a code change: %+v %v (builds %d)", res, err, builds())
	}
	if ids(l.containers())[render.SvcBackend] == first[render.SvcBackend] {
		t.Error("backend not recreated on a new image")
	}

	write("Dockerfile", "FROM "+enginetest.FakeOK+"\nCOPY app.txt /app.txt\nRUN [\"/fakesvc\", \"fail\"]\n")
	_, err = l.up(time.Minute)
	var be *engine.BuildError
	if !asErr(err, &be) || !strings.Contains(be.Step, `RUN ["/fakesvc", "fail"]`) || !strings.Contains(be.Message, "non-zero code: 1") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(strings.Join(be.Tail, "\n"), "failing on purpose") {
		t.Errorf("tail: %q", be.Tail)
	}
}

func TestEnginePullNeverMissingImage(t *testing.T) {
	l := newFakeLab(t, "")
	l.cfg.Images.Collector = "labctl-fake/none:missing"
	l.render()
	_, err := l.up(time.Minute)
	var ie *engine.ImageError
	if !asErr(err, &ie) || ie.Image != "labctl-fake/none:missing" || ie.Key != "images.collector" || !ie.Missing {
		t.Fatalf("err = %v", err)
	}
}

// down removes only what carries the project's label, on the real engine:
// a network and a volume with the project's name but no label (made by
// hand), a network and a volume of another project, and another project's
// container all survive it.
func TestEngineDownLeavesForeignResources(t *testing.T) {
	l := newFakeLab(t, "")
	if _, err := l.up(time.Minute); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p := l.cfg.Project
	other := enginetest.ProjectName(t, "other")
	foreignNets := []string{p + "_byhand", other + "_default"}
	foreignVols := []string{p + "_byhand", other + "_data"}
	labels := func(name string) map[string]string {
		if strings.HasPrefix(name, other) {
			return map[string]string{engine.LabelProject: other}
		}
		return nil
	}
	for _, n := range foreignNets {
		if _, err := l.cli.NetworkCreate(ctx, n, client.NetworkCreateOptions{Labels: labels(n)}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = l.cli.NetworkRemove(context.Background(), n, client.NetworkRemoveOptions{}) })
	}
	for _, v := range foreignVols {
		if _, err := l.cli.VolumeCreate(ctx, client.VolumeCreateOptions{Name: v, Labels: labels(v)}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = l.cli.VolumeRemove(context.Background(), v, client.VolumeRemoveOptions{Force: true}) })
	}
	c, err := l.cli.ContainerCreate(ctx, client.ContainerCreateOptions{Name: other + "-web-1",
		Config: &container.Config{Image: enginetest.FakeOK, Labels: map[string]string{engine.LabelProject: other, engine.LabelService: "web"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = l.cli.ContainerRemove(context.Background(), c.ID, client.ContainerRemoveOptions{Force: true})
	})
	res, err := l.engine().Down(ctx, p, engine.DownOptions{Volumes: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Containers) != 5 {
		t.Errorf("removed containers %v, want the lab's 5", res.Containers)
	}
	for _, n := range foreignNets {
		if _, err := l.cli.NetworkInspect(ctx, n, client.NetworkInspectOptions{}); err != nil {
			t.Errorf("network %s was removed: %v", n, err)
		}
	}
	for _, v := range foreignVols {
		if _, err := l.cli.VolumeInspect(ctx, v, client.VolumeInspectOptions{}); err != nil {
			t.Errorf("volume %s was removed: %v", v, err)
		}
	}
	if _, err := l.cli.ContainerInspect(ctx, c.ID, client.ContainerInspectOptions{}); err != nil {
		t.Errorf("the other project's container was removed: %v", err)
	}
}

// Fault: the container up is waiting for is killed from outside (docker
// kill, the OOM killer): up says so at once, with the exit code, instead
// of waiting out its timeout.
func TestEngineContainerKilledDuringUp(t *testing.T) {
	l := newFakeLab(t, "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	go func() {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if c, ok := l.containers()["backend"]; ok && c.State == container.StateRunning {
				_, _ = l.cli.ContainerKill(context.Background(), c.ID, client.ContainerKillOptions{Signal: "KILL"})
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	start := time.Now()
	_, err := l.up(time.Minute)
	var nr *engine.NotReadyError
	if !asErr(err, &nr) || nr.Service != "backend" || !nr.Exited || nr.ExitCode != 137 {
		t.Fatalf("err = %v, want backend exited with 137", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("a killed container took %s to report (timeout 1m)", d)
	}
	if !strings.Contains(err.Error(), "backend") {
		t.Errorf("the error does not name the service: %v", err)
	}
}

// cutProxy forwards a unix socket to the Docker engine's until cut, when it
// drops every connection and refuses new ones: the engine gone mid-run.
type cutProxy struct {
	path  string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	p := &cutProxy{path: filepath.Join(t.TempDir(), "docker.sock")}
	ln, err := net.Listen("unix", p.path)
	if err != nil {
		t.Fatal(err)
	}
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("unix", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) cut() {
	_ = p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// Fault: the engine becomes unreachable while up waits: up ends soon with
// an error that says the Docker engine does not answer, not at its timeout.
func TestEngineUnreachableMidUp(t *testing.T) {
	l := newFakeLab(t, "backend:\n  image: "+enginetest.FakeNeverReady+"\n")
	sock := strings.TrimPrefix(l.cli.DaemonHost(), "unix://")
	if !strings.HasPrefix(l.cli.DaemonHost(), "unix://") {
		testbed.Lacks(t, "a Docker engine on a unix socket (DOCKER_HOST is %s)", l.cli.DaemonHost())
	}
	proxy := newCutProxy(t, sock)
	cli, err := client.New(client.WithHost("unix://"+proxy.path), client.WithAPIVersionNegotiation())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	go func() {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if c, ok := l.containers()["backend"]; ok && c.State == container.StateRunning {
				proxy.cut()
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = engine.NewEngine(cli, true, nil).Up(ctx, l.project, render.EngineHints(l.cfg), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute})
	took := time.Since(start)
	t.Logf("after %s: %v", took, err)
	if err == nil {
		t.Fatal("up succeeded with the engine gone")
	}
	if took > 30*time.Second {
		t.Errorf("up took %s to notice the engine was gone (timeout 1m)", took)
	}
	if msg := err.Error(); !strings.Contains(msg, "Docker") && !strings.Contains(msg, "docker") {
		t.Errorf("the error does not say the Docker engine is gone: %v", err)
	}
}

// Fault: Ctrl-C during a build: up returns at once, the build stops on the
// engine (no image, no intermediate container left), no container of the
// project was created.
func TestEngineInterruptDuringBuild(t *testing.T) {
	ctxDir := t.TempDir()
	// The fake service sleeps FAKE_DELAY, then exits FAKE_EXIT: a slow RUN
	// step. The label marks this build's step containers (a container gets
	// its image's labels), apart from other tests' builds.
	mark := fmt.Sprint(time.Now().UnixNano())
	dockerfile := "FROM " + enginetest.FakeOK + "\nLABEL org.labctl.test=" + mark + "\nENV FAKE_DELAY=90s FAKE_EXIT=0\nRUN [\"/fakesvc\"]\n"
	if err := os.WriteFile(filepath.Join(ctxDir, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newFakeLab(t, "backend:\n  path: "+ctxDir+"\n")
	steps := func() []string {
		res, err := l.cli.ContainerList(context.Background(), client.ContainerListOptions{All: true,
			Filters: make(client.Filters).Add("label", "org.labctl.test="+mark)})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range res.Items {
			out = append(out, c.ID[:12]+" "+string(c.State))
		}
		return out
	}
	ctx, cancel := context.WithCancel(context.Background())
	inRun := make(chan bool, 1)
	go func() {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if len(steps()) > 0 { // the slow RUN step runs
				inRun <- true
				cancel()
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		inRun <- false
		cancel()
	}()
	start := time.Now()
	_, err := l.engine().Up(ctx, l.project, render.EngineHints(l.cfg), engine.UpOptions{Pull: engine.PullNever, Timeout: time.Minute})
	took := time.Since(start)
	if !<-inRun {
		t.Fatal("the build's RUN step never started")
	}
	if err == nil {
		t.Fatal("up succeeded though interrupted")
	}
	if took > 30*time.Second {
		t.Errorf("up took %s to stop after Ctrl-C in a 90 s build step", took)
	}
	if n := len(l.containers()); n != 0 {
		t.Errorf("%d containers of the project after an interrupted build", n)
	}
	if _, err := l.cli.ImageInspect(context.Background(), engine.BuildImageName(l.cfg.Project, render.SvcBackend)); err == nil {
		t.Error("the interrupted build left an image")
	}
	// The engine cancels the build when the client goes; the step's
	// container goes with it.
	deadline := time.Now().Add(20 * time.Second)
	for left := steps(); len(left) > 0; left = steps() {
		if time.Now().After(deadline) {
			t.Errorf("build step containers left after the interrupted build: %v", left)
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
}
