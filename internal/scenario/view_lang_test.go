package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// The scenario's progress (its start line, the plain lines and the live
// table) in English as it always was, and in French with no English left
// and French numbers.
func TestProgressInTheCoursesLanguage(t *testing.T) {
	all := Summary{Spans: 40, Disabled: 2, Hits: 20, Misses: 18, MissErrors: 1,
		Series: []Point{{Count: 10}, {Count: 1250}}}
	win := Summary{HitLatency: Latency{N: 5, P50: 1400 * time.Microsecond, P95: 2 * time.Millisecond},
		MissLatency: Latency{N: 4, P50: 12500 * time.Microsecond, P95: 20 * time.Millisecond}}
	h := Health{Checked: true, Restarts: 1, OOMKilled: true, MemoryBytes: 300 << 20, MemoryFirst: 120 << 20}
	rel := &Release{Versions: "1.9–1.10"}
	start := func(p *msg.Printer, k Known, version, service string) string {
		return p.Say(msg.New("scenario.start", describeStart(version, k, service)...))
	}
	en := msg.For(msg.English)
	for _, tc := range []struct{ got, want string }{
		{plainLine(en, all, win, h), "spans 40, hits 20, misses 18, flag off 2, failed misses 1; product count on misses 10 → 1250; p50 hits 1.4 ms, misses 12.5 ms; memory 300 MiB (from 120 MiB), restarts 1, OOM-killed"},
		{table(en, all, win, h, 65*time.Second, 2*time.Minute, time.Minute), "watching 1:05 / 2:00: 40 spans, 20 hits, 18 misses, 2 with the flag off\n" +
			"  last 1:00          n        p50        p95\n" +
			"  hits               5     1.4 ms     2.0 ms\n" +
			"  misses             4    12.5 ms    20.0 ms\n" +
			"  product count on misses: 10 → 1250  ▁█\n" +
			"  failed misses: 1\n" +
			"  memory 300 MiB (from 120 MiB), restarts 1, OOM-killed\n"},
		{start(en, Known{Release: rel, Flag: &Flag{Name: "recommendationCacheFailure", DefaultVariant: "on"}, Where: "flagd.json"}, "1.10.0", "recommendation"),
			"demo 1.10.0 (labctl knows it as 1.9–1.10); flag recommendationCacheFailure on (flagd.json); service recommendation"},
		{start(en, Known{}, "", ""), "release unknown; flag: unknown (no flag file or API); service no recommendation spans yet"},
		{start(en, Known{}, "2.9.0", "recommendation"), "demo 2.9.0 (a release labctl does not know; names guessed from the spans); flag: unknown (no flag file or API); service recommendation"},
		{en.Say(msg.New("scenario.progress.found", Name, msg.New("scenario.found.docker", "otel-demo"), "http://127.0.0.1:8080/jaeger/ui")),
			"scenario " + Name + ": demo found through Docker (Compose project otel-demo); Jaeger http://127.0.0.1:8080/jaeger/ui"},
	} {
		if tc.got != tc.want {
			t.Errorf("English changed:\n got %q\nwant %q", tc.got, tc.want)
		}
	}
	fr := msg.For(msg.French)
	said := strings.Join([]string{
		plainLine(fr, all, win, h),
		table(fr, all, win, h, 65*time.Second, 2*time.Minute, time.Minute),
		start(fr, Known{Release: rel, Flag: &Flag{Name: "recommendationCacheFailure"}, Where: "flagd.json"}, "1.10.0", "recommendation"),
		start(fr, Known{}, "", ""),
		start(fr, Known{}, "2.9.0", "recommendation"),
		fr.Say(msg.New("scenario.progress.found", Name, msg.New("scenario.found.docker", "otel-demo"), "http://127.0.0.1:8080/jaeger/ui")),
		fr.Say(msg.New("scenario.progress.turned_on", "recommendationCacheFailure", "flagd.json", "off")),
		fr.Say(msg.New("scenario.progress.flag_unread", msg.Quote("no flag file"))),
	}, "\n")
	// A tool's words and a range of versions (1.9–1.10) are no English.
	checked := strings.ReplaceAll(strings.ReplaceAll(said, "« no flag file »", ""), rel.Versions, "")
	for _, w := range append(msgtest.EnglishWordsSaid(checked), msgtest.EnglishNumbers(checked)...) {
		t.Errorf("English in French: %s", w)
	}
	if !strings.Contains(said, "1,4 ms") || !strings.Contains(said, "succès") {
		t.Errorf("not French:\n%s", said)
	}
}
