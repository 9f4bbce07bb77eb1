package discover

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"net/netip"
	"os"
	"strings"
	"testing"

	ctypes "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
)

// fakeAPI answers the read-only calls discovery makes from fixed
// inspections and files.
type fakeAPI struct {
	containers []ctypes.InspectResponse
	// files by container name, then path.
	files map[string]map[string]string
	// notFound, when set, is the engine's answer for a missing file
	// (else Engine 29's).
	notFound string
}

func (f *fakeAPI) ContainerList(_ context.Context, o client.ContainerListOptions) (client.ContainerListResult, error) {
	var out []ctypes.Summary
	for _, c := range f.containers {
		if !o.Filters["label"][model.LabelProject+"="+c.Config.Labels[model.LabelProject]] {
			continue
		}
		out = append(out, ctypes.Summary{ID: c.ID, Names: []string{c.Name}, Labels: c.Config.Labels})
	}
	return client.ContainerListResult{Items: out}, nil
}

func (f *fakeAPI) ContainerInspect(_ context.Context, id string, _ client.ContainerInspectOptions) (client.ContainerInspectResult, error) {
	for _, c := range f.containers {
		if c.ID == id {
			return client.ContainerInspectResult{Container: c}, nil
		}
	}
	return client.ContainerInspectResult{}, errors.New("no such container")
}

