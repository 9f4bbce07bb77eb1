package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
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
	// The backend's settings as discovery reads them from its environment.
	env := map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "service.name=" + l.Backend.ServiceName}
	if l.Backend.OTLPEndpoint != "" {
		env["OTEL_EXPORTER_OTLP_ENDPOINT"] = l.Backend.OTLPEndpoint
	}
	l.Backend = model.ReadBackendEnv(env, "", func(k string) model.Fact {
		return model.Fact{File: "compose.yml", Key: "services.backend.environment." + k}
	})
	l.Complete() // as discovery ends
	return l
}

// The lab's model shows each cause by itself: the first finding that
// blocks a check is the cause verify shows there, with its rule, file,
// line, key and fix.
func TestOfLabFindsTheStudentsMistakes(t *testing.T) {
	none := [2]string{}
	cases := []struct {
		name       string
		otel, prom [2]string
		mod        func(*model.Lab)
		blocks     string
		rule       string
		want       []string
	}{
		{name: "working", want: nil},
		{name: "backend to localhost", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "http://localhost:4317" },
			blocks: BlocksTraces, rule: "LAB010", want: []string{"compose.yml services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317"}},
		{name: "backend without endpoint", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "" },
			blocks: BlocksSpans, rule: "LAB070", want: []string{"sets no OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4317"}},
		{name: "backend to a missing service", mod: func(l *model.Lab) { l.Backend.OTLPEndpoint = "http://collector:4317" },
			blocks: BlocksCollect, rule: "LAB011", want: []string{`no service is named "collector"`, "otel-collector, prometheus"}},
		{name: "another service name", mod: func(l *model.Lab) { l.Backend.ServiceName = "my-backend" },
			blocks: BlocksTraces, rule: "LAB071", want: []string{"OTEL_RESOURCE_ATTRIBUTES", "service.name=my-backend", "backend-service"}},
		{name: "Collector exited", mod: func(l *model.Lab) { l.Services[3].Running, l.Services[3].State = false, "exited" },
			blocks: BlocksPGRows, rule: "LAB072", want: []string{"otel-collector-config.yaml: the otel-collector container is exited", "docker compose up -d"}},
		// Its config not in its container (a folder mounted over the
		// config's directory): still said, with no file to name.
		{name: "Collector exited, no config read", mod: func(l *model.Lab) { l.Services[3].Running, l.Services[3].State = false, "exited"; l.Collector = nil },
			blocks: BlocksPG, rule: "LAB072", want: []string{"the otel-collector container is exited", "docker compose up -d"}},
		{name: "no traces pipeline", otel: [2]string{"    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [otlp/jaeger]\n", ""},
			blocks: BlocksDBSpan, rule: "LAB073", want: []string{"service.pipelines: the Collector has no traces pipeline"}},
		{name: "exporter to localhost", otel: [2]string{"endpoint: jaeger:4317", "endpoint: localhost:4317"},
			blocks: BlocksTraces, rule: "LAB006", want: []string{"otel-collector-config.yaml:22 exporters.otlp/jaeger.endpoint", "endpoint: jaeger:4317"}},
		{name: "exporter without insecure", otel: [2]string{"    tls:\n      insecure: true\n  prometheus:", "  prometheus:"},
			blocks: BlocksTraces, rule: "LAB009", want: []string{"exporters.otlp/jaeger", "tls: {insecure: true}"}},
		{name: "receiver on localhost", otel: [2]string{"endpoint: 0.0.0.0:4317", "endpoint: localhost:4317"},
			blocks: BlocksSpans, rule: "LAB005", want: []string{"otel-collector-config.yaml:5 receivers.otlp.protocols.grpc.endpoint", "0.0.0.0:4317"}},
		{name: "receiver without endpoint", otel: [2]string{"      grpc:\n        endpoint: 0.0.0.0:4317\n", "      grpc:\n"},
			blocks: BlocksSpans, rule: "LAB005", want: []string{"receivers.otlp.protocols.grpc", "has no endpoint", "localhost:4317"}},
		{name: "pipeline without the exporter", otel: [2]string{"exporters: [otlp/jaeger]", "exporters: [prometheus]"},
			mod: func(l *model.Lab) { l.Exporter = "" }, blocks: BlocksTraces, rule: "LAB017", want: []string{"service.pipelines.traces.exporters", "otlp/jaeger"}},
		{name: "postgresql on another host", otel: [2]string{"endpoint: database:5432", "endpoint: db:5432"},
			blocks: BlocksPG, rule: "LAB018", want: []string{"receivers.postgresql.endpoint", "database:5432"}},
		{name: "prometheus exporter on loopback", otel: [2]string{"endpoint: 0.0.0.0:8889", "endpoint: 127.0.0.1:8889"},
			blocks: BlocksScrape, rule: "LAB042", want: []string{"exporters.prometheus.endpoint", "0.0.0.0:8889"}},
		{name: "no metrics pipeline (the bonus not done)", otel: [2]string{"    metrics:\n      receivers: [postgresql]\n      processors: [batch]\n      exporters: [prometheus]\n", ""},
			blocks: BlocksScrape, rule: "LAB075", want: []string{"otel-collector-config.yaml exporters", "no prometheus exporter in a pipeline", "0.0.0.0:8889"}},
		{name: "prometheus scrapes another port", prom: [2]string{"otel-collector:8889", "otel-collector:8888"},
			blocks: BlocksScrape, rule: "LAB041", want: []string{"prometheus.yml:6", "otel-collector:8889"}},
		{name: "no job scrapes the Collector", prom: [2]string{"otel-collector:8889", "collector:8889"},
			mod: func(l *model.Lab) { l.CollectorJob = "" }, blocks: BlocksPGRows, rule: "LAB076", want: []string{"no Prometheus job scrapes", "otel-collector:8889"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := OfLab(courseLab(t, orEdit(c.otel, none), orEdit(c.prom, none), c.mod))
			if c.want == nil {
				if len(fs) > 0 {
					t.Fatalf("a working project has findings: %v", fs[0].Diagnosis().English())
				}
				return
			}
			var got *Finding
			for i := range fs {
				if fs[i].BlocksCheck(c.blocks) {
					got = &fs[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("no finding blocks %s (%d findings)", c.blocks, len(fs))
			}
			text := got.Diagnosis().English()
			if got.Rule != c.rule {
				t.Errorf("rule %s, want %s: %s", got.Rule, c.rule, text)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("finding lacks %q: %s", w, text)
				}
			}
			if strings.Contains(text, "MISSING") || got.Message.Key == "" || got.Fix.Key == "" {
				t.Errorf("not through the catalog: %+v", got)
			}
			// In French too, and a port stays a port (no "4 317").
			if fr := msg.For(msg.French).Text(got.Diagnosis()); strings.Contains(fr, "MISSING") || strings.Contains(fr, "%!") || groupedDigits.MatchString(fr) {
				t.Errorf("in French: %s", fr)
			}
		})
	}
}

