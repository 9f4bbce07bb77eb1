package scenario

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/scenario/scenariotest"
	"github.com/labctl/labctl/internal/testbed"

	"github.com/labctl/labctl/internal/testutil"
)

// jaegerUnderTest is a real Jaeger fed over OTLP, queried over HTTP.
type jaegerUnderTest struct {
	name  string
	start func(t *testing.T) (queryURL, otlpGRPC string)
}

var realJaegers = []jaegerUnderTest{
	{"v2 api_v3", func(t *testing.T) (string, string) {
		j := testbed.StartJaeger(t)
		return j.URL(), j.OTLPGRPC
	}},
	// The UI API (process tags for service.version), under the demo's base path.
	{"v1 ui under /jaeger/ui", func(t *testing.T) (string, string) {
		j := testbed.StartJaegerV1(t, "/jaeger/ui")
		return testutil.HideJaegerV3(t, j.QueryURL), j.OTLPGRPC
	}},
}

// TestVerdictsThroughRealJaeger sends each run's spans with the real
// OpenTelemetry SDK to a real Jaeger (v2 and v1) and judges them through
// Jaeger's HTTP API, as labctl scenario --jaeger does. The run's spans start
// once the watch has (its clock emits them at its first read); a stale run
// finds an earlier run's spans in Jaeger too, which must not count.
func TestVerdictsThroughRealJaeger(t *testing.T) {
	t.Parallel()
	runs := []struct {
		name    string
		service string
		version string
		attrs   scenariotest.Names
		shape   scenariotest.Shape
		n       int // requests; 0: no traffic
		want    Reason
		stale   bool // Jaeger holds a minute of an earlier run's leak (the flag on then)
	}{
		{"leak 2.1 app.* names", "recommendation", "2.1.3", scenariotest.AppNames, scenariotest.Leak, 24, ReasonLeak, false},
		{"leak 3.0 demo.* names", "recommendation", "3.0.0", scenariotest.DemoNames, scenariotest.Leak, 24, ReasonLeak, false},
		{"leak 1.12 recommendationservice", "recommendationservice", "1.12.0", scenariotest.AppNames, scenariotest.Leak, 24, ReasonLeak, false},
		{"flag on, 2.2: misses fail", "recommendation", "2.2.0", scenariotest.AppNames, scenariotest.Defect, 20, ReasonDefect, false},
		{"flag off", "recommendation", "2.1.3", scenariotest.AppNames, scenariotest.Off, 12, ReasonFlagOff, false},
		{"1.10: the flag did nothing", "recommendationservice", "1.10.0", scenariotest.AppNames, scenariotest.Off, 12, ReasonFlagIgnored, false},
		{"no traffic", "recommendation", "3.0.0", scenariotest.DemoNames, scenariotest.Leak, 0, ReasonNoTraffic, false},
		{"stale: an earlier run leaked, the flag is off now", "recommendation", "2.1.3", scenariotest.AppNames, scenariotest.Off, 8, ReasonFlagOff, true},
	}
	for _, jg := range realJaegers {
		t.Run(jg.name, func(t *testing.T) {
			t.Parallel()
			for _, r := range runs {
				t.Run(r.name, func(t *testing.T) {
					queryURL, otlp := jg.start(t)
					if r.stale {
						old := scenariotest.NewEmitter(t, otlp, r.service, r.version, r.attrs, scenariotest.Leak)
						old.History(t, 24, 60*time.Second)
						waitForSpans(t, queryURL, r.service, 24)
					}
					// The watch's clock: its first read is the watch's start;
					// the run's requests follow it, 40 ms apart.
					var once sync.Once
					now := func() time.Time {
						at := time.Now()
						once.Do(func() {
							if r.n > 0 {
								e := scenariotest.NewEmitter(t, otlp, r.service, r.version, r.attrs, r.shape)
								e.Burst(t, r.n, at.Add(100*time.Millisecond), 40*time.Millisecond)
							}
						})
						return at
					}
					dir := t.TempDir()
					var demoDir string
					if r.want == ReasonFlagIgnored { // the file says on, the service reads another flag
						demoDir = demoCheckout(t, "flagd-1.x.json", true)
					}
					var progress bytes.Buffer
					// Searches of 500 ms hold at most 13 of them (Jaeger gives 20 a search).
					res, err := Run(context.Background(), Options{Jaeger: queryURL, DemoDir: demoDir, Dir: dir,
						Watch: 1500 * time.Millisecond, Poll: 100 * time.Millisecond, Chunk: 500 * time.Millisecond,
						Progress: &progress, Now: now})
					if err != nil {
						t.Fatalf("Run: %v\n%s", err, progress.String())
					}
					v := res.Evidence.Verdict
					if v.Reason != r.want || v.Proven != (r.want == ReasonLeak) {
						t.Fatalf("verdict %+v, want %s\nevidence %+v\n%s", v, r.want, res.Evidence, progress.String())
					}
					e := res.Evidence
					if r.n > 0 && (e.Version != r.version || e.Service != r.service || e.Spans != r.n) {
						t.Errorf("evidence: version %q service %q spans %d; want %s %s %d", e.Version, e.Service, e.Spans, r.version, r.service, r.n)
					}
					if r.want == ReasonLeak {
						if e.Hit == nil || e.Miss == nil || len(e.Hit.TraceID) != 32 || len(e.Miss.TraceID) != 32 {
							t.Errorf("evidence hit %+v miss %+v: want both trace IDs", e.Hit, e.Miss)
						}
						if e.Growth == nil || e.Growth.Last <= e.Growth.First || e.Growth.Misses != r.n/2 || len(e.Series) != r.n/2 {
							t.Errorf("growth %+v series %v: want %d misses growing", e.Growth, e.Series, r.n/2)
						}
						if e.Latency.Misses.P50MS <= e.Latency.Hits.P50MS {
							t.Errorf("latency %+v: misses not slower", e.Latency)
						}
					}
					if _, err := os.Stat(filepath.Join(dir, EvidenceFile)); err != nil {
						t.Errorf("no evidence written: %v", err)
					}
				})
			}
		})
	}
}

// waitForSpans waits until Jaeger has n get_product_list spans of service.
func waitForSpans(t *testing.T, queryURL, service string, n int) {
	t.Helper()
	w := newWatcher(t, queryURL, service)
	deadline := time.Now().Add(15 * time.Second)
	for {
		w.samples, w.seen = nil, nil
		err := w.Step(context.Background(), time.Now().Add(-2*time.Minute))
		if err == nil && len(w.Samples()) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Jaeger at %s has %d of %d spans after 15s (last error %v)", queryURL, len(w.Samples()), n, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// demoCheckout is a folder shaped as an opentelemetry-demo clone with the
// flag file from testdata, its scenario flag on when on is set.
func demoCheckout(t *testing.T, layout string, on bool) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", layout))
	if err != nil {
		t.Fatal(err)
	}
	if on {
		for _, f := range FlagNames {
			if out, _, err := SetDefaultVariant(data, f, "on"); err == nil {
				data = out
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(FlagFileIn(dir)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(FlagFileIn(dir), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