func (f *fakeAPI) CopyFromContainer(_ context.Context, id string, o client.CopyFromContainerOptions) (client.CopyFromContainerResult, error) {
	for _, c := range f.containers {
		if c.ID != id {
			continue
		}
		body, ok := f.files[strings.TrimPrefix(c.Name, "/")][o.SourcePath]
		if !ok && f.notFound != "" {
			return client.CopyFromContainerResult{}, errors.New(f.notFound)
		}
		if !ok {
			return client.CopyFromContainerResult{}, errors.New("Error response from daemon: Could not find the file " + o.SourcePath + " in container: No such container:path")
		}
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		_ = tw.WriteHeader(&tar.Header{Name: "config.yaml", Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		_, _ = tw.Write([]byte(body))
		_ = tw.Close()
		return client.CopyFromContainerResult{Content: io.NopCloser(&buf)}, nil
	}
	return client.CopyFromContainerResult{}, errors.New("no such container")
}

func (f *fakeAPI) ContainerLogs(context.Context, string, client.ContainerLogsOptions) (client.ContainerLogsResult, error) {
	return io.NopCloser(strings.NewReader("")), nil
}

// svc builds an inspection of a running Compose container.
type svc struct {
	name, image string
	args        []string
	env         []string
	exposed     []string
	published   map[string]string // "8000/tcp" → "0.0.0.0:8000"
	ip          string
	mounts      map[string]string // destination → source
	running     bool
}

func (s svc) inspect(project string) ctypes.InspectResponse {
	cname := project + "-" + s.name + "-1"
	exposed := network.PortSet{}
	for _, p := range s.exposed {
		exposed[network.MustParsePort(p)] = struct{}{}
	}
	ports := network.PortMap{}
	for p, b := range s.published {
		host, port, _ := strings.Cut(b, ":")
		ports[network.MustParsePort(p)] = []network.PortBinding{{HostIP: netip.MustParseAddr(host), HostPort: port}}
		exposed[network.MustParsePort(p)] = struct{}{}
	}
	var mounts []ctypes.MountPoint
	for d, src := range s.mounts {
		mounts = append(mounts, ctypes.MountPoint{Source: src, Destination: d})
	}
	state := ctypes.StateRunning
	if !s.running {
		state = ctypes.StateExited
	}
	in := ctypes.InspectResponse{
		ID: "id-" + s.name, Name: "/" + cname, Mounts: mounts,
		State: &ctypes.State{Status: state, Running: s.running},
		Config: &ctypes.Config{Image: s.image, Env: s.env, ExposedPorts: exposed, Labels: map[string]string{
			model.LabelProject: project, model.LabelService: s.name, model.LabelContainerNumber: "1", model.LabelOneoff: "False",
			model.LabelWorkingDir: "/home/student/dop", model.LabelConfigFiles: "/home/student/dop/compose.yml",
		}},
		NetworkSettings: &ctypes.NetworkSettings{Ports: ports, Networks: map[string]*network.EndpointSettings{
			project + "_default": {IPAddress: netip.MustParseAddr(s.ip), Aliases: []string{cname, s.name}},
		}},
	}
	if len(s.args) > 0 {
		in.Path, in.Args = s.args[0], s.args[1:]
	}
	return in
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// course is the course's project: backend, database, jaeger,
// otel-collector and prometheus, publishing only 8000, 16686 and 9090.
func course(t *testing.T) []svc {
	return []svc{
		{name: "backend", image: "dop-backend", args: []string{"uvicorn", "backend.main:app", "--host", "0.0.0.0", "--port", "8000"},
			env:       []string{"OTEL_RESOURCE_ATTRIBUTES=service.name=backend-service", "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317", "POSTGRES_PASSWORD=postgres"},
			published: map[string]string{"8000/tcp": "0.0.0.0:8000"}, ip: "172.18.0.6", running: true},
		{name: "database", image: "postgres:17", args: []string{"docker-entrypoint.sh", "postgres"}, exposed: []string{"5432/tcp"},
			env: []string{"POSTGRES_PASSWORD=postgres"}, ip: "172.18.0.2", running: true},
		{name: "jaeger", image: "jaegertracing/all-in-one:1.52", args: []string{"/go/bin/all-in-one-linux"},
			exposed: []string{"4317/tcp", "16685/tcp"}, env: []string{"COLLECTOR_OTLP_ENABLED=true"},
			published: map[string]string{"16686/tcp": "0.0.0.0:16686"}, ip: "172.18.0.3", running: true},
		{name: "otel-collector", image: "otel/opentelemetry-collector-contrib:0.145.0",
			args: []string{"/otelcol-contrib", "--config=/etc/otelcol-contrib/config.yaml"}, exposed: []string{"4317/tcp", "8888/tcp"},
			env:    []string{"POSTGRES_PASSWORD=postgres"},
			mounts: map[string]string{"/etc/otelcol-contrib/config.yaml": "/home/student/dop/otel-collector-config.yaml"},
			ip:     "172.18.0.4", running: true},
		{name: "prometheus", image: "prom/prometheus:v3.7.3", args: []string{"/bin/prometheus", "--config.file=/etc/prometheus/prometheus.yml"},
			published: map[string]string{"9090/tcp": "0.0.0.0:9090"}, ip: "172.18.0.5", running: true,
			mounts: map[string]string{"/etc/prometheus/prometheus.yml": "/home/student/dop/prometheus.yml"}},
	}
}

func fake(t *testing.T, project string, svcs []svc, otelcol, prom string) *fakeAPI {
	f := &fakeAPI{files: map[string]map[string]string{}}
	for _, s := range svcs {
		f.containers = append(f.containers, s.inspect(project))
	}
	f.files[project+"-otel-collector-1"] = map[string]string{"/etc/otelcol-contrib/config.yaml": otelcol}
	f.files[project+"-prometheus-1"] = map[string]string{"/etc/prometheus/prometheus.yml": prom}
	return f
}

func TestDiscoverCourseProject(t *testing.T) {
	api := fake(t, "dop", course(t), read(t, "course-otelcol.yaml"), read(t, "course-prometheus.yml"))
	for _, linux := range []bool{true, false} {
		l, err := Discover(context.Background(), api, Options{Project: "dop", ContainerAddrs: linux, Traffic: config.Default().Traffic})
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]model.Role{}
		for _, s := range l.Services {
			roles[s.Name] = s.Role
		}
		want := map[string]model.Role{"backend": model.RoleBackend, "database": model.RolePostgres, "jaeger": model.RoleJaeger,
			"otel-collector": model.RoleCollector, "prometheus": model.RolePrometheus}
		for n, r := range want {
			if roles[n] != r {
				t.Errorf("%s is %q, want %q", n, roles[n], r)
			}
		}
		e := l.Endpoints
		if e.Backend.URL() != "http://127.0.0.1:8000" || e.Backend.Via != model.ReachPublished {
			t.Errorf("backend %+v", e.Backend)
		}
		if e.JaegerUI.URL() != "http://127.0.0.1:16686" || e.Prometheus.URL() != "http://127.0.0.1:9090" {
			t.Errorf("jaeger %+v prometheus %+v", e.JaegerUI, e.Prometheus)
		}
		// The Collector's own metrics listen on localhost in the container:
		// unreachable however the engine runs, with the key to change.
		if e.CollectorMetrics.Reachable() || !strings.Contains(e.CollectorMetrics.Hint, "otel-collector-config.yaml") {
			t.Errorf("collector metrics %+v", e.CollectorMetrics)
		}
		if linux {
			if e.JaegerGRPC.Addr != "172.18.0.3:16685" || e.JaegerGRPC.Via != model.ReachContainer || e.CollectorExporter.URL() != "http://172.18.0.4:8889/metrics" {
				t.Errorf("linux: grpc %+v exporter %+v", e.JaegerGRPC, e.CollectorExporter)
			}
		} else {
			if e.JaegerGRPC.Reachable() || e.JaegerGRPC.Hint != `add "16685:16685" to services.jaeger.ports in compose.yml` {
				t.Errorf("remote: grpc %+v", e.JaegerGRPC)
			}
		}
		if l.Topology != model.TopologyCollector || l.Exporter != "otlp/jaeger" || l.CollectorJob != "otel-collector" ||
			l.MonitorUser != "postgres" || !l.MetricsRequired || l.ServiceName != "backend-service" {
			t.Errorf("pipeline: topology %s exporter %q job %q user %q metrics %v service %q", l.Topology, l.Exporter, l.CollectorJob, l.MonitorUser, l.MetricsRequired, l.ServiceName)
		}
		if l.Backend.OTLPEndpoint != "http://otel-collector:4317" || l.Backend.EndpointFrom.String() != "compose.yml services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT" {
			t.Errorf("backend facts %+v", l.Backend)
		}
		if l.Collector.File != "otel-collector-config.yaml" || l.Prometheus.File != "prometheus.yml" {
			t.Errorf("files %q %q", l.Collector.File, l.Prometheus.File)
		}
		if l.Intervals.Scrape.Seconds() != 5 || l.Intervals.Collection.Seconds() != 10 {
			t.Errorf("intervals %+v", l.Intervals)
		}
		// Completed once, here: the flavour from the image, where spans go
		// and what a fix writes, in the project's own names.
		if l.Jaeger != model.JaegerV1 || l.OTLP.Backend.InNetwork != "otel-collector:4317" || l.OTLP.Backend.Protocol != "grpc" ||
			l.OTLP.Jaeger.InNetwork != "jaeger:4317" || l.Fix.Postgres != "database:5432" || l.Fix.ExporterTarget != "otel-collector:8889" {
			t.Errorf("completed: jaeger %q otlp %+v fix %+v", l.Jaeger, l.OTLP, l.Fix)
		}
	}
}

func TestDiscoverThroughProxyAndOverrides(t *testing.T) {
	svcs := course(t)
	svcs[0].published = nil
	svcs[0].exposed = []string{"8000/tcp"}
	svcs[0].env = append(svcs[0].env, "ROOT_PATH=/api")
	svcs = append(svcs, svc{name: "reverse-proxy", image: "traefik:v3.1", published: map[string]string{"80/tcp": "0.0.0.0:80"}, ip: "172.18.0.9", running: true},
		// A service no rule recognises, given its role in labctl.yaml.
		svc{name: "tracing", image: "registry.example.com/course/trace-ui:1", ip: "172.18.0.10", running: true,
			published: map[string]string{"16686/tcp": "127.0.0.1:26686"}})
	svcs[2].name = "old-jaeger" // no longer Jaeger by the override below
	api := fake(t, "dop", svcs, read(t, "course-otelcol.yaml"), read(t, "course-prometheus.yml"))
	l, err := Discover(context.Background(), api, Options{Project: "dop", Roles: map[string]model.Role{"tracing": model.RoleJaeger, "old-jaeger": model.RoleOther}})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Endpoints.Backend.URL(); got != "http://127.0.0.1:80/api" {
		t.Errorf("backend through the proxy: %q", got)
	}
	if s := l.Service(model.RoleJaeger); s == nil || s.Name != "tracing" || s.RoleFrom.By != model.RoleByConfig {
		t.Errorf("jaeger %+v", s)
	}
	if l.Endpoints.JaegerUI.URL() != "http://127.0.0.1:26686" {
		t.Errorf("jaeger ui %+v", l.Endpoints.JaegerUI)
	}
}

func TestRecognise(t *testing.T) {
	cases := []struct {
		c    container
		want model.Role
	}{
		{container{Image: "otel/opentelemetry-collector-contrib:0.145.0"}, model.RoleCollector},
		{container{Image: "labctl-bed/otelcol:0.145.0"}, model.RoleCollector},
		{container{Image: "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.145.0"}, model.RoleCollector},
		{container{Image: "jaegertracing/all-in-one:1.52"}, model.RoleJaeger},
		{container{Image: "labctl-bed/jaeger:2.13.0"}, model.RoleJaeger},
		{container{Image: "prom/prometheus:v3.7.3"}, model.RolePrometheus},
		{container{Image: "quay.io/prometheuscommunity/postgres-exporter", Exposed: []int{9187}}, model.RoleOther},
		{container{Image: "postgres:17"}, model.RolePostgres},
		{container{Image: "localhost:5000/postgres:17"}, model.RolePostgres},
		{container{Image: "traefik:v3.1"}, model.RoleProxy},
		{container{Image: "dop-backend", Env: map[string]string{"OTEL_SERVICE_NAME": "x"}}, model.RoleBackend},
		{container{Image: "dop-backend", Args: []string{"/usr/local/bin/opentelemetry-instrument", "uvicorn"}}, model.RoleBackend},
		{container{Image: "mycollector", Args: []string{"/otelcol", "--config", "/c.yaml"}}, model.RoleCollector},
		{container{Image: "mydb", Exposed: []int{5432}}, model.RolePostgres},
		{container{Image: "dop-frontend", Service: "frontend"}, model.RoleOther},
		{container{Image: "dop-api", Service: "backend"}, model.RoleBackend},
		// Built by Compose in a project whose name holds a role's word.
		{container{Image: "stu-jaeger-v1-backend", Service: "backend", Labels: map[string]string{model.LabelProject: "stu-jaeger-v1"}}, model.RoleBackend},
	}
	for _, c := range cases {
		if got, why := recognise(c.c); got != c.want {
			t.Errorf("%s %v: %s (%s), want %s", c.c.Image, c.c.Args, got, why, c.want)
		}
	}
}

// A Collector whose config is not in its container (a folder mounted over
// its directory) exits: discovery goes on without its config, so that
// verify gives its verdict from the Collector's log; a running one whose
// config cannot be found stops discovery with the paths tried.
func TestCollectorConfigMissing(t *testing.T) {
	for _, tc := range []struct {
		name     string
		running  bool
		notFound string
		wantErr  string
	}{
		{"exited, Engine 20.10", false, "Error response from daemon: Could not find the file /etc/otelcol-contrib/config.yaml in container 652074db8e3d", ""},
		{"exited, Engine 29", false, "", ""},
		{"running", true, "", "none of /etc/otelcol-contrib/config.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svcs := course(t)
			for i := range svcs {
				if svcs[i].name == "otel-collector" {
					svcs[i].running = tc.running
					svcs[i].mounts = map[string]string{"/etc/otelcol-contrib": "/home/student/dop/otelcol"}
				}
			}
			api := fake(t, "dop", svcs, "", read(t, "course-prometheus.yml"))
			api.files["dop-otel-collector-1"] = map[string]string{}
			api.notFound = tc.notFound
			l, err := Discover(context.Background(), api, Options{Project: "dop", ContainerAddrs: true, Traffic: config.Default().Traffic})
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case l.Collector != nil || l.Service(model.RoleCollector) == nil:
				t.Errorf("collector model %+v, service %+v", l.Collector, l.Service(model.RoleCollector))
			}
		})
	}
}

