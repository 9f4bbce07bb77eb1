package checks

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/render"
)

var fastBackoff = Backoff{Min: 10 * time.Millisecond, Max: 40 * time.Millisecond, Attempt: time.Second}

// probeAfter fails n times, then passes; it records when it was called.
type probeAfter struct {
	mu    sync.Mutex
	n     int
	calls []time.Time
}

func (p *probeAfter) probe(context.Context) (msg.Message, map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, time.Now())
	if len(p.calls) <= p.n {
		return msg.Message{}, nil, errors.New("not yet")
	}
	return msg.Raw("ok"), map[string]string{"calls": "done"}, nil
}

func TestRunnerPassesAfterRetriesWithBackoff(t *testing.T) {
	p := &probeAfter{n: 4}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out := RunChecks(ctx, []Check{{ID: "a", Probe: p.probe, Level: Required}}, fastBackoff, nil)
	if out[0].Status != Pass || out[0].Evidence != "ok" || out[0].Facts["calls"] != "done" {
		t.Fatalf("outcome %+v, want pass with evidence and facts", out[0])
	}
	if len(p.calls) != 5 {
		t.Fatalf("%d calls, want 5 (stop as soon as it passes)", len(p.calls))
	}
	// Waits double from Min and stop growing at Max: 10, 20, 40, 40 ms.
	want := []time.Duration{10, 20, 40, 40}
	for i := 1; i < len(p.calls); i++ {
		gap := p.calls[i].Sub(p.calls[i-1])
		w := want[i-1] * time.Millisecond
		if gap < w || gap > w+150*time.Millisecond {
			t.Errorf("wait %d = %s, want about %s", i, gap, w)
		}
	}
}

