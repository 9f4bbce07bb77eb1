package scenario

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// liveView shows the watch: on a terminal a small table redrawn in place,
// otherwise one plain line per round.
type liveView struct {
	out    io.Writer
	live   bool
	window time.Duration
	total  time.Duration
	start  time.Time // when the watch started, for its clock
	from   time.Time // spans before do not count (the flag was off)
	lines  int       // lines drawn last time, to redraw over them
}

func (v *liveView) draw(samples []Sample, h Health, now time.Time) {
	if v.out == nil {
		return
	}
	all := Summarize(samples, v.from)
	winFrom := now.Add(-v.window)
	if winFrom.Before(v.from) {
		winFrom = v.from
	}
	win := Summarize(samples, winFrom)
	elapsed := now.Sub(v.start).Round(time.Second)
	if !v.live {
		fmt.Fprintf(v.out, "%s %s\n", clock(elapsed), plainLine(all, win, h))
		return
	}
	text := table(all, win, h, elapsed, v.total, v.window)
	if v.lines > 0 {
		fmt.Fprintf(v.out, "\x1b[%dA\x1b[J", v.lines) // up, then clear to the end
	}
	fmt.Fprint(v.out, text)
	v.lines = strings.Count(text, "\n")
}

func (v *liveView) done() {}

func clock(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func plainLine(all, win Summary, h Health) string {
	var b strings.Builder
	fmt.Fprintf(&b, "spans %d, hits %d, misses %d", all.Spans, all.Hits, all.Misses)
	if all.Disabled > 0 {
		fmt.Fprintf(&b, ", flag off %d", all.Disabled)
	}
	if all.MissErrors > 0 {
		fmt.Fprintf(&b, ", failed misses %d", all.MissErrors)
	}
	if n := len(all.Series); n > 0 {
		fmt.Fprintf(&b, "; product count on misses %d → %d", all.Series[0].Count, all.Series[n-1].Count)
	}
	if win.HitLatency.N > 0 || win.MissLatency.N > 0 {
		fmt.Fprintf(&b, "; p50 hits %s, misses %s", msOr(win.HitLatency), msOr(win.MissLatency))
	}
	b.WriteString(healthText(h))
	return b.String()
}

func msOr(l Latency) string {
	if l.N == 0 {
		return "-"
	}
	return ms(l.P50)
}

func table(all, win Summary, h Health, elapsed, total, window time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "watching %s / %s: %d spans, %d hits, %d misses", clock(elapsed), clock(total), all.Spans, all.Hits, all.Misses)
	if all.Disabled > 0 {
		fmt.Fprintf(&b, ", %d with the flag off", all.Disabled)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  last %-8s %6s %10s %10s\n", clock(window), "n", "p50", "p95")
	for _, r := range []struct {
		name string
		l    Latency
	}{{"hits", win.HitLatency}, {"misses", win.MissLatency}} {
		p50, p95 := "-", "-"
		if r.l.N > 0 {
			p50, p95 = ms(r.l.P50), ms(r.l.P95)
		}
		fmt.Fprintf(&b, "  %-13s %6d %10s %10s\n", r.name, r.l.N, p50, p95)
	}
	if n := len(all.Series); n > 0 {
		fmt.Fprintf(&b, "  product count on misses: %d → %d  %s\n", all.Series[0].Count, all.Series[n-1].Count, spark(all.Series, 30))
	} else {
		b.WriteString("  product count on misses: none yet\n")
	}
	if all.MissErrors > 0 {
		fmt.Fprintf(&b, "  failed misses: %d\n", all.MissErrors)
	}
	if s := healthText(h); s != "" {
		b.WriteString("  " + strings.TrimPrefix(s, "; ") + "\n")
	}
	return b.String()
}

func healthText(h Health) string {
	var parts []string
	if h.MemoryBytes > 0 {
		parts = append(parts, fmt.Sprintf("memory %.0f MiB (from %.0f MiB)", h.MemoryBytes/(1<<20), h.MemoryFirst/(1<<20)))
	}
	if h.Checked {
		parts = append(parts, fmt.Sprintf("restarts %d", h.Restarts))
		if h.OOMKilled {
			parts = append(parts, "OOM-killed")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// spark draws the last n counts as a sparkline, scaled to their maximum.
func spark(ps []Point, n int) string {
	ps = ps[max(0, len(ps)-n):]
	bars := []rune("▁▂▃▄▅▆▇█")
	hi := 0
	for _, p := range ps {
		hi = max(hi, p.Count)
	}
	var b strings.Builder
	for _, p := range ps {
		i := 0
		if hi > 0 {
			i = p.Count * (len(bars) - 1) / hi
		}
		b.WriteRune(bars[i])
	}
	return b.String()
}