func TestNoProject(t *testing.T) {
	_, err := Discover(context.Background(), &fakeAPI{}, Options{Project: "nothing"})
	if !errors.Is(err, ErrNoProject) || !strings.Contains(err.Error(), "docker compose up -d") {
		t.Errorf("err = %v", err)
	}
}

func TestResolveProject(t *testing.T) {
	dir := t.TempDir() + "/My_DOP.Project"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(dir+"/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	if _, err := ResolveProject(ctx, dir, nil, ""); err == nil || !strings.Contains(err.Error(), "no Compose file") {
		t.Errorf("empty folder: %v", err)
	}
	write("docker-compose.yml", "services: {a: {image: x}}\n")
	write("compose.yml", "services: {a: {image: x}}\n")
	p, err := ResolveProject(ctx, dir, nil, "")
	if err != nil || p.Name != "my_dopproject" || p.Files[0] != "compose.yml" {
		t.Errorf("folder name: %+v %v", p, err)
	}
	write("named.yml", "name: dop\nservices: {a: {image: x}}\n")
	if p, err := ResolveProject(ctx, dir, []string{"named.yml"}, ""); err != nil || p.Name != "dop" {
		t.Errorf("top-level name: %+v %v", p, err)
	}
	if p, err := ResolveProject(ctx, dir, []string{"named.yml"}, "other"); err != nil || p.Name != "other" {
		t.Errorf("-p: %+v %v", p, err)
	}
	// As docker compose -p: a name it would refuse is refused.
	if _, err := ResolveProject(ctx, dir, []string{"named.yml"}, "Other"); err == nil || !strings.Contains(err.Error(), "invalid project name") {
		t.Errorf("-p Other: %v", err)
	}
	t.Setenv("COMPOSE_PROJECT_NAME", "fromenv")
	if p, err := ResolveProject(ctx, dir, nil, ""); err != nil || p.Name != "fromenv" {
		t.Errorf("COMPOSE_PROJECT_NAME: %+v %v", p, err)
	}
	if _, err := ResolveProject(ctx, dir, []string{"missing.yml"}, ""); err == nil || !strings.Contains(err.Error(), "missing.yml") {
		t.Errorf("missing -f: %v", err)
	}
}

