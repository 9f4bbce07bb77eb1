package waterfall

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labctl/labctl/internal/msg"
)

// Options say how to draw.
type Options struct {
	// Width is the terminal's width in columns; < 40 means 80.
	Width int
	// Color adds ANSI colours (a terminal without NO_COLOR).
	Color bool
	// Link is the trace's page in the Jaeger UI, printed last; "" for none.
	Link string
	// Location is the zone times are written in; nil means time.Local.
	Location *time.Location
	// Words is the language of the words drawn (nil: English); span names,
	// kinds and attributes stay as the trace has them.
	Words *msg.Printer
}

// words are the drawing's words in o's language.
type words struct{ p *msg.Printer }

func (o Options) words() words {
	if o.Words == nil {
		return words{msg.For(msg.English)}
	}
	return words{o.Words}
}

func (w words) Sprintf(key string, args ...any) string { return w.p.Sprintf(key, args...) }

// spans is "1 span", "6 spans" in the language; errors likewise.
func (w words) spans(n int) string {
	if n == 1 {
		return w.Sprintf("term.trace.span_one")
	}
	return w.Sprintf("term.trace.spans", n)
}

func (w words) errors(n int) string {
	if n == 1 {
		return w.Sprintf("term.trace.error_one")
	}
	return w.Sprintf("term.trace.errors", n)
}

