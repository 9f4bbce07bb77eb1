package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/scenario"
)

// scenarioMaxPoints bounds the chart's points: a long watch is thinned to
// evenly spaced misses, the first and the last kept.
const scenarioMaxPoints = 24

// scenarioSection is, under its own heading, the evidence of labctl scenario recommendation-cache
// (DIR/scenario.json) in the report's language: the verdict, the growth,
// the latency of hits and misses, one hit's and one miss's trace, and a
// Mermaid chart of the product count over time; "" without evidence.
func scenarioSection(e *scenario.Evidence, t *msg.Printer) string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("## " + t.Sprintf("scenario.Title") + "\n\n")
	rel, fl := "", ""
	if e.Version != "" {
		rel = t.Sprintf("scenario.Release", e.Version)
	}
	if e.Flag != "" {
		fl = t.Sprintf("scenario.Flag", e.Flag)
	}
	b.WriteString(t.Sprintf("scenario.Intro", watched(e.Watched), e.Service, rel, fl) + "\n\n")
	ms := func(v float64) string { return t.Milliseconds(time.Duration(v * float64(time.Millisecond))) }
	hitP50, missP50 := ms(e.Latency.Hits.P50MS), ms(e.Latency.Misses.P50MS)
	growth := func() string {
		return t.Sprintf("scenario.Growth", e.Growth.First, e.Growth.Last, t.Number(e.Growth.Factor, 1), e.Growth.Misses)
	}
	switch {
	case e.Verdict.Proven && e.Growth != nil:
		b.WriteString(t.Sprintf("scenario.Proven") + growth() + t.Sprintf("scenario.Slower", missP50, hitP50))
	default:
		reason := e.Verdict.Message
		if m := msg.New("scenario.reason." + string(e.Verdict.Reason)); msg.Has(m.Key) {
			reason = t.Text(m)
		}
		b.WriteString(t.Sprintf("scenario.NotProven", reason))
		if e.Growth != nil && e.Verdict.Reason == scenario.ReasonNotSlower {
			b.WriteString(" (" + growth() + ")")
		}
	}
	b.WriteString("\n")
	if e.Latency.Hits.N+e.Latency.Misses.N > 0 {
		b.WriteString("\n| | " + t.Sprintf("scenario.N") + " | " + t.Sprintf("scenario.P50") + " | " + t.Sprintf("scenario.P95") + " |\n| --- | ---: | ---: | ---: |\n")
		for _, r := range []struct {
			name string
			l    scenario.LatencyMS
		}{{t.Sprintf("scenario.Hits"), e.Latency.Hits}, {t.Sprintf("scenario.Misses"), e.Latency.Misses}} {
			p50, p95 := "–", "–"
			if r.l.N > 0 {
				p50, p95 = ms(r.l.P50MS), ms(r.l.P95MS)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.name, t.Number(float64(r.l.N), 0), p50, p95)
		}
	}
	var spans []string
	if e.Hit != nil {
		spans = append(spans, t.Sprintf("scenario.Hit", e.Hit.TraceID, ms(e.Hit.DurationMS)))
	}
	if m := e.Miss; m != nil {
		switch {
		case m.Count != nil:
			spans = append(spans, t.Sprintf("scenario.MissCount", m.TraceID, ms(m.DurationMS), *m.Count))
		case m.Error:
			spans = append(spans, t.Sprintf("scenario.FailedMiss", m.TraceID, ms(m.DurationMS)))
		default:
			spans = append(spans, t.Sprintf("scenario.Miss", m.TraceID, ms(m.DurationMS)))
		}
	}
	if h := e.Health; h != nil {
		if h.Checked && h.Restarts == 0 && !h.OOMKilled {
			spans = append(spans, t.Sprintf("scenario.NoRestart"))
		} else if h.Checked {
			oom := ""
			if h.OOMKilled {
				oom = t.Sprintf("scenario.OOM")
			}
			spans = append(spans, t.Sprintf("scenario.Health", h.Restarts, oom))
		}
		if h.MemoryBytes > 0 {
			spans = append(spans, t.Sprintf("scenario.Memory", h.MemoryFirst/(1<<20), h.MemoryBytes/(1<<20)))
		}
	}
	if len(spans) > 0 {
		b.WriteString("\n- " + strings.Join(spans, "\n- ") + "\n")
	}
	if len(e.Series) >= 2 {
		b.WriteString("\n" + CountChart(e.Series, t, t.Sprintf("scenario.ChartTitle"), t.Sprintf("scenario.XAxis"), t.Sprintf("scenario.YAxis")))
	}
	return strings.TrimRight(b.String(), "\n")
}

