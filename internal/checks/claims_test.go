package checks

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// breaks are the ways a snapshot's stages can be off, one bit each: the
// generated snapshots and the fuzz target combine them, so that the walk
// meets states no hand-written case has (a Collector that is unreachable
// while Prometheus's target is down, counters that disagree, ...).
var breaks = []func(s *Snapshot, n [6]uint8){ // at most 64: bits are a uint64
	func(s *Snapshot, _ [6]uint8) { // Collector's metrics not published
		s.Collector.Unreachable, s.Collector.URL = true, ""
		s.Collector.Err = "not reachable from this machine: publish port 8888"
		s.Collector.Accepted, s.Collector.Sent, s.Collector.SentFound, s.Collector.Exporters = 0, 0, false, nil
	},
	func(s *Snapshot, _ [6]uint8) { s.Collector.Err = "connect: connection refused" },
	func(s *Snapshot, n [6]uint8) { s.Collector.Accepted = float64(n[0] % 4) },
	func(s *Snapshot, n [6]uint8) { s.Collector.Sent = float64(n[1] % 4) },
	func(s *Snapshot, n [6]uint8) { s.Collector.Failed = float64(n[2] % 3) },
	func(s *Snapshot, n [6]uint8) { s.Collector.Queue = float64(n[3] % 3) },
	func(s *Snapshot, _ [6]uint8) { s.Collector.SentFound = false },
	func(s *Snapshot, _ [6]uint8) { s.Collector.Exporters = []string{"debug"} },
	func(s *Snapshot, _ [6]uint8) { s.Collector.Exporters = nil },
	func(s *Snapshot, _ [6]uint8) {
		s.JaegerErr, s.Services, s.Traces = "connect: connection refused", nil, nil
	},
	func(s *Snapshot, _ [6]uint8) { s.Services = []string{"jaeger"} },
	func(s *Snapshot, _ [6]uint8) { s.Services = []string{"jaeger", "unknown_service:python"} },
	func(s *Snapshot, _ [6]uint8) { s.Traces = nil },
	func(s *Snapshot, _ [6]uint8) { // no server span
		s.Traces = []jaeger.Trace{{ID: "t2", Spans: []jaeger.Span{{ID: "a", Kind: "client", Tags: map[string]string{"db.system": "postgresql"}}}}}
	},
	func(s *Snapshot, _ [6]uint8) { // no database span
		if len(s.Traces) > 0 && len(s.Traces[0].Spans) > 1 {
			s.Traces = []jaeger.Trace{{ID: s.Traces[0].ID, Spans: s.Traces[0].Spans[:1]}}
		}
	},
	func(s *Snapshot, _ [6]uint8) {
		s.ExportErr, s.ExportNames, s.ExportPostgres = "connect: connection refused", nil, 0
	},
	func(s *Snapshot, _ [6]uint8) {
		s.ExportErr, s.ExportNames, s.ExportPostgres = "not reachable: the exporter's port is not published", nil, 0
	},
	func(s *Snapshot, _ [6]uint8) {
		if s.ExportErr == "" {
			s.ExportNames, s.ExportPostgres = onlyCounts, 2
		}
	},
	func(s *Snapshot, _ [6]uint8) {
		s.PromErr, s.Targets, s.PromNames = "connect: connection refused", nil, nil
	},
	func(s *Snapshot, _ [6]uint8) { s.Targets = []Target{{Job: "prometheus", Health: "up"}} },
	func(s *Snapshot, _ [6]uint8) {
		for i := range s.Targets {
			s.Targets[i].Health, s.Targets[i].LastError = "down", "dial tcp: lookup colector: no such host"
		}
	},
	func(s *Snapshot, _ [6]uint8) {
		for i := range s.Targets {
			s.Targets[i].Health, s.Targets[i].LastError = "unknown", ""
		}
	},
	func(s *Snapshot, _ [6]uint8) { s.PromNames = nil },
	func(s *Snapshot, _ [6]uint8) { s.PromNames = onlyCounts },
	func(s *Snapshot, _ [6]uint8) { s.Topology = model.TopologyDirect },
	func(s *Snapshot, _ [6]uint8) { // the backend does not answer
		for i := range s.Traffic.Requests {
			s.Traffic.Requests[i] = Exchange{Method: "GET", Path: "/products/", Err: "connect: connection refused"}
		}
	},
	func(s *Snapshot, _ [6]uint8) {
		s.Traffic.Requests[0] = Exchange{Method: "POST", Path: "/products/", Status: 500, Body: "Internal Server Error"}
	},
	func(s *Snapshot, n [6]uint8) { s.Collector.ScrapeErrors = float64(n[4] % 40) },
	func(s *Snapshot, _ [6]uint8) { s.Commits = CommitsState{} },
	func(s *Snapshot, n [6]uint8) {
		v := float64(n[5])
		s.Commits = CommitsState{Seen: true, Source: commitsFromPrometheus, First: v, Latest: v}
	},
	func(s *Snapshot, _ [6]uint8) { // no request was sent at all (no answer, no error)
		for i := range s.Traffic.Requests {
			s.Traffic.Requests[i] = Exchange{Method: "GET", Path: "/products/{id}"}
		}
	},
	func(s *Snapshot, _ [6]uint8) { // a student's Compose project, not labctl's lab
		l := *s.Lab
		l.Origin = model.OriginDiscovered
		s.Lab = &l
	},
	// The edges a claim's comparison turns on (0, 1, more), so that a claim
	// moved by one is caught (scripts/mutate-claims).
	func(s *Snapshot, _ [6]uint8) { s.Traffic.Requests = nil }, // verify sent nothing
	func(s *Snapshot, _ [6]uint8) {
		if len(s.Traffic.Requests) > 1 {
			s.Traffic.Requests = s.Traffic.Requests[:1]
		}
	},
	func(s *Snapshot, _ [6]uint8) {
		if s.ExportErr == "" {
			s.ExportNames, s.ExportPostgres = []string{"postgresql_database_count"}, 1
		}
	},
}