// dur is FormatDuration with the language's decimal mark.
func (w words) dur(d time.Duration) string {
	s := FormatDuration(d)
	if w.p.Lang == msg.French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (o Options) width() int {
	if o.Width < 40 {
		return 80
	}
	return o.Width
}

const (
	durW  = 8 // "12.3ms", "850µs", right-aligned
	kindW = 8 // "internal", "consumer"
)

// ANSI colours.
const (
	reset   = "\x1b[0m"
	bold    = "\x1b[1m"
	dim     = "\x1b[2m"
	red     = "\x1b[31m"
	cyan    = "\x1b[36m"
	magenta = "\x1b[35m"
	blue    = "\x1b[34m"
)

type painter bool

func (p painter) paint(color, s string) string {
	if !p || s == "" {
		return s
	}
	return color + s + reset
}

// columns splits the width: duration, kind, name, bar, attributes.
func columns(width int) (nameW, barW, attrW int) {
	rest := width - durW - 1 - kindW - 1
	barW = clamp(rest/3, 10, 60)
	nameW = clamp(rest*3/10, 16, 50)
	attrW = rest - nameW - 1 - (barW + 2) - 1
	if attrW < 0 {
		attrW = 0
	}
	return nameW, barW, attrW
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// Render draws the trace: a title line, an axis, one line per span (its
// duration, kind, name indented by depth, a bar on the trace's time axis,
// what its attributes say, errors marked ✗) and the Jaeger UI link.
func Render(w io.Writer, l Layout, o Options) error {
	p := painter(o.Color)
	width := o.width()
	nameW, barW, attrW := columns(width)
	wd := o.words()
	var b strings.Builder

	title := "trace " + l.ID
	if root, ok := l.Root(); ok {
		title += " · " + root.Operation
	}
	title += " · " + wd.dur(l.Duration) + " · " + wd.spans(len(l.Rows))
	if l.Errors > 0 {
		title += " · " + wd.errors(l.Errors)
	}
	if len(l.Services) > 0 {
		title += " · " + strings.Join(l.Services, ", ")
	}
	b.WriteString(p.paint(bold, truncate(title, width)) + "\n")

	axis := "0"
	end := wd.dur(l.Duration)
	axis += strings.Repeat(" ", max(1, barW+2-len(axis)-utf8.RuneCountInString(end))) + end
	head := padLeft(wd.Sprintf("term.trace.took"), durW) + " " + pad(wd.Sprintf("term.trace.kind"), kindW) + " " + pad(wd.Sprintf("term.trace.span"), nameW) + " " + axis
	if attrW > 0 {
		head += " " + wd.Sprintf("term.trace.attributes")
	}
	b.WriteString(p.paint(dim, strings.TrimRight(truncate(head, width), " ")) + "\n")

	var rootService string
	if root, ok := l.Root(); ok {
		rootService = root.Service
	}
	for _, r := range l.Rows {
		s := r.Span
		indent := strings.Repeat("  ", min(r.Depth, nameW/4))
		mark := ""
		switch {
		case s.Error:
			mark = "✗ "
		case r.Orphan:
			mark = "⋯ "
		}
		name := truncate(indent+mark+s.Operation, nameW)

		// What is odd about the span first: it must survive truncation.
		var notes []string
		if r.Orphan {
			notes = append(notes, "⚠ "+wd.Sprintf("term.trace.orphan", short(s.ParentID)))
		}
		if r.Skew {
			notes = append(notes, "⚠ "+wd.Sprintf("term.trace.skew"))
		}
		if len(l.Services) > 1 && s.Service != rootService && s.Service != "" {
			notes = append(notes, "["+s.Service+"]")
		}
		if e := Explain(s); e != "" {
			// FastAPI names its server span "POST /products/": say only what the name does not.
			if rest, ok := strings.CutPrefix(e, s.Operation+" "); ok && s.Operation != "" {
				e = rest
			}
			notes = append(notes, e)
		}
		attrs := truncate(strings.Join(notes, " "), attrW)

		barColor := blue
		switch {
		case s.Error:
			barColor = red
		case s.Kind == "server":
			barColor = cyan
		case s.Kind == "client":
			barColor = magenta
		}
		line := padLeft(wd.dur(s.Duration), durW) + " " + pad(s.Kind, kindW) + " "
		if s.Error {
			line += p.paint(red, pad(name, nameW))
		} else {
			line += pad(name, nameW)
		}
		line += " │" + p.paint(barColor, bar(r.Offset, s.Duration, l.Duration, barW)) + "│"
		if attrs != "" {
			line += " " + p.paint(dim, attrs)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if o.Link != "" {
		b.WriteString("Jaeger UI: " + o.Link + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// bar draws [offset, offset+d] of total on n cells: █ where the span runs
// (at least one cell), spaces elsewhere.
func bar(offset, d, total time.Duration, n int) string {
	from, to := 0, n
	if total > 0 {
		from = int(int64(n) * int64(offset) / int64(total))
		to = int((int64(n)*int64(offset+d) + int64(total) - 1) / int64(total))
	}
	from = clamp(from, 0, n-1)
	to = clamp(to, from+1, n)
	return strings.Repeat(" ", from) + strings.Repeat("█", to-from) + strings.Repeat(" ", n-to)
}

// RenderList draws one line per trace, in the order given: its id, its
// duration, its span count, when it started and its root span (✗ when a
// span of it failed), the root cut to the width.
func RenderList(w io.Writer, ls []Layout, o Options) error {
	p := painter(o.Color)
	width := o.width()
	wd := o.words()
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	idW, dW, nW := 0, 0, 0
	for _, l := range ls {
		idW = max(idW, utf8.RuneCountInString(l.ID))
		dW = max(dW, utf8.RuneCountInString(wd.dur(l.Duration)))
		nW = max(nW, utf8.RuneCountInString(wd.spans(len(l.Rows))))
	}
	var b strings.Builder
	for _, l := range ls {
		root := ""
		if r, ok := l.Root(); ok {
			root = r.Operation
		}
		head := pad(l.ID, idW) + "  " + padLeft(wd.dur(l.Duration), dW) + "  " +
			pad(wd.spans(len(l.Rows)), nW) + "  " + l.Start.In(loc).Format("01-02 15:04:05") + "  "
		rootW := max(10, width-utf8.RuneCountInString(head))
		if l.Errors > 0 {
			root = p.paint(red, truncate("✗ "+root, rootW))
		} else {
			root = truncate(root, rootW)
		}
		b.WriteString(head + root + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func short(id string) string {
	if len(id) > 16 {
		return id[len(id)-16:]
	}
	return id
}

// truncate cuts s to n runes, ending with … when cut.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s)))
}

func padLeft(s string, n int) string {
	return strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s))) + s
}
