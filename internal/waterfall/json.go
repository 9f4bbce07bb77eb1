package waterfall

import (
	"encoding/json"
	"io"
	"time"
)

// JSONTrace is the --format json form of a trace.
type JSONTrace struct {
	TraceID    string     `json:"trace_id"`
	URL        string     `json:"url,omitempty"`
	Root       string     `json:"root"`
	Start      time.Time  `json:"start"`
	DurationMS float64    `json:"duration_ms"`
	SpanCount  int        `json:"span_count"`
	Errors     int        `json:"errors"`
	Services   []string   `json:"services"`
	Spans      []JSONSpan `json:"spans,omitempty"`
}

// JSONSpan is one span of a JSONTrace, in display order.
type JSONSpan struct {
	SpanID     string            `json:"span_id"`
	ParentID   string            `json:"parent_id,omitempty"`
	Depth      int               `json:"depth"`
	Service    string            `json:"service"`
	Operation  string            `json:"operation"`
	Kind       string            `json:"kind,omitempty"`
	OffsetMS   float64           `json:"offset_ms"`
	DurationMS float64           `json:"duration_ms"`
	Error      bool              `json:"error"`
	Orphan     bool              `json:"parent_missing,omitempty"`
	Skew       bool              `json:"clock_skew,omitempty"`
	Summary    string            `json:"summary,omitempty"`
	Attributes map[string]string `json:"attributes"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ToJSON is l as JSON values; withSpans false leaves the spans out (--last).
func ToJSON(l Layout, link string, withSpans bool) JSONTrace {
	j := JSONTrace{TraceID: l.ID, URL: link, Start: l.Start.UTC(), DurationMS: ms(l.Duration),
		SpanCount: len(l.Rows), Errors: l.Errors, Services: l.Services}
	if j.Services == nil {
		j.Services = []string{}
	}
	if r, ok := l.Root(); ok {
		j.Root = r.Operation
	}
	if !withSpans {
		return j
	}
	for _, r := range l.Rows {
		s := r.Span
		attrs := s.Tags
		if attrs == nil {
			attrs = map[string]string{}
		}
		j.Spans = append(j.Spans, JSONSpan{SpanID: s.ID, ParentID: s.ParentID, Depth: r.Depth, Service: s.Service,
			Operation: s.Operation, Kind: s.Kind, OffsetMS: ms(r.Offset), DurationMS: ms(s.Duration),
			Error: s.Error, Orphan: r.Orphan, Skew: r.Skew, Summary: Explain(s), Attributes: attrs})
	}
	return j
}

// WriteJSON writes v indented, with a final newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