// broken is a healthy snapshot with the breaks whose bit is set in bits.
func broken(bits uint64, n [6]uint8) Snapshot {
	s := healthy()
	s.Traffic.Requests = append([]Exchange(nil), s.Traffic.Requests...)
	s.Targets = append([]Target(nil), s.Targets...)
	for i, b := range breaks {
		if bits&(1<<i) != 0 {
			b(&s, n)
		}
	}
	return s
}

// numbersSaid are, for each diagnosis that quotes numbers, the snapshot's
// values it must quote, in order, and whether each must be above zero: a
// sentence that says "exported N spans ... but Jaeger has none" with N = 0
// contradicts itself.
var numbersSaid = map[string]func(Snapshot) (values []float64, positive []bool){
	"diag.spans.exported_elsewhere": func(s Snapshot) ([]float64, []bool) {
		return []float64{s.Collector.Sent}, []bool{true}
	},
	"diag.collector.no_exporter": func(s Snapshot) ([]float64, []bool) {
		return []float64{s.Collector.Accepted}, []bool{true}
	},
	"diag.collector.export_fails": func(s Snapshot) ([]float64, []bool) {
		c := s.Collector
		return []float64{c.Accepted, c.Sent, c.Failed, c.Queue}, []bool{true, false, false, false}
	},
	"diag.metrics.login": func(s Snapshot) ([]float64, []bool) {
		return []float64{s.Collector.ScrapeErrors}, []bool{true}
	},
	"diag.prom.down_serving": func(s Snapshot) ([]float64, []bool) {
		return []float64{float64(s.ExportPostgres)}, []bool{true}
	},
	"diag.commits.stayed": func(s Snapshot) ([]float64, []bool) {
		return []float64{s.Commits.Latest}, []bool{false}
	},
}

// mustHold are facts some sentences imply, written here apart from their
// claims, so that a claim left out of a sentence fails this test: a
// Collector said to be down or not running is one labctl can see.
var mustHold = map[string]func(Snapshot) error{
	"diag.collector.down":             collectorVisiblyDown,
	"diag.metrics.collector_down":     collectorVisiblyDown,
	"diag.prom.target_down_collector": collectorVisiblyDown,
	"diag.spans.exported_elsewhere": func(s Snapshot) error {
		if s.Collector.Unreachable || s.Collector.Err != "" || len(userServices(s.Services)) > 0 || s.JaegerErr != "" {
			return fmt.Errorf("said with Collector %+v, Jaeger services %v, error %q", s.Collector, s.Services, s.JaegerErr)
		}
		return nil
	},
	"diag.metrics.not_in_prom": func(s Snapshot) error {
		if s.ExportErr != "" || s.PromErr != "" {
			return fmt.Errorf("said with exporter error %q, Prometheus error %q", s.ExportErr, s.PromErr)
		}
		return nil
	},
	"diag.server_span.no_trace": func(s Snapshot) error {
		if !contains(s.Services, s.Service) || len(s.Traces) > 0 {
			return fmt.Errorf("said with services %v and %d traces", s.Services, len(s.Traces))
		}
		return nil
	},
}

func collectorVisiblyDown(s Snapshot) error {
	if s.Collector.Unreachable || s.Collector.Err == "" {
		return fmt.Errorf("said of a Collector with Unreachable=%v, Err=%q", s.Collector.Unreachable, s.Collector.Err)
	}
	return nil
}

