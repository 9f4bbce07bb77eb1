package scenario

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
)

// Sample is one get_product_list span, read with its release's attribute names.
type Sample struct {
	TraceID  string
	SpanID   string
	At       time.Time
	Duration time.Duration
	// Enabled is the flag as the service read it; nil when the span does not say.
	Enabled *bool
	// Hit is true on a cache hit, false on a miss, nil when the span does not say
	// (the flag off: no cache at all).
	Hit *bool
	// Count is the product count; HasCount false when the span has none
	// (2.2's failed misses).
	Count    int
	HasCount bool
	Error    bool
	// Version is the emitter's service.version ("" when not set).
	Version string
}

// Miss says whether the sample is a cache miss with the flag on.
func (s Sample) Miss() bool { return s.Hit != nil && !*s.Hit }

// HitOn says whether the sample is a cache hit.
func (s Sample) HitOn() bool { return s.Hit != nil && *s.Hit }

// samplesOf extracts the get_product_list spans of service from traces,
// with attrs (zero: guessed from each span).
func samplesOf(traces []jaeger.Trace, service string, attrs Attributes) []Sample {
	var out []Sample
	for _, t := range traces {
		for _, sp := range t.Spans {
			if sp.Operation != Operation || sp.Service != service && sp.Service != "" {
				continue
			}
			a := attrs
			if a == (Attributes{}) {
				var ok bool
				if a, ok = schemeOf(sp.Tags); !ok {
					a = attrsForVersion(sp.Resource["service.version"])
				}
			}
			s := Sample{TraceID: t.ID, SpanID: sp.ID, At: sp.Start, Duration: sp.Duration,
				Error: sp.Error, Version: sp.Resource["service.version"]}
			s.Enabled = boolTag(sp.Tags, a.Enabled)
			s.Hit = boolTag(sp.Tags, a.CacheHit)
			if v, ok := sp.Tags[a.Count]; ok {
				if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
					s.Count, s.HasCount = n, true
				}
			}
			out = append(out, s)
		}
	}
	return out
}

func attrsForVersion(v string) Attributes {
	if r, ok := ReleaseFor(v); ok {
		return r.Attributes
	}
	return appAttributes
}

func boolTag(tags map[string]string, key string) *bool {
	v, ok := tags[key]
	if !ok {
		return nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return nil
	}
	return &b
}

// Latency is the spread of some samples' durations.
type Latency struct {
	N   int           `json:"n"`
	P50 time.Duration `json:"p50"`
	P95 time.Duration `json:"p95"`
}

func latencyOf(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return Latency{N: len(s), P50: quantile(s, 0.50), P95: quantile(s, 0.95)}
}

// quantile is the nearest-rank quantile of sorted values.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Point is the product count of one miss.
type Point struct {
	At    time.Time
	Count int
}

// Summary is what a set of samples shows.
type Summary struct {
	Spans    int // get_product_list spans
	Disabled int // with the flag read as off
	Hits     int
	Misses   int
	// MissErrors are misses whose span failed.
	MissErrors  int
	HitLatency  Latency
	MissLatency Latency
	// Series is the product count of each miss that has one, in time order.
	Series []Point
	// LastHit and LastMiss are the newest of each (the miss with a count
	// when there is one), for the evidence's trace IDs.
	LastHit, LastMiss *Sample
	// Version is the newest service.version seen.
	Version string
	// FlagRead is the flag as the newest span that says it read it; nil
	// when no span says.
	FlagRead *bool
}

// FlagOff says whether the spans show the flag off: no hit and no miss,
// or the newest span that says reads it as off (whatever older spans say).
func (s Summary) FlagOff() bool {
	return s.Hits+s.Misses == 0 || s.FlagRead != nil && !*s.FlagRead
}

// Summarize reads samples taken at or after from (zero: all).
func Summarize(samples []Sample, from time.Time) Summary {
	s := append([]Sample(nil), samples...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].At.Before(s[j].At) })
	var sum Summary
	var hits, misses []time.Duration
	for i := range s {
		x := s[i]
		if x.At.Before(from) {
			continue
		}
		sum.Spans++
		if x.Version != "" {
			sum.Version = x.Version
		}
		if x.Enabled != nil {
			sum.FlagRead = x.Enabled
			if !*x.Enabled {
				sum.Disabled++
			}
		}
		switch {
		case x.HitOn():
			sum.Hits++
			hits = append(hits, x.Duration)
			sum.LastHit = &s[i]
		case x.Miss():
			sum.Misses++
			misses = append(misses, x.Duration)
			if x.Error {
				sum.MissErrors++
			}
			if x.HasCount {
				sum.Series = append(sum.Series, Point{At: x.At, Count: x.Count})
			}
			if x.HasCount || sum.LastMiss == nil || !sum.LastMiss.HasCount {
				sum.LastMiss = &s[i]
			}
		}
	}
	sum.HitLatency, sum.MissLatency = latencyOf(hits), latencyOf(misses)
	return sum
}
