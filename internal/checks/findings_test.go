package checks

import (
	"os"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
)

// courseLab is the description discovery makes of the course's project,
// built by hand from the course's configs with edits applied.
func courseLab(t *testing.T, otelEdit, promEdit [2]string, mod func(*model.Lab)) *model.Lab {
	t.Helper()
	read := func(name string, edit [2]string) []byte {
		b, err := os.ReadFile("../discover/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if edit[0] != "" {
			if !strings.Contains(s, edit[0]) {
				t.Fatalf("%s has no %q", name, edit[0])
			}
			s = strings.Replace(s, edit[0], edit[1], 1)
		}
		return []byte(s)
	}
	col, err := model.ParseCollector(read("course-otelcol.yaml", otelEdit), "otel-collector-config.yaml", map[string]string{"POSTGRES_PASSWORD": "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	prom, err := model.ParsePrometheus(read("course-prometheus.yml", promEdit), "prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	svc := func(name string, role model.Role) model.Service {
		return model.Service{Name: name, Role: role, Running: true, State: "running", Aliases: []string{name}}
	}
	l := &model.Lab{
		Origin: model.OriginDiscovered, Source: "compose.yml (project dop)", Topology: model.TopologyCollector, ServiceName: "backend-service",
		Services: []model.Service{svc("backend", model.RoleBackend), svc("database", model.RolePostgres), svc("jaeger", model.RoleJaeger),
			svc("otel-collector", model.RoleCollector), svc("prometheus", model.RolePrometheus)},
		Backend: model.Backend{OTLPEndpoint: "http://otel-collector:4317", ServiceName: "backend-service",
			EndpointFrom:    model.Fact{File: "compose.yml", Key: "services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT"},
			ServiceNameFrom: model.Fact{File: "compose.yml", Key: "services.backend.environment.OTEL_RESOURCE_ATTRIBUTES"}},
		Collector: col, Prometheus: prom, Exporter: "otlp/jaeger", CollectorJob: "otel-collector", MetricsRequired: true,
		Endpoints: model.Endpoints{CollectorExporter: model.Endpoint{Service: "otel-collector", Port: 8889, InNetwork: "otel-collector:8889"}},
	}
	if mod != nil {
		mod(l)
	}
	l.Complete() // as discovery ends
	return l
}

func TestFindingsOfTheStudentsFiles(t *testing.T) {
	none := [2]string{}
	cases := []struct {
		name       string
		otel, prom [2]string
		mod        func(*model.Lab)
		blocks     string
		want       []string
	}{
		{name: "working", want: nil},
		{name: "backend to localhost", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "http://localhost:4317" },
			blocks: IDJaegerService, want: []string{"compose.yml services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317"}},
		{name: "backend without endpoint", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "" },
			blocks: IDServerSpan, want: []string{"sets no OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4317"}},
		{name: "backend to a missing service", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "http://collector:4317" },
			blocks: IDCollector, want: []string{`no service "collector"`, "otel-collector, prometheus"}},
		{name: "another service name", mod: func(l *model.Lab) { l.Backend.ServiceName = "my-backend" },
			blocks: IDJaegerService, want: []string{"OTEL_RESOURCE_ATTRIBUTES", "service.name=my-backend", "backend-service"}},
		{name: "exporter to localhost", otel: [2]string{"endpoint: jaeger:4317", "endpoint: localhost:4317"},
			blocks: IDJaegerService, want: []string{"otel-collector-config.yaml:22 exporters.otlp/jaeger.endpoint", "set endpoint: jaeger:4317"}},
		{name: "exporter without insecure", otel: [2]string{"    tls:\n      insecure: true\n  prometheus:", "  prometheus:"},
			blocks: IDJaegerService, want: []string{"exporters.otlp/jaeger", "tls: {insecure: true}"}},
		{name: "receiver on localhost", otel: [2]string{"endpoint: 0.0.0.0:4317", "endpoint: localhost:4317"},
			blocks: IDServerSpan, want: []string{"otel-collector-config.yaml:5 receivers.otlp.protocols.grpc.endpoint", "0.0.0.0:4317"}},
		{name: "receiver without endpoint", otel: [2]string{"      grpc:\n        endpoint: 0.0.0.0:4317\n", "      grpc:\n"},
			blocks: IDServerSpan, want: []string{"receivers.otlp.protocols.grpc", "has no endpoint", "localhost:4317"}},
		{name: "pipeline without the exporter", otel: [2]string{"exporters: [otlp/jaeger]", "exporters: [prometheus]"},
			mod: func(l *model.Lab) { l.Exporter = "" }, blocks: IDJaegerService, want: []string{"service.pipelines.traces.exporters", "otlp/jaeger"}},
		{name: "postgresql on another host", otel: [2]string{"endpoint: database:5432", "endpoint: db:5432"},
			blocks: IDPGCommits, want: []string{"receivers.postgresql.endpoint", "database:5432"}},
		{name: "prometheus exporter on loopback", otel: [2]string{"endpoint: 0.0.0.0:8889", "endpoint: 127.0.0.1:8889"},
			blocks: IDPromScrape, want: []string{"exporters.prometheus.endpoint", "0.0.0.0:8889"}},
		{name: "no metrics pipeline (the bonus not done)", otel: [2]string{"    metrics:\n      receivers: [postgresql]\n      processors: [batch]\n      exporters: [prometheus]\n", ""},
			blocks: IDPromScrape, want: []string{"otel-collector-config.yaml exporters", "no prometheus exporter in a pipeline", "0.0.0.0:8889"}},
		{name: "prometheus scrapes another port", prom: [2]string{"otel-collector:8889", "otel-collector:8888"},
			blocks: IDPromScrape, want: []string{"prometheus.yml:4", "otel-collector:8889"}},
		{name: "the Collector exited", mod: func(l *model.Lab) { exitCollector(l) },
			blocks: IDJaegerService, want: []string{"otel-collector-config.yaml", "the otel-collector container is exited"}},
		// Its config not in its container (a folder mounted over the
		// config's directory): still said, with no file to name.
		{name: "the Collector exited, no config read", mod: func(l *model.Lab) { exitCollector(l); l.Collector = nil },
			blocks: IDPGCommits, want: []string{"the otel-collector container is exited", "fix what its log says"}},
		{name: "no job scrapes the Collector", prom: [2]string{"otel-collector:8889", "collector:8889"},
			mod: func(l *model.Lab) { l.CollectorJob = "" }, blocks: IDPGRows, want: []string{"no Prometheus job scrapes", "otel-collector:8889"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := inspect(courseLab(t, orEdit(c.otel, none), orEdit(c.prom, none), c.mod))
			if c.want == nil {
				if len(fs) > 0 {
					t.Fatalf("a working project has findings: %v", fs[0].Text())
				}
				return
			}
			var got *Finding
			for i := range fs {
				if fs[i].blocks(c.blocks) {
					got = &fs[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("no finding blocks %s (%d findings)", c.blocks, len(fs))
			}
			for _, w := range c.want {
				if !strings.Contains(got.Text(), w) {
					t.Errorf("finding lacks %q: %s", w, got.Text())
				}
			}
		})
	}
}

func exitCollector(l *model.Lab) {
	for i := range l.Services {
		if l.Services[i].Role == model.RoleCollector {
			l.Services[i].Running, l.Services[i].State = false, "exited"
		}
	}
}

func orEdit(e, def [2]string) [2]string {
	if e[0] == "" {
		return def
	}
	return e
}

// The Collector's log tells the receiver's causes apart. The logs are the
// real Collector 0.145.0 against the real PostgreSQL 15, recorded
// (testdata/collector-log/README.md); each cause has its own key and fix.
func TestFindingsFromTheCollectorLog(t *testing.T) {
	l := courseLab(t, [2]string{}, [2]string{}, nil)
	cases := []struct {
		log  string
		want []string
		not  []string
	}{
		{"bad-password.log", []string{"otel-collector-config.yaml:", "receivers.postgresql.password", `refuses the password of user "otel", or has no role "otel"`,
			"otel-collector log: ", `pq: password authentication failed for user "otel")`}, []string{"pg_monitor", `\"`, "; pq:"}},
		// With passwords, PostgreSQL words a missing role as a bad password.
		{"no-such-role.log", []string{"receivers.postgresql.password", `has no role "nosuch"`, "or create that role",
			`pq: password authentication failed for user "nosuch")`}, []string{"pg_monitor"}},
		{"role-nologin.log", []string{"receivers.postgresql.username", `logs in as "nolog", a role without LOGIN`, "ALTER ROLE nolog LOGIN",
			`pq: role "nolog" is not permitted to log in)`}, []string{"pg_monitor", "password"}},
		{"no-connect.log", []string{"receivers.postgresql.databases", `may not connect to database "app"`, "GRANT CONNECT ON DATABASE app TO postgres",
			"log: pq: permission denied for database app)"}, []string{"pg_monitor"}},
		// Only where PostgreSQL trusts the client does it say the role is missing.
		{"no-such-role-trust.log", []string{"receivers.postgresql.username", `logs in as "otel", a role PostgreSQL does not have`,
			`pq: role "otel" does not exist)`}, nil},
		{"no-such-host.log", []string{"receivers.postgresql.endpoint", "cannot find PostgreSQL's host", "database:5432",
			"dial tcp: lookup nosuchhost on 10.255.255.53:53: no such host)"}, nil},
	}
	for _, c := range cases {
		t.Run(c.log, func(t *testing.T) {
			data, err := os.ReadFile("testdata/collector-log/" + c.log)
			if err != nil {
				t.Fatal(err)
			}
			fs := fromCollectorLog(l, "otel-collector", strings.Split(string(data), "\n"))
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1: %v", len(fs), fs)
			}
			text := fs[0].Text()
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n  %s", w, text)
				}
			}
			for _, w := range c.not {
				if strings.Contains(text, w) {
					t.Errorf("holds %q:\n  %s", w, text)
				}
			}
			if got := fs[0].Blocks; len(got) != 2 || got[0] != IDPGCommits || got[1] != IDPGRows {
				t.Errorf("blocks %v, want the two postgresql checks", got)
			}
		})
	}
	// Not measured (PostgreSQL 15 lets any role read the default statistics):
	// a permission error on a statistic asks for pg_monitor.
	line := `2026-12-01T10:00:00Z	error	Error scraping metrics	{"error": "pq: permission denied for function pg_ls_waldir"}`
	if fs := fromCollectorLog(l, "otel-collector", []string{line}); len(fs) != 1 || !strings.Contains(fs[0].Text(), "GRANT pg_monitor TO postgres") {
		t.Errorf("permission denied for a function: %v", fs)
	}
	if fs := fromCollectorLog(l, "otel-collector", []string{"all good"}); len(fs) != 0 {
		t.Errorf("findings from a clean log: %v", fs)
	}
}