// claimFree are the last words that state no fact of the snapshot (they are about time).
var claimFree = map[string]bool{
	"diag.jaeger_service.slow": true, "diag.collector.slow": true, "diag.prom.slow": true,
	"diag.could_not_tell": true,
}

// allExplainers are every check's diagnosis and the walks the
// expectations' checks use on their own.
func allExplainers() map[string]explainer {
	out := map[string]explainer{
		"walkSpans": walkSpans, "walkProm": walkProm,
		"walkMetrics(postgresql_rows)": walkMetrics("postgresql_rows"),
	}
	for id, f := range explainers {
		out[id] = f
	}
	return out
}

// checkClaims diagnoses s with every explainer and reports each diagnosis
// that states a fact s does not have.
func checkClaims(t *testing.T, s Snapshot, where string) (keys []string) {
	t.Helper()
	fr := msg.For(msg.French)
	for name, f := range allExplainers() {
		d := f(s)
		if !d.ok() {
			continue
		}
		keys = append(keys, keysIn(d.msg)...)
		at := fmt.Sprintf("%s: %s said %s (%q)", where, name, d.msg.Key, d.msg.English())
		if !msg.Has(d.msg.Key) {
			t.Errorf("%s: not in the catalog", at)
		}
		if w := msgtest.EnglishWords(fr.Text(d.msg)); len(w) > 0 {
			t.Errorf("%s: English left in its French: %v", at, w)
		}
		if len(d.claims) == 0 && !claimFree[d.msg.Key] {
			t.Errorf("%s: states no claim", at)
		}
		for _, c := range d.claims {
			if !c.holds(s) {
				t.Errorf("%s: claim %q is false on the snapshot", at, c.name)
			}
		}
		if why := checkTruth(s, d.msg); why != "" {
			t.Errorf("%s: its words are false on the snapshot: %s", at, why)
		}
		if check := mustHold[d.msg.Key]; check != nil {
			if err := check(s); err != nil {
				t.Errorf("%s: %v", at, err)
			}
		}
		got := numbersIn(d.msg)
		want, positive := []float64(nil), []bool(nil)
		if f := numbersSaid[d.msg.Key]; f != nil {
			want, positive = f(s)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: quotes the numbers %v, the snapshot has %v (numbersSaid lists what each sentence quotes)", at, got, want)
			continue
		}
		for i, p := range positive {
			if p && want[i] <= 0 {
				t.Errorf("%s: quotes %v where it says there are some", at, want[i])
			}
		}
	}
	return keys
}

// keysIn lists m's key and those of the messages among its arguments.
func keysIn(m msg.Message) []string {
	out := []string{m.Key}
	for _, a := range m.Args {
		if n, ok := a.(msg.Message); ok {
			out = append(out, keysIn(n)...)
		}
	}
	return out
}

// numbersIn lists the numbers among m's arguments (not inside nested messages
// or strings: addresses and names are strings).
func numbersIn(m msg.Message) []float64 {
	var out []float64
	for _, a := range m.Args {
		switch v := a.(type) {
		case float64:
			out = append(out, v)
		case int:
			out = append(out, float64(v))
		}
	}
	return out
}

// namedSnapshot is a snapshot the claims tests diagnose, and where it comes from.
type namedSnapshot struct {
	name string
	s    Snapshot
}

// generatedSnapshots are the walk cases' snapshots, then 3000 generated
// ones: a few breaks at a time (most snapshots of a real run have one or
// two stages off), from a fixed seed; then a grid of the Collector's
// counters.
func generatedSnapshots() []namedSnapshot {
	var out []namedSnapshot
	for _, c := range walkCases() {
		s := healthy()
		c.break_(&s)
		out = append(out, namedSnapshot{c.name, s})
	}
	r := rand.New(rand.NewSource(19))
	for i := 0; i < 3000; i++ {
		var bits uint64
		for j := r.Intn(5); j >= 0; j-- {
			bits |= 1 << r.Intn(len(breaks))
		}
		var n [6]uint8
		for j := range n {
			n[j] = uint8(r.Intn(256))
		}
		out = append(out, namedSnapshot{fmt.Sprintf("snapshot %#x %v", bits, n), broken(bits, n)})
	}
	// Every edge of the Collector's counters together, with Jaeger empty:
	// few random snapshots have two counters at an edge at once.
	for _, accepted := range []float64{0, 1, 2} {
		for _, sent := range []float64{0, 1, 2} {
			for _, failed := range []float64{0, 1, 2} {
				for _, exporters := range [][]string{nil, {"debug"}, {DefaultExporter}} {
					s := healthy()
					s.Services, s.Traces = []string{"jaeger"}, nil
					c := &s.Collector
					c.Accepted, c.Sent, c.Failed, c.Exporters, c.SentFound = accepted, sent, failed, exporters, has(exporters, DefaultExporter)
					out = append(out, namedSnapshot{fmt.Sprintf("counters accepted %v sent %v failed %v exporters %v", accepted, sent, failed, exporters), s})
				}
			}
		}
	}
	return out
}