// A Collector started with a main config and an overlay (the OpenTelemetry
// Demo's way): discovery models the merge, named by the main file.
func TestDiscoverLayeredCollector(t *testing.T) {
	svcs := course(t)
	for i := range svcs {
		if svcs[i].name == "otel-collector" {
			svcs[i].args = []string{"/otelcol-contrib", "--config=/etc/otelcol-contrib/config.yaml", "--config", "/etc/otelcol-contrib/extra.yaml"}
			svcs[i].mounts["/etc/otelcol-contrib/extra.yaml"] = "/home/student/dop/extra.yaml"
		}
	}
	api := fake(t, "dop", svcs, read(t, "course-otelcol.yaml"), read(t, "course-prometheus.yml"))
	api.files["dop-otel-collector-1"]["/etc/otelcol-contrib/extra.yaml"] = "processors:\n  batch:\n    timeout: 3s\n"
	l, err := Discover(context.Background(), api, Options{Project: "dop", ContainerAddrs: true, Traffic: config.Default().Traffic})
	if err != nil {
		t.Fatal(err)
	}
	if l.Collector == nil || l.Collector.File != "otel-collector-config.yaml" || l.Collector.BatchTimeout.Seconds() != 3 {
		t.Fatalf("want the merged config (batch timeout 3s from the overlay), named by the main file: %+v", l.Collector)
	}
	if x := l.Collector.Component("exporter", "otlp/jaeger"); x == nil || x.At.Container != "dop-otel-collector-1" {
		t.Errorf("the merged config's facts say their container: %+v", x)
	}
}

// What discovery reads in a container says which: the backend's variables,
// the Collector's and Prometheus's configs.
func TestFactsSayTheirContainer(t *testing.T) {
	api := fake(t, "dop", course(t), read(t, "course-otelcol.yaml"), read(t, "course-prometheus.yml"))
	l, err := Discover(context.Background(), api, Options{Project: "dop"})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Backend.EndpointFrom.Container; got != "dop-backend-1" {
		t.Errorf("the backend's endpoint read in %q", got)
	}
	if x := l.Collector.Component("exporter", "otlp/jaeger"); x == nil || x.Keys["endpoint"].Container != "dop-otel-collector-1" || x.At.Container != "dop-otel-collector-1" {
		t.Errorf("the exporter's facts: %+v", x)
	}
	if j := l.Prometheus.Jobs[0]; j.At.Container != "dop-prometheus-1" || j.TargetsAt[0].Container != "dop-prometheus-1" {
		t.Errorf("the job's facts: %+v", j)
	}
}