// One cause, shown once: the first check it blocks carries it, the others
// point there; a check no finding covers keeps its own diagnosis.
func TestDiagnoseShowsARootCauseOnce(t *testing.T) {
	fs := []Finding{{Blocks: []string{IDJaegerService, IDServerSpan}, Where: model.Fact{File: "compose.yml"}, Problem: "p", Fix: "f"}}
	out := []Outcome{{ID: IDBackendTraffic, Status: Pass}, {ID: IDJaegerService, Status: Fail}, {ID: IDServerSpan, Status: Fail}, {ID: IDPGRows, Status: Fail}}
	list := []Check{{}, {}, {}, {Diagnose: func(Snapshot) string { return "own" }}}
	diagnose(out, list, Snapshot{}, fs)
	if out[1].Diagnosis != "compose.yml: p; f" || out[1].BlockedBy != "" {
		t.Errorf("root: %+v", out[1])
	}
	if out[2].BlockedBy != IDJaegerService || !strings.HasPrefix(out[2].Diagnosis, "blocked by jaeger_service") {
		t.Errorf("blocked: %+v", out[2])
	}
	if out[3].Diagnosis != "own" || out[0].Diagnosis != "" {
		t.Errorf("others: %+v %+v", out[3], out[0])
	}
}

// PostgreSQL names a role or a database bare or quoted, and the quotes are
// escaped in a raw JSON field.
func TestNameAfter(t *testing.T) {
	for _, c := range []struct{ line, prefix, want string }{
		{`pq: password authentication failed for user "otel"`, "for user ", "otel"},
		{`"error": "pq: role \"nolog\" is not permitted to log in"`, "role ", "nolog"},
		{`pq: permission denied for database app; pq: permission denied for database "app"`, "permission denied for database ", "app"},
		{`pq: permission denied for database "lab_locked"`, "permission denied for database ", "lab_locked"},
		{`pq: the database system is starting up`, "for user ", ""},
	} {
		if got := nameAfter(c.line, c.prefix); got != c.want {
			t.Errorf("nameAfter(%q, %q) = %q, want %q", c.line, c.prefix, got, c.want)
		}
	}
}
