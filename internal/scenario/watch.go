package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/moby/moby/client"
)

// Watcher polls Jaeger for the recommendation service's get_product_list
// spans and, where it can, the service's memory and restarts.
type Watcher struct {
	Jaeger  jaeger.Client
	Service string
	// Attributes are the release's names; zero: guessed from each span.
	Attributes Attributes
	// Poll is the time between two rounds (3 s by default).
	Poll time.Duration
	// Lag is how far back each round reads again, for spans that reach
	// Jaeger late (the demo's SDKs and Collector batch for seconds); 20 s
	// by default.
	Lag time.Duration
	// Chunk is the span of one search: Jaeger returns at most 20 traces a
	// search, so a window is read in chunks (5 s by default).
	Chunk time.Duration

	Docker    Docker // nil: no restarts, no OOM kills
	Container string
	// PrometheusURL is the demo's Prometheus ("": no memory).
	PrometheusURL string
	HTTP          *http.Client

	Now func() time.Time

	samples []Sample
	seen    map[string]bool
	read    time.Time // everything before has been read at least once
	health  Health
}

// Health is what the engine and Prometheus say about the service.
type Health struct {
	// Restarts counts the container's restarts since the watch started;
	// OOMKilled says the engine killed it for memory.
	Restarts     int  `json:"restarts"`
	OOMKilled    bool `json:"oom_killed"`
	firstRestart *int
	Checked      bool `json:"checked"`
	// MemoryBytes is the service's memory as Prometheus has it (0: unknown),
	// MemoryFirst the first value seen; MemoryMetric the query that gave it.
	MemoryBytes  float64 `json:"memory_bytes,omitempty"`
	MemoryFirst  float64 `json:"memory_first_bytes,omitempty"`
	MemoryMetric string  `json:"memory_metric,omitempty"`
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// Samples returns every sample read so far, in time order.
func (w *Watcher) Samples() []Sample {
	s := slices.Clone(w.samples)
	slices.SortStableFunc(s, func(a, b Sample) int { return a.At.Compare(b.At) })
	return s
}

// Health returns the service's restarts, OOM kills and memory.
func (w *Watcher) Health() Health { return w.health }

// Step reads the spans that started in [from, now] that were not read yet
// (with from zero: since the last round, minus Lag), and the service's health.
func (w *Watcher) Step(ctx context.Context, from time.Time) error {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	lag, chunk := w.Lag, w.Chunk
	if lag <= 0 {
		lag = 20 * time.Second
	}
	if chunk <= 0 {
		chunk = 5 * time.Second
	}
	now := w.now()
	if from.IsZero() {
		from = w.read.Add(-lag)
		if w.read.IsZero() {
			from = now.Add(-lag)
		}
	}
	// No service yet (no recommendation span ever reached Jaeger): nothing to search.
	for t := from; w.Service != "" && t.Before(now); t = t.Add(chunk) {
		end := t.Add(chunk)
		if !end.Before(now) {
			end = now.Add(time.Minute) // clocks differ a little
		}
		traces, err := w.Jaeger.FindTraces(ctx, w.Service, t, end)
		if err != nil {
			return err
		}
		for _, s := range samplesOf(traces, w.Service, w.Attributes) {
			key := s.TraceID + "/" + s.SpanID
			if !w.seen[key] {
				w.seen[key] = true
				w.samples = append(w.samples, s)
			}
		}
	}
	w.read = now
	w.checkHealth(ctx)
	return nil
}

// Run calls Step every Poll until ctx ends or until passes, then once more,
// with update after each round. The first round reads from start.
func (w *Watcher) Run(ctx context.Context, start, until time.Time, update func()) error {
	poll := w.Poll
	if poll <= 0 {
		poll = 3 * time.Second
	}
	from := start
	for {
		if err := w.Step(ctx, from); err != nil {
			return err
		}
		from = time.Time{}
		if update != nil {
			update()
		}
		left := until.Sub(w.now())
		if left <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(poll, left)):
		}
	}
}

func (w *Watcher) checkHealth(ctx context.Context) {
	if w.Docker != nil && w.Container != "" {
		if in, err := w.Docker.ContainerInspect(ctx, w.Container, client.ContainerInspectOptions{}); err == nil {
			c := in.Container
			if w.health.firstRestart == nil {
				n := c.RestartCount
				w.health.firstRestart = &n
			}
			w.health.Checked = true
			w.health.Restarts = c.RestartCount - *w.health.firstRestart
			if c.State != nil && c.State.OOMKilled {
				w.health.OOMKilled = true
			}
		}
	}
	if w.PrometheusURL != "" {
		if v, q, ok := w.memory(ctx); ok {
			if w.health.MemoryFirst == 0 {
				w.health.MemoryFirst = v
			}
			w.health.MemoryBytes, w.health.MemoryMetric = v, q
		}
	}
}

// memoryQueries are the recommendation service's memory in the demo's
// Prometheus, by the names its Python runtime metrics had over releases.
func memoryQueries(service string) []string {
	return []string{
		fmt.Sprintf(`sum(process_memory_usage_bytes{service_name=%q})`, service),
		fmt.Sprintf(`sum(process_runtime_cpython_memory_bytes{service_name=%q,type="rss"})`, service),
		fmt.Sprintf(`sum(process_memory_usage{service_name=%q})`, service),
	}
}

// memory asks Prometheus; false when no query answers with a value.
func (w *Watcher) memory(ctx context.Context) (float64, string, bool) {
	hc := w.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	for _, q := range memoryQueries(w.Service) {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		v, ok := promScalar(ctx, hc, w.PrometheusURL, q)
		cancel()
		if ok {
			return v, q, true
		}
	}
	return 0, "", false
}

func promScalar(ctx context.Context, hc *http.Client, base, query string) (float64, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/query?query="+url.QueryEscape(query), nil)
	if err != nil {
		return 0, false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, false
	}
	var r struct {
		Data struct {
			Result []struct {
				Value [2]json.RawMessage `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &r) != nil || len(r.Data.Result) == 0 {
		return 0, false
	}
	var s string
	if json.Unmarshal(r.Data.Result[0].Value[1], &s) != nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v > 0
}
