package scenario

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func samples(pairs ...[3]int) []Sample { // hit(1)/miss(0), count, µs
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var out []Sample
	on := true
	for i, p := range pairs {
		hit := p[0] == 1
		out = append(out, Sample{TraceID: "t", SpanID: string(rune('a' + i)), At: t0.Add(time.Duration(i) * time.Second),
			Enabled: &on, Hit: &hit, Count: p[1], HasCount: true, Duration: time.Duration(p[2]) * time.Microsecond})
	}
	return out
}

// TestJudgeOnlyLeakWithGrowthAndSlowerMisses covers the verdicts the real
// Jaeger runs do not reach.
func TestJudgeOnlyLeakWithGrowthAndSlowerMisses(t *testing.T) {
	on := &Flag{Name: "recommendationCacheFailure", DefaultVariant: "on"}
	cases := []struct {
		name string
		s    []Sample
		want Reason
	}{
		{"leak", samples([3]int{0, 12, 900}, [3]int{1, 12, 100}, [3]int{0, 27, 1500}), ReasonLeak},
		{"too few", samples([3]int{0, 12, 900}, [3]int{0, 27, 1500}), ReasonTooFew},
		{"no growth", samples([3]int{0, 12, 900}, [3]int{1, 12, 100}, [3]int{0, 12, 900}), ReasonNoGrowth},
		{"not slower", samples([3]int{0, 12, 50}, [3]int{1, 12, 100}, [3]int{0, 27, 60}), ReasonNotSlower},
	}
	for _, c := range cases {
		v := Judge(Summarize(c.s, time.Time{}), Known{Flag: on, Watched: time.Minute})
		if v.Reason != c.want || v.Proven != (c.want == ReasonLeak) || v.Message == "" {
			t.Errorf("%s: %+v, want %s", c.name, v, c.want)
		}
	}
	// The file says on, the spans say off: flagd has not reloaded, or another file.
	off := false
	s := []Sample{{TraceID: "t", SpanID: "a", Enabled: &off, Count: 10, HasCount: true}}
	if v := Judge(Summarize(s, time.Time{}), Known{Flag: on, Where: "demo.flagd.json"}); v.Reason != ReasonFlagOff {
		t.Errorf("flag on in the file, off in the spans: %+v", v)
	}
}

func TestQuantile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 20; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	l := latencyOf(ds)
	if l.N != 20 || l.P50 != 10*time.Millisecond || l.P95 != 19*time.Millisecond {
		t.Errorf("latency = %+v, want p50 10ms p95 19ms (nearest rank)", l)
	}
}

// TestStaleSpansDoNotCount: spans from before the watch (an earlier run
// with the flag on, still in Jaeger) do not count, and once the newest span
// reads the flag as off the verdict says so, whatever older spans say.
func TestStaleSpansDoNotCount(t *testing.T) {
	off := false
	leak := samples([3]int{0, 100, 900}, [3]int{1, 100, 100}, [3]int{0, 130, 1500}, [3]int{1, 130, 100})
	after := leak[len(leak)-1].At.Add(time.Second) // the watch starts
	offAt := func(at time.Time, n int) []Sample {
		var out []Sample
		for i := range n {
			out = append(out, Sample{TraceID: "o", SpanID: string(rune('A' + i)), At: at.Add(time.Duration(i) * time.Second),
				Enabled: &off, Count: 10, HasCount: true, Duration: 2 * time.Millisecond})
		}
		return out
	}
	cases := []struct {
		name string
		s    []Sample
		from time.Time
		want Reason
	}{
		{"earlier run's leak, flag off since the watch started", append(slices.Clone(leak), offAt(after, 3)...), after, ReasonFlagOff},
		{"leak, then the flag turned off during the watch", append(slices.Clone(leak), offAt(after, 3)...), time.Time{}, ReasonFlagOff},
		{"flag off, then on and leaking", append(offAt(leak[0].At.Add(-time.Hour), 3), leak...), time.Time{}, ReasonLeak},
	}
	for _, c := range cases {
		s := Summarize(c.s, c.from)
		if v := Judge(s, Known{Watched: time.Minute}); v.Reason != c.want || !strings.Contains(v.Message, map[Reason]string{ReasonFlagOff: "flag is off", ReasonLeak: "leaks"}[c.want]) {
			t.Errorf("%s: %+v, want %s", c.name, v, c.want)
		}
	}
	if s := Summarize(append(slices.Clone(leak), offAt(after, 3)...), after); s.Spans != 3 || s.Hits+s.Misses != 0 {
		t.Errorf("from the watch's start: %d spans, %d hits, %d misses; want only the 3 after it", s.Spans, s.Hits, s.Misses)
	}
}
