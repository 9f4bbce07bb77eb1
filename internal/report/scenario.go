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

// CountChart is the product count over time as a Mermaid xychart (a line;
// the x axis is the seconds since the first miss), fences included. An
// xychart spaces its points evenly and merges equal labels, so a long
// series is read at evenly spaced times (the count as of each), and labels
// get as many decimals as keep them distinct.
func CountChart(series []scenario.SeriesPoint, title, xAxis, yAxis string) string {
	ts, counts := resample(series, scenarioMaxPoints)
	xs := distinctLabels(ts)
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
	fmt.Fprintf(&b, "    y-axis %s 0 --> %d\n", chartText(yAxis), niceCeil(hi))
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

// distinctLabels writes times with the fewest decimals (0 to 2) that keep
// them distinct, quoted for the xychart.
func distinctLabels(ts []float64) []string {
	var out []string
	for d := 0; d <= 2; d++ {
		out = out[:0]
		seen := map[string]bool{}
		dup := false
		for _, t := range ts {
			l := strconv.FormatFloat(t, 'f', d, 64)
			dup = dup || seen[l]
			seen[l] = true
			out = append(out, strconv.Quote(l))
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
