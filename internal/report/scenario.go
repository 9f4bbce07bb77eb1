package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/scenario"
)

// scenarioMaxPoints bounds the chart's points: a long watch is thinned to
// evenly spaced misses, the first and the last kept.
const scenarioMaxPoints = 24

// scenarioSection is, under its own heading, the evidence of labctl scenario recommendation-cache
// (DIR/scenario.json) in the report's language: the verdict, the growth,
// the latency of hits and misses, one hit's and one miss's trace, and a
// Mermaid chart of the product count over time; "" without evidence.
func scenarioSection(e *scenario.Evidence, lang Lang) string {
	if e == nil {
		return ""
	}
	t := scenarioLabelsFor(lang)
	var b strings.Builder
	b.WriteString("## " + t.Title + "\n\n")
	rel, fl := "", ""
	if e.Version != "" {
		rel = fmt.Sprintf(t.Release, e.Version)
	}
	if e.Flag != "" {
		fl = fmt.Sprintf(t.Flag, e.Flag)
	}
	fmt.Fprintf(&b, t.Intro+"\n\n", watchedText(e.Watched), e.Service, rel, fl)
	hitP50, missP50 := msFloat(e.Latency.Hits.P50MS, lang), msFloat(e.Latency.Misses.P50MS, lang)
	switch {
	case e.Verdict.Proven && e.Growth != nil:
		b.WriteString(t.Proven + fmt.Sprintf(t.Growth, e.Growth.First, e.Growth.Last, factor(e.Growth.Factor, lang), e.Growth.Misses) +
			fmt.Sprintf(t.Slower, missP50, hitP50))
	default:
		reason := t.Reasons[e.Verdict.Reason]
		if reason == "" {
			reason = e.Verdict.Message
		}
		b.WriteString(fmt.Sprintf(t.NotProven, reason))
		if e.Growth != nil && e.Verdict.Reason == scenario.ReasonNotSlower {
			b.WriteString(" (" + fmt.Sprintf(t.Growth, e.Growth.First, e.Growth.Last, factor(e.Growth.Factor, lang), e.Growth.Misses) + ")")
		}
	}
	b.WriteString("\n")
	if e.Latency.Hits.N+e.Latency.Misses.N > 0 {
		b.WriteString("\n| | " + t.N + " | " + t.P50 + " | " + t.P95 + " |\n| --- | ---: | ---: | ---: |\n")
		for _, r := range []struct {
			name string
			l    scenario.LatencyMS
		}{{t.Hits, e.Latency.Hits}, {t.Misses, e.Latency.Misses}} {
			p50, p95 := "–", "–"
			if r.l.N > 0 {
				p50, p95 = msFloat(r.l.P50MS, lang), msFloat(r.l.P95MS, lang)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", r.name, r.l.N, p50, p95)
		}
	}
	var spans []string
	if e.Hit != nil {
		spans = append(spans, fmt.Sprintf(t.Hit, e.Hit.TraceID, msFloat(e.Hit.DurationMS, lang)))
	}
	if m := e.Miss; m != nil {
		switch {
		case m.Count != nil:
			spans = append(spans, fmt.Sprintf(t.MissCount, m.TraceID, msFloat(m.DurationMS, lang), *m.Count))
		case m.Error:
			spans = append(spans, fmt.Sprintf(t.FailedMiss, m.TraceID, msFloat(m.DurationMS, lang)))
		default:
			spans = append(spans, fmt.Sprintf(t.Miss, m.TraceID, msFloat(m.DurationMS, lang)))
		}
	}
	if h := e.Health; h != nil {
		if h.Checked && h.Restarts == 0 && !h.OOMKilled {
			spans = append(spans, t.NoRestart)
		} else if h.Checked {
			oom := ""
			if h.OOMKilled {
				oom = t.OOM
			}
			spans = append(spans, fmt.Sprintf(t.Health, h.Restarts, oom))
		}
		if h.MemoryBytes > 0 {
			spans = append(spans, fmt.Sprintf(t.Memory, h.MemoryFirst/(1<<20), h.MemoryBytes/(1<<20)))
		}
	}
	if len(spans) > 0 {
		b.WriteString("\n- " + strings.Join(spans, "\n- ") + "\n")
	}
	if len(e.Series) >= 2 {
		b.WriteString("\n" + CountChart(e.Series, t.ChartTitle, t.XAxis, t.YAxis))
	}
	return strings.TrimRight(b.String(), "\n")
}

// CountChart is the product count over time as a Mermaid xychart (a line,
// the x axis the seconds since the first miss), fences included.
func CountChart(series []scenario.SeriesPoint, title, xAxis, yAxis string) string {
	pts := thin(series, scenarioMaxPoints)
	xs := make([]string, len(pts))
	ys := make([]string, len(pts))
	hi := 0
	for i, p := range pts {
		xs[i] = strconv.Quote(strconv.FormatFloat(math.Round(p.T), 'f', 0, 64))
		ys[i] = strconv.Itoa(p.Count)
		hi = max(hi, p.Count)
	}
	var b strings.Builder
	b.WriteString("```mermaid\nxychart-beta\n")
	fmt.Fprintf(&b, "    title %s\n", chartText(title))
	fmt.Fprintf(&b, "    x-axis %s [%s]\n", chartText(xAxis), strings.Join(xs, ", "))
	fmt.Fprintf(&b, "    y-axis %s 0 --> %d\n", chartText(yAxis), niceCeil(hi))
	fmt.Fprintf(&b, "    line [%s]\n", strings.Join(ys, ", "))
	b.WriteString("```")
	return b.String()
}

// thin keeps at most n points, evenly spread, first and last included.
func thin(s []scenario.SeriesPoint, n int) []scenario.SeriesPoint {
	if len(s) <= n {
		return s
	}
	out := make([]scenario.SeriesPoint, 0, n)
	for i := range n {
		out = append(out, s[i*(len(s)-1)/(n-1)])
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

// watchedText writes seconds as "2 min", "2 min 30 s" or "45 s".
func watchedText(sec float64) string {
	s := int(math.Round(sec))
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	}
	return fmt.Sprintf("%d min %d s", s/60, s%60)
}

func msFloat(v float64, lang Lang) string {
	return msText(time.Duration(v*float64(time.Millisecond)), lang)
}

func factor(f float64, lang Lang) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if lang == French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
