package scenario

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// liveView shows the watch: on a terminal a small table redrawn in place,
// otherwise one plain line per round.
type liveView struct {
	out    io.Writer
	p      *msg.Printer // the course's language
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
		fmt.Fprintf(v.out, "%s %s\n", clock(elapsed), plainLine(v.p, all, win, h))
		return
	}
	text := table(v.p, all, win, h, elapsed, v.total, v.window)
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

// plainLine is one round of the watch on one line, in p's language.
func plainLine(p *msg.Printer, all, win Summary, h Health) string {
	var b strings.Builder
	b.WriteString(p.Say(msg.New("scenario.view.counts", all.Spans, all.Hits, all.Misses)))
	if all.Disabled > 0 {
		b.WriteString(p.Say(msg.New("scenario.view.flag_off", all.Disabled)))
	}
	if all.MissErrors > 0 {
		b.WriteString(p.Say(msg.New("scenario.view.failed", all.MissErrors)))
	}
	if n := len(all.Series); n > 0 {
		b.WriteString(p.Say(msg.New("scenario.view.growth", all.Series[0].Count, all.Series[n-1].Count)))
	}
	if win.HitLatency.N > 0 || win.MissLatency.N > 0 {
		b.WriteString(p.Say(msg.New("scenario.view.p50", msOr(p, win.HitLatency), msOr(p, win.MissLatency))))
	}
	b.WriteString(healthText(p, h))
	return b.String()
}

func msOr(p *msg.Printer, l Latency) string {
	if l.N == 0 {
		return "-"
	}
	return msIn(p, l.P50)
}

// msIn is a latency in p's language: "1.4 ms" in English, "1,4 ms" in French.
func msIn(p *msg.Printer, d time.Duration) string {
	if p.Lang == msg.English {
		return ms(d)
	}
	return p.Milliseconds(d)
}

// table is the live view redrawn in place, in p's language.
func table(p *msg.Printer, all, win Summary, h Health, elapsed, total, window time.Duration) string {
	var b strings.Builder
	b.WriteString(p.Say(msg.New("scenario.table.watching", clock(elapsed), clock(total), all.Spans, all.Hits, all.Misses)))
	if all.Disabled > 0 {
		b.WriteString(p.Say(msg.New("scenario.table.flag_off", all.Disabled)))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  %-13s %6s %10s %10s\n", p.Say(msg.New("scenario.table.last"))+" "+clock(window), "n", "p50", "p95")
	for _, r := range []struct {
		name string
		l    Latency
	}{{p.Say(msg.New("scenario.table.hits")), win.HitLatency}, {p.Say(msg.New("scenario.table.misses")), win.MissLatency}} {
		p50, p95 := "-", "-"
		if r.l.N > 0 {
			p50, p95 = msIn(p, r.l.P50), msIn(p, r.l.P95)
		}
		fmt.Fprintf(&b, "  %-13s %6d %10s %10s\n", r.name, r.l.N, p50, p95)
	}
	if n := len(all.Series); n > 0 {
		b.WriteString(p.Say(msg.New("scenario.table.growth", all.Series[0].Count, all.Series[n-1].Count, spark(all.Series, 30))) + "\n")
	} else {
		b.WriteString(p.Say(msg.New("scenario.table.growth_none")) + "\n")
	}
	if all.MissErrors > 0 {
		b.WriteString(p.Say(msg.New("scenario.table.failed", all.MissErrors)) + "\n")
	}
	if s := healthParts(p, h); s != "" {
		b.WriteString("  " + s + "\n")
	}
	return b.String()
}

// healthText is the recommendation container's health as the end of a
// plain line ("; memory …"), "" when nothing was read.
func healthText(p *msg.Printer, h Health) string {
	if s := healthParts(p, h); s != "" {
		return p.Say(msg.New("scenario.view.then", s))
	}
	return ""
}

func healthParts(p *msg.Printer, h Health) string {
	var parts []string
	if h.MemoryBytes > 0 {
		parts = append(parts, p.Say(msg.New("scenario.health.memory", h.MemoryBytes/(1<<20), h.MemoryFirst/(1<<20))))
	}
	if h.Checked {
		parts = append(parts, p.Say(msg.New("scenario.health.restarts", h.Restarts)))
		if h.OOMKilled {
			parts = append(parts, p.Say(msg.New("scenario.health.oom")))
		}
	}
	return strings.Join(parts, ", ")
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