// CountChart is the product count over time as a Mermaid xychart (a line;
// the x axis is the seconds since the first miss), fences included. An
// xychart spaces its points evenly and merges equal labels, so a long
// series is read at evenly spaced times (the count as of each), and labels
// get as many decimals as keep them distinct.
//
// What a person reads is in t's language; what Mermaid parses stays in
// its own syntax. The x axis's labels are quoted category names, drawn as
// written: they are t's numbers ("0,4" in French). The y axis's range and
// the line's values are numbers Mermaid parses (digits and a point only)
// and never draws as written; it draws the y axis's ticks itself, with
// JavaScript's number format, so the range is at least 0 --> 10: d3's ten
// ticks are then whole numbers, without the decimal point a French reader
// would misread ("0.5").
func CountChart(series []scenario.SeriesPoint, t *msg.Printer, title, xAxis, yAxis string) string {
	ts, counts := resample(series, scenarioMaxPoints)
	xs := distinctLabels(ts, t)
	ys := make([]string, len(counts))
	hi := 0
	for i, c := range counts {
		ys[i] = strconv.Itoa(c)
		hi = max(hi, c)
	}
	var b strings.Builder
	b.WriteString("```mermaid\nxychart-beta\n")
	fmt.Fprintf(&b, "    title %s\n", chartText(title))
	fmt.Fprintf(&b, "    x-axis %s [%s]\n", chartText(xAxis), strings.Join(xs, ", "))
	fmt.Fprintf(&b, "    y-axis %s 0 --> %d\n", chartText(yAxis), max(niceCeil(hi), minChartTop))
	fmt.Fprintf(&b, "    line [%s]\n", strings.Join(ys, ", "))
	b.WriteString("```")
	return b.String()
}

// resample returns the series' own points when there are at most n, else
// the count as of n evenly spaced times from the first miss to the last.
func resample(s []scenario.SeriesPoint, n int) ([]float64, []int) {
	ts, cs := make([]float64, len(s)), make([]int, len(s))
	for i, p := range s {
		ts[i], cs[i] = p.T, p.Count
	}
	if len(s) <= n {
		return ts, cs
	}
	end := s[len(s)-1].T
	ts, cs = make([]float64, n), make([]int, n)
	j := 0
	for i := range n {
		at := end * float64(i) / float64(n-1)
		for j+1 < len(s) && s[j+1].T <= at+1e-9 {
			j++
		}
		ts[i], cs[i] = at, s[j].Count
	}
	return ts, cs
}

// minChartTop is the lowest top of the y axis: Mermaid draws ten ticks
// (d3's ticks), whole numbers only from a range of 10 on.
const minChartTop = 10

// distinctLabels writes times in t's format with the fewest decimals (0 to
// 2) that keep them distinct, quoted for the xychart.
func distinctLabels(ts []float64, t *msg.Printer) []string {
	var out []string
	for d := 0; d <= 2; d++ {
		out = out[:0]
		seen := map[string]bool{}
		dup := false
		for _, v := range ts {
			l := t.Number(v, d)
			dup = dup || seen[l]
			seen[l] = true
			out = append(out, chartText(l))
		}
		if !dup {
			break
		}
	}
	return out
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten, for the y axis.
func niceCeil(v int) int {
	if v <= 1 {
		return 1
	}
	p := 1
	for p*10 < v {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// chartText is a quoted xychart title: double quotes inside are replaced.
func chartText(s string) string {
	return `"` + strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ").Replace(s) + `"`
}

// watched is the watch's length in whole seconds, as a duration.
func watched(sec float64) msg.Duration {
	return msg.Duration(time.Duration(math.Round(sec)) * time.Second)
}
