package scenario

import (
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