func TestRunnerStopsAtDeadlineWithLastError(t *testing.T) {
	calls := 0
	probe := func(ctx context.Context) (msg.Message, map[string]string, error) {
		calls++
		return msg.Message{}, map[string]string{"n": "x"}, errors.New("still nothing")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	out := RunChecks(ctx, []Check{{ID: "a", Probe: probe}}, fastBackoff, nil)
	took := time.Since(start)
	if out[0].Status != Fail || out[0].Evidence != "still nothing" {
		t.Fatalf("outcome %+v, want fail with the probe's last error", out[0])
	}
	if took < 140*time.Millisecond || took > 400*time.Millisecond {
		t.Errorf("took %s, want about the 150ms deadline", took)
	}
	if calls < 3 {
		t.Errorf("%d calls, want several before the deadline", calls)
	}
}

func TestRunnerKeepsRealErrorWhenDeadlineCutsLastLook(t *testing.T) {
	n := 0
	probe := func(ctx context.Context) (msg.Message, map[string]string, error) {
		n++
		if n == 1 {
			return msg.Message{}, nil, errors.New("no trace yet")
		}
		<-ctx.Done() // a hung call, cut by the deadline
		return msg.Message{}, nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	out := RunChecks(ctx, []Check{{ID: "a", Probe: probe}}, fastBackoff, nil)
	if out[0].Evidence != "no trace yet" {
		t.Fatalf("evidence %q, want the last real error", out[0].Evidence)
	}
}

func TestRunnerPermanentErrorStopsPolling(t *testing.T) {
	calls := 0
	probe := func(context.Context) (msg.Message, map[string]string, error) {
		calls++
		return msg.Message{}, nil, Permanent(errors.New("500 from the backend"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	out := RunChecks(ctx, []Check{{ID: "a", Probe: probe}}, fastBackoff, nil)
	if calls != 1 || out[0].Status != Fail || time.Since(start) > time.Second {
		t.Fatalf("calls %d, outcome %+v: a permanent error must fail at once", calls, out[0])
	}
}

func TestRunnerAttemptTimeoutBoundsOneLook(t *testing.T) {
	var deadlines []time.Duration
	probe := func(ctx context.Context) (msg.Message, map[string]string, error) {
		dl, _ := ctx.Deadline()
		deadlines = append(deadlines, time.Until(dl))
		return msg.Raw("fine"), nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	RunChecks(ctx, []Check{{ID: "a", Probe: probe}}, Backoff{Min: time.Millisecond, Max: time.Millisecond, Attempt: 50 * time.Millisecond}, nil)
	if len(deadlines) != 1 || deadlines[0] > 50*time.Millisecond {
		t.Fatalf("probe deadlines %v, want one look bounded by 50ms", deadlines)
	}
}

func TestRunnerRunsConcurrentlyKeepsOrderAndSkips(t *testing.T) {
	slow := func(d time.Duration, ev string) Probe {
		return func(ctx context.Context) (msg.Message, map[string]string, error) {
			time.Sleep(d)
			return msg.Raw(ev), nil, nil
		}
	}
	list := []Check{
		{ID: "first", Probe: slow(300*time.Millisecond, "1")},
		{ID: "skipped", SkipReason: "topology direct", Probe: func(context.Context) (msg.Message, map[string]string, error) {
			t.Error("a skipped check was probed")
			return msg.Message{}, nil, nil
		}},
		{ID: "third", Probe: slow(300*time.Millisecond, "3")},
	}
	var mu sync.Mutex
	var done []string
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out := RunChecks(ctx, list, fastBackoff, func(o Outcome) {
		mu.Lock()
		done = append(done, o.ID)
		mu.Unlock()
	})
	if took := time.Since(start); took > 550*time.Millisecond {
		t.Errorf("took %s: checks did not run concurrently", took)
	}
	if out[0].ID != "first" || out[1].ID != "skipped" || out[2].ID != "third" {
		t.Errorf("outcomes out of order: %v", out)
	}
	if out[1].Status != Skip || out[1].Evidence != "topology direct" {
		t.Errorf("skipped outcome %+v", out[1])
	}
	if len(done) != 3 || done[0] != "skipped" {
		t.Errorf("done callbacks %v, want 3 with the skip first", done)
	}
}

func TestRunnerCancelStopsEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	probe := func(context.Context) (msg.Message, map[string]string, error) {
		return msg.Message{}, nil, errors.New("no")
	}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	out := RunChecks(ctx, []Check{{ID: "a", Probe: probe}, {ID: "b", Probe: probe}}, Backoff{Min: time.Second, Max: time.Second}, nil)
	if time.Since(start) > 500*time.Millisecond {
		t.Fatal("cancel did not stop the runner")
	}
	for _, o := range out {
		if o.Status != Fail {
			t.Errorf("%s: %s after cancel, want fail", o.ID, o.Status)
		}
	}
}

func TestCollectorCheckSkippedInDirectTopology(t *testing.T) {
	for topo, skipped := range map[model.Topology]bool{model.TopologyDirect: true, model.TopologyCollector: false} {
		e := &env{lab: defaultLab(), topology: topo}
		if c := e.collectorCheck(); (c.SkipReason != "") != skipped {
			t.Errorf("%s: skip reason %q", topo, c.SkipReason)
		}
	}
	e := &env{lab: defaultLab(), expectDB: false}
	if e.dbSpanCheck().Level != Bonus {
		t.Error("db_client_span is required for a backend without DB instrumentation")
	}
}

func TestOptionsDefaultsFromConfig(t *testing.T) {
	cfg := config.Default()
	cfg.Host = "docker"
	l, err := render.Describe(cfg) // the caller builds the lab
	if err != nil {
		t.Fatal(err)
	}
	o, err := Options{Lab: l}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	e := o.Lab.Endpoints
	if e.JaegerGRPC.Addr != "docker:16685" || e.Prometheus.URL() != "http://docker:9090" || e.Backend.URL() != "http://docker:8000" ||
		e.CollectorMetrics.URL() != "http://docker:8888/metrics" || e.CollectorExporter.URL() != "http://docker:8889/metrics" ||
		o.Lab.ServiceName != "backend-service" || o.Timeout != 90*time.Second || o.Lab.Exporter != DefaultExporter {
		t.Errorf("defaults %+v", o.Lab)
	}
	// Flags override one endpoint and leave the caller's lab alone.
	o2, err := Options{Lab: o.Lab.With(model.Overrides{JaegerURL: "http://host/jaeger/ui/", BackendURL: "http://127.0.0.1:8080"})}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if got := o2.Lab.Endpoints.JaegerUI.URL(); got != "http://host:80/jaeger/ui" {
		t.Errorf("jaeger UI %q", got)
	}
	if o2.Lab.Endpoints.JaegerGRPC.Reachable() || o2.Lab.Endpoints.Backend.URL() != "http://127.0.0.1:8080" {
		t.Errorf("overrides %+v", o2.Lab.Endpoints)
	}
	if o.Lab.Endpoints.Backend.URL() != "http://docker:8000" {
		t.Error("the overrides changed the caller's lab")
	}
}

// An outcome keeps its title and evidence as catalog messages beside their
// English text, which stays what it was; text without a catalog entry adds
// nothing to verify.json.
func TestOutcomeMessages(t *testing.T) {
	ctx := context.Background()
	pass := func(context.Context) (msg.Message, map[string]string, error) {
		return msg.New("check.traffic.summary", 4, "201 200 200 200"), nil, nil
	}
	fail := func(context.Context) (msg.Message, map[string]string, error) {
		return msg.Message{}, nil, Permanent(msg.Errorf("check.prometheus.no_metric", "postgresql_rows"))
	}
	plain := func(context.Context) (msg.Message, map[string]string, error) {
		return msg.Message{}, nil, Permanent(errors.New("dial tcp: connection refused"))
	}
	out := RunChecks(ctx, []Check{
		{ID: "p", Title: msg.New("check.jaeger_service", "backend-service"), Probe: pass},
		{ID: "f", Title: msg.New("check.postgresql_rows"), Probe: fail},
		{ID: "e", Name: "named in English only", Probe: plain},
		{ID: "s", Title: msg.New("check.collector_pipeline"), SkipReason: msg.New("check.collector_pipeline.direct", "direct").English(), Skip: msg.New("check.collector_pipeline.direct", "direct")},
	}, fastBackoff, nil)
	want := []struct{ name, evidence, nameKey, evKey string }{
		{"Jaeger knows service backend-service", "4 requests: 201 200 200 200", "check.jaeger_service", "check.traffic.summary"},
		{"postgresql_rows is present", "Prometheus has no postgresql_rows", "check.postgresql_rows", "check.prometheus.no_metric"},
		{"named in English only", "dial tcp: connection refused", "", ""},
		{"spans go through the Collector", "topology direct: the backend sends to Jaeger directly", "check.collector_pipeline", "check.collector_pipeline.direct"},
	}
	for i, w := range want {
		o := out[i]
		key := func(m *msg.Message) string {
			if m == nil {
				return ""
			}
			return m.Key
		}
		if o.Name != w.name || o.Evidence != w.evidence || key(o.NameMsg) != w.nameKey || key(o.EvidenceMsg) != w.evKey {
			t.Errorf("%s: name %q (%s), evidence %q (%s); want %q (%s), %q (%s)", o.ID, o.Name, key(o.NameMsg), o.Evidence, key(o.EvidenceMsg), w.name, w.nameKey, w.evidence, w.evKey)
		}
	}
	if got := msg.For(msg.French).Text(out[1].EvidenceText()); got != "Prometheus n'a pas de postgresql_rows" {
		t.Errorf("French evidence = %q", got)
	}
}