var groupedDigits = regexp.MustCompile(`\d[\s\x{a0}\x{202f}]\d{3}\b`)

func orEdit(e, def [2]string) [2]string {
	if e[0] == "" {
		return def
	}
	return e
}

// verifyStage is where each rule verify runs stands as the data flows: a
// rule verify runs that is not here fails TestOrder (say where it stands).
var verifyStage = map[string]int{
	"LAB077": 0,                                        // a part that is down: before anything it carries
	"LAB070": 1, "LAB010": 1, "LAB011": 1, "LAB071": 1, // the backend
	"LAB072": 2, "LAB073": 2, "LAB005": 2, "LAB017": 2, "LAB006": 2, "LAB007": 2, "LAB009": 2, // the Collector's traces
	"LAB074": 3, "LAB018": 3, "LAB075": 3, "LAB042": 3, // the Collector's metrics
	"LAB076": 4, "LAB041": 4, // Prometheus
}

// The order derived from the rules' After keeps the data's flow: backend,
// then the Collector's traces, then its metrics, then Prometheus (a cause
// is shown on the first failed check it blocks, so the one upstream wins);
// the fallback log rule comes after the precise ones.
func TestOrder(t *testing.T) {
	order, err := Ordered(All())
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != len(All()) {
		t.Fatalf("%d rules ordered, %d registered", len(order), len(All()))
	}
	stage, last := -1, ""
	var logs []string
	for _, r := range order {
		if r.Log != nil {
			logs = append(logs, r.ID)
		}
		if r.Check == nil || r.Needs&NeedFiles != 0 {
			continue
		}
		s, ok := verifyStage[r.ID]
		if !ok {
			t.Errorf("verify runs %s: say where it stands in verifyStage", r.ID)
			continue
		}
		if s < stage {
			t.Errorf("%s (stage %d) comes after %s (stage %d)", r.ID, s, last, stage)
		}
		stage, last = s, r.ID
		if r.Title == "" || r.Page == "" || r.Fix == "" || len(r.Blocks) == 0 {
			t.Errorf("%s lacks a title, a page, a fix or the checks it blocks", r.ID)
		}
	}
	if want := []string{"LAB063", "LAB064", "LAB065", "LAB066", "LAB067", "LAB018", "LAB068"}; strings.Join(logs, " ") != strings.Join(want, " ") {
		t.Errorf("log rules in order %v, want %v", logs, want)
	}
	// A cycle, or an After naming no rule, is refused.
	a, b, c := &Rule{ID: "LAB901", After: []string{"LAB903"}}, &Rule{ID: "LAB902", After: []string{"LAB901"}}, &Rule{ID: "LAB903", After: []string{"LAB902"}}
	if _, err := Ordered([]*Rule{a, b, c}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a cycle: %v", err)
	}
	if _, err := Ordered([]*Rule{{ID: "LAB901", After: []string{"LAB999"}}}); err == nil {
		t.Error("an After naming no rule is accepted")
	}
	// Ties are broken by ID, whatever order the rules come in.
	got, err := Ordered([]*Rule{{ID: "LAB903"}, {ID: "LAB901", After: []string{"LAB903"}}, {ID: "LAB902"}})
	if err != nil || got[0].ID != "LAB902" || got[1].ID != "LAB903" || got[2].ID != "LAB901" {
		t.Errorf("stable order: %v, %v", got, err)
	}
}

// An exited Collector's finding quotes the line of its log that says why
// (the error read whole, with its continuation lines), not the first line
// that holds "error" ("decoding failed due to the following error(s):").
func TestExitedCollectorQuotesTheCause(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "logscan", "testdata", "collector-unknown-type.log"))
	if err != nil {
		t.Fatal(err)
	}
	l := courseLab(t, [2]string{}, [2]string{}, func(l *model.Lab) { l.Services[3].Running, l.Services[3].State = false, "exited" })
	for _, f := range Diagnose(l, logOf("otel-collector", string(data))) {
		if f.Rule != "LAB072" {
			continue
		}
		if !strings.Contains(f.Quote, `unknown type: "jaeger"`) {
			t.Errorf("quote %q, want the line with the cause", f.Quote)
		}
		return
	}
	t.Fatal("no LAB072")
}
