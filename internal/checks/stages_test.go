package checks

import (
	"testing"

	"github.com/labctl/labctl/internal/model"
)

// firstBrokenSpanStage is the sentence the spans' walk must say, written
// here from the stages' order alone (traffic → backend → Collector:
// accepted → exported → Jaeger), or "" where no stage of the spans' path
// is seen broken: the walk names the first stage that is broken, so a
// sentence made rarer by a wrong claim (said on fewer snapshots than its
// words fit) shows as another sentence here.
func firstBrokenSpanStage(s Snapshot) string {
	c := s.Collector
	if len(s.Traffic.Requests) > 0 && noneAnswered(s) == "" {
		if noneErred(s) != "" {
			return "diag.backend.down_why"
		}
		return "diag.backend.down"
	}
	viaCollector, readable := s.Topology == model.TopologyCollector, !c.Unreachable
	if viaCollector && readable {
		switch {
		case c.Err != "":
			return "diag.collector.down"
		case c.Accepted == 0:
			return "diag.collector.no_spans"
		case !c.SentFound && len(c.Exporters) > 0 && !has(c.Exporters, c.Exporter):
			return "diag.collector.no_exporter"
		case c.Sent == 0 || c.Failed > 0:
			return "diag.collector.export_fails"
		}
	}
	others := othersInJaeger(s)
	switch {
	case s.JaegerErr != "":
		return "diag.jaeger.down"
	case has(s.Services, s.Service):
		return ""
	case len(others) > 0:
		return "diag.spans.other_service"
	case s.Topology == model.TopologyDirect:
		return "diag.spans.direct_none"
	case viaCollector && readable && c.Err == "" && c.Sent > 0:
		return "diag.spans.exported_elsewhere"
	case viaCollector && !readable:
		return "diag.spans.collector_unseen"
	}
	return ""
}

// The span checks' diagnoses name the first broken stage of the spans'
// path, on every generated snapshot.
func TestDiagnosesNameTheFirstBrokenSpanStage(t *testing.T) {
	for _, g := range generatedSnapshots() {
		want := firstBrokenSpanStage(g.s)
		if want == "" {
			want = "diag.jaeger_service.slow" // the span walk finds nothing: jaeger_service's last word
		}
		for _, id := range []string{"walkSpans", IDJaegerService, IDServerSpan, IDDBSpan} {
			if id == "walkSpans" && want == "diag.jaeger_service.slow" {
				continue
			}
			if id != IDJaegerService && want == "diag.jaeger_service.slow" {
				continue // the check's own stage comes next
			}
			if got := allExplainers()[id](g.s).msg.Key; got != want {
				t.Errorf("%s: %s said %s, the first broken stage is %s", g.name, id, got, want)
			}
		}
		if t.Failed() {
			return
		}
	}
}