// Every diagnosis of many generated snapshots states only facts that hold
// on its snapshot (its claims, and its words as truth_test.go reads them)
// and quotes its numbers; together they reach every walk sentence.
func TestDiagnosesNeverContradictTheirSnapshot(t *testing.T) {
	said := map[string]bool{}
	for _, g := range generatedSnapshots() {
		for _, k := range checkClaims(t, g.s, g.name) {
			said[k] = true
		}
		if t.Failed() {
			return
		}
	}
	// The generated set must reach every sentence, or it proves nothing of them.
	for _, k := range diagKeys(t) {
		if !said[k] {
			t.Errorf("no generated snapshot gets the diagnosis %s", k)
		}
	}
}

// diagKeys are the walk sentences' keys in the catalog.
func diagKeys(t *testing.T) []string {
	var out []string
	for _, k := range msg.Keys() {
		if strings.HasPrefix(k, "diag.") {
			out = append(out, k)
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d diag.* keys in the catalog", len(out))
	}
	return out
}

// The bug issue 19 quotes: with the Collector's metrics out of reach, the
// walk said "the Collector exported 0 spans ... but Jaeger has none".
func TestUnreachableCollectorIsNotSaidToExport(t *testing.T) {
	s := broken(1<<0|1<<10|1<<12, [6]uint8{}) // unreachable, Jaeger has only itself, no traces
	for _, id := range []string{IDJaegerService, IDCollector, IDServerSpan} {
		d := explainers[id](s)
		if d.msg.Key != "diag.spans.collector_unseen" {
			t.Errorf("%s: %s %q, want diag.spans.collector_unseen", id, d.msg.Key, d.msg.English())
		}
		if strings.Contains(d.msg.English(), "exported") {
			t.Errorf("%s: %q", id, d.msg.English())
		}
	}
	// Prometheus's target down: the Collector is not said to be stopped when labctl cannot see it.
	s = broken(1<<0|1<<20, [6]uint8{})
	if d := explainers[IDPromScrape](s); d.msg.Key != "diag.prom.target_down" {
		t.Errorf("prometheus_scrape: %s %q", d.msg.Key, d.msg.English())
	}
	// The exporter out of reach: not said to serve what labctl could not read.
	s = broken(1<<16|1<<22, [6]uint8{})
	if d := explainers[IDPGRows](s); d.msg.Key != "diag.metrics.not_in_prom_unseen" {
		t.Errorf("postgresql_rows: %s %q", d.msg.Key, d.msg.English())
	}
}

// FuzzDiagnoseClaims: no combination of broken stages gives a diagnosis
// that states a fact its snapshot does not have.
func FuzzDiagnoseClaims(f *testing.F) {
	f.Add(uint64(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add(uint64(1<<0|1<<10|1<<12), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add(uint64(1<<3|1<<10), uint8(8), uint8(0), uint8(0), uint8(1), uint8(0), uint8(12))
	f.Add(uint64(1<<17|1<<27|1<<29), uint8(0), uint8(0), uint8(0), uint8(0), uint8(35), uint8(12))
	f.Fuzz(func(t *testing.T, bits uint64, a, b, c, d, e, g uint8) {
		checkClaims(t, broken(bits, [6]uint8{a, b, c, d, e, g}), fmt.Sprintf("snapshot %#x", bits))
	})
}

// Every check verify runs says its explainer's diagnosis, so that the
// claims tests above walk what verify says.
func TestChecksSayTheirExplainer(t *testing.T) {
	e := &env{lab: defaultLab(), service: "backend-service", topology: model.TopologyCollector, expectDB: true}
	list := e.checks()
	if len(list) != len(explainers) {
		t.Errorf("%d checks, %d explainers", len(list), len(explainers))
	}
	for _, bits := range []uint64{0, 1 << 0, 1<<3 | 1<<10, 1 << 13, 1 << 14, 1 << 18, 1 << 20, 1 << 25, 1 << 26, 1 << 29} {
		s := broken(bits, [6]uint8{8, 0, 1, 1, 3, 12})
		for _, c := range list {
			f, ok := explainers[c.ID]
			if !ok {
				t.Fatalf("check %s has no explainer", c.ID)
			}
			if got, want := c.Diagnose(s), f(s).msg; got.English() != want.English() {
				t.Errorf("%s on %#x: says %q, its explainer %q", c.ID, bits, got.English(), want.English())
			}
		}
	}
}
