package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/labctl/labctl/internal/fsutil"
)

// EvidenceFile is the evidence's name in labctl's directory (.labctl).
const EvidenceFile = "scenario.json"

// Evidence is what a watch proved, for labctl report: the verdict, one hit
// and one miss to open in Jaeger, the product count's growth, the latency
// of hits and misses, and the count over time.
type Evidence struct {
	Scenario string    `json:"scenario"`
	At       time.Time `json:"at"`
	// Watched is how long spans were read, in seconds.
	Watched  float64 `json:"watched_s"`
	Version  string  `json:"service_version,omitempty"`
	Release  string  `json:"release,omitempty"` // the known range, e.g. 2.0–2.1
	Service  string  `json:"service"`
	Flag     string  `json:"flag,omitempty"`
	FlagFrom string  `json:"flag_store,omitempty"`
	Verdict  Verdict `json:"verdict"`
	Hit      *Span   `json:"hit,omitempty"`
	Miss     *Span   `json:"miss,omitempty"`
	Spans    int     `json:"spans"`
	Hits     int     `json:"hits"`
	Misses   int     `json:"misses"`
	// MissErrors are the misses whose span failed.
	MissErrors int         `json:"miss_errors"`
	Growth     *Growth     `json:"growth,omitempty"`
	Latency    LatencyPair `json:"latency"`
	// Series is the product count of each miss, at seconds from the first.
	Series []SeriesPoint `json:"series"`
	Health *Health       `json:"health,omitempty"`
}

// Span is one sample as evidence: its trace, to open in Jaeger.
type Span struct {
	TraceID    string  `json:"trace_id"`
	DurationMS float64 `json:"duration_ms"`
	Count      *int    `json:"product_count,omitempty"`
	Error      bool    `json:"error,omitempty"`
}

// Growth is the misses' product count from the first to the last miss.
type Growth struct {
	First  int     `json:"first"`
	Last   int     `json:"last"`
	Factor float64 `json:"factor"`
	Misses int     `json:"misses"`
}

// LatencyPair compares hits and misses, in milliseconds.
type LatencyPair struct {
	Hits   LatencyMS `json:"hits"`
	Misses LatencyMS `json:"misses"`
}

// LatencyMS is a Latency in milliseconds.
type LatencyMS struct {
	N     int     `json:"n"`
	P50MS float64 `json:"p50_ms"`
	P95MS float64 `json:"p95_ms"`
}

// SeriesPoint is one miss's product count.
type SeriesPoint struct {
	T     float64 `json:"t_s"`
	Count int     `json:"count"`
}

// NewEvidence assembles the evidence of one watch.
func NewEvidence(at time.Time, service string, s Summary, k Known, v Verdict, h *Health) Evidence {
	e := Evidence{
		Scenario: Name, At: at.UTC().Truncate(time.Second), Watched: k.Watched.Round(time.Second).Seconds(),
		Version: s.Version, Service: service, Verdict: v, FlagFrom: k.Where,
		Spans: s.Spans, Hits: s.Hits, Misses: s.Misses, MissErrors: s.MissErrors,
		Latency: LatencyPair{Hits: latencyMS(s.HitLatency), Misses: latencyMS(s.MissLatency)},
		Series:  []SeriesPoint{},
	}
	if k.Release != nil {
		e.Release, e.Flag = k.Release.Versions, k.Release.Flag
	}
	if k.Flag != nil {
		e.Flag = k.Flag.Name
	}
	e.Hit, e.Miss = evidenceSpan(s.LastHit), evidenceSpan(s.LastMiss)
	if n := len(s.Series); n > 0 {
		first, last := s.Series[0], s.Series[n-1]
		e.Growth = &Growth{First: first.Count, Last: last.Count, Misses: n}
		if first.Count > 0 {
			e.Growth.Factor = round2(float64(last.Count) / float64(first.Count))
		}
		for _, p := range s.Series {
			e.Series = append(e.Series, SeriesPoint{T: round2(p.At.Sub(first.At).Seconds()), Count: p.Count})
		}
	}
	if h != nil && (h.Checked || h.MemoryBytes > 0) {
		hc := *h
		e.Health = &hc
	}
	return e
}

func evidenceSpan(s *Sample) *Span {
	if s == nil {
		return nil
	}
	sp := &Span{TraceID: s.TraceID, DurationMS: round2(float64(s.Duration) / float64(time.Millisecond)), Error: s.Error}
	if s.HasCount {
		n := s.Count
		sp.Count = &n
	}
	return sp
}

func latencyMS(l Latency) LatencyMS {
	return LatencyMS{N: l.N, P50MS: round2(float64(l.P50) / float64(time.Millisecond)), P95MS: round2(float64(l.P95) / float64(time.Millisecond))}
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// SaveEvidence writes DIR/scenario.json.
func SaveEvidence(dir string, e Evidence) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, EvidenceFile)
	return path, fsutil.WriteFile(path, append(data, '\n'), 0o644)
}

// LoadEvidence reads DIR/scenario.json; nil, nil when there is none.
func LoadEvidence(dir string) (*Evidence, error) {
	path := filepath.Join(dir, EvidenceFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fsutil.ReadError("", path, err)
	}
	var e Evidence
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("%s: %w; run labctl scenario %s again to rewrite it", path, err, Name)
	}
	if e.Scenario != Name {
		return nil, fmt.Errorf("%s: not the evidence of labctl scenario %s; run it again", path, Name)
	}
	return &e, nil
}
