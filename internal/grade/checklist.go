package grade

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/policy"
	"github.com/labctl/labctl/internal/textutil"
)

// WriteChecklist writes the course's Markdown checklist filled in: the
// rubric's title, each group a heading, each criterion a task-list line
// (**bold** main, _italic_ secondary) with one line of evidence under it,
// then the note and the rubric's table, the note reached in bold. Ready to
// paste into a merge request. It is in lang ("": the rubric's language;
// see Rubric.ChooseLang); the rubric's own texts are as the rubric wrote them.
func WriteChecklist(w io.Writer, lang msg.Lang, r *Rubric, res *Result) error {
	if r == nil {
		r = DefaultRubric()
	}
	if lang == "" {
		lang = msg.Lang(r.Lang)
	}
	p := printer(string(lang))
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", r.Title)
	who := ""
	if res.Student != "" {
		who = " (" + res.Student + ")"
	}
	b.WriteString(p.Sprintf("grade.GradedBy", res.GradedAt.Format("2006-01-02 15:04 -07:00"), who) + "\n")
	if res.Error != "" {
		b.WriteString("\n" + p.Sprintf("grade.ErrorLine", msg.Quote(clipLine(res.Error))) + "\n")
	}
	writeRefused(&b, p, res.Refused)
	writeChanged(&b, p, res.Changed)
	if len(res.Profiles) > 0 {
		b.WriteString("\n" + p.Sprintf("course.profiles.enabled", "`"+strings.Join(res.Profiles, "`, `")+"`") + "\n")
	}
	group := "\x00"
	for _, c := range res.Criteria {
		if c.Group != group {
			group = c.Group
			fmt.Fprintf(&b, "\n### %s\n\n", group)
		}
		box := " "
		if c.Met {
			box = "x"
		}
		text := "_" + mdEscape(c.Text) + "_"
		if c.Main {
			text = "**" + mdEscape(c.Text) + "**"
		}
		ev := c.EvidenceIn(p)
		if !c.Checked {
			ev = p.Sprintf("grade.NotChecked", ev)
		}
		fmt.Fprintf(&b, "- [%s] %s\n  - %s\n", box, text, evidenceLine(ev, c.Quote))
	}
	b.WriteString("\n" + p.Sprintf("grade.NoteLine", FormatNote(res.Note), res.Met, res.Max) + "\n")
	if res.Calculation != nil {
		b.WriteString("\n" + calcLine(p, res.Calculation, res.Note) + "\n")
	}
	if res.Provisional {
		b.WriteString("\n" + p.Sprintf("course.provisional", res.NotChecked, FormatNote(res.NoteMax)) + "\n")
	}
	if r.Scheme != nil {
		sc := r.Scheme
		b.WriteString("\n" + p.Sprintf("course.scheme.legend", FormatNote(sc.Penalty), FormatNote(sc.Base), FormatNote(sc.Bonus), FormatNote(sc.UpTo)) + "\n")
	} else {
		b.WriteString("\n" + noteTable(r, p, res.Met, len(res.Criteria)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// calcLine shows how the base/complementary scheme reached the note:
// "base: 4 − 0.5 × 2 missed; complementary + 0.25 × 3 met; = 3.75".
func calcLine(p *msg.Printer, c *Calculation, note float64) string {
	total := FormatNote(c.Raw)
	if c.Raw != note {
		total = p.Sprintf("course.calc.bounded", total, FormatNote(note))
	}
	return p.Sprintf("course.calc",
		p.Sprintf("course.calc.base", FormatNote(c.Base), FormatNote(c.Penalty), c.BaseMissed),
		p.Sprintf("course.calc.comp", FormatNote(c.Bonus), c.ComplementaryMet), total)
}

// calcShort is calcLine without words, for a table cell or a CSV field.
func calcShort(p *msg.Printer, c *Calculation, note float64) string {
	s := p.Sprintf("course.calc.short", FormatNote(c.Base), FormatNote(c.Penalty), c.BaseMissed, FormatNote(c.Bonus), c.ComplementaryMet, FormatNote(c.Raw))
	if c.Raw != note {
		s += " → " + FormatNote(note)
	}
	return s
}

// writeRefused lists, one line each, the keys the policy for untrusted
// projects refused: the file, the key, what it asks for and why.
func writeRefused(b *strings.Builder, p *msg.Printer, refused []policy.Refusal) {
	if len(refused) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s\n\n%s\n\n", p.Sprintf("grade.RefusedTitle"), p.Sprintf("grade.RefusedIntro"))
	for _, r := range refused {
		why := p.Sprintf("grade.reason." + string(r.Reason))
		fmt.Fprintf(b, "- %s\n", p.Sprintf("grade.RefusedLine", codeText(r.File), codeText(r.Key), codeText(r.Asked), why))
	}
}

// writeChanged lists, one line each, the keys labctl ran otherwise than
// the submission asked: the file, the key, what it asked, what labctl
// gave and why.
func writeChanged(b *strings.Builder, p *msg.Printer, changed []policy.Change) {
	if len(changed) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s\n\n%s\n\n", p.Sprintf("grade.ChangedTitle"), p.Sprintf("grade.ChangedIntro"))
	for _, c := range changed {
		why := p.Sprintf("grade.change." + string(c.Did))
		fmt.Fprintf(b, "- %s\n", p.Sprintf("grade.ChangedLine", codeText(c.File), codeText(c.Key), codeText(c.Asked), codeText(c.Gave), why))
	}
}

// codeText keeps a student's text from closing the code span it is in.
func codeText(s string) string {
	return strings.ReplaceAll(clipLine(s), "`", "'")
}

// noteTable is the rubric's count-to-note table with the row reached in bold.
// The last row reads "10+" when more criteria than that can be met.
func noteTable(r *Rubric, p *msg.Printer, met, criteria int) string {
	notes := r.Notes
	if len(notes) == 0 {
		notes = DefaultNotes()
	}
	reached := 0
	for i, row := range notes {
		if row.Met <= met {
			reached = i
		}
	}
	rows := [][2]string{{p.Sprintf("grade.NoteCol"), p.Sprintf("grade.MetCol")}}
	for i, row := range notes {
		n, m := FormatNote(row.Note), fmt.Sprint(row.Met)
		if i == len(notes)-1 && row.Met < criteria {
			m += "+"
		}
		if i == reached {
			n, m = "**"+n+"**", "**"+m+"**"
		}
		rows = append(rows, [2]string{n, m})
	}
	w0, w1 := 3, 3
	for _, r := range rows {
		w0, w1 = max(w0, len([]rune(r[0]))), max(w1, len([]rune(r[1])))
	}
	var b strings.Builder
	line := func(a, c string) {
		fmt.Fprintf(&b, "| %s%s | %s%s |\n", a, strings.Repeat(" ", w0-len([]rune(a))), c, strings.Repeat(" ", w1-len([]rune(c))))
	}
	line(rows[0][0], rows[0][1])
	line(strings.Repeat("-", w0), strings.Repeat("-", w1))
	for _, r := range rows[1:] {
		line(r[0], r[1])
	}
	return b.String()
}

// printer is the checklist's language: the rubric's (fr when it names
// none or one without a catalog, as the course is French).
func printer(lang string) *msg.Printer {
	if l, err := msg.Parse(lang); err == nil {
		return msg.For(l)
	}
	return msg.For(msg.French)
}

// FormatNote writes 4.5 as 4.5 and 5 as 5, as the course's table does.
func FormatNote(n float64) string { return fmt.Sprintf("%g", n) }

// evidenceLine writes the quote of the report as code, so that the
// student's Markdown shows as they wrote it.
func evidenceLine(ev, quote string) string {
	suffix := fmt.Sprintf(" (%q)", quote)
	if quote == "" || !strings.HasSuffix(ev, suffix) {
		return mdInline(ev)
	}
	return mdInline(strings.TrimSuffix(ev, suffix)) + " — " + codeSpan(quote)
}

// codeSpan quotes s as inline code, with a fence longer than any run of
// backticks in it.
func codeSpan(s string) string {
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdInline keeps a line of evidence from opening HTML or emphasis.
func mdInline(s string) string {
	// Not clipped again: EvidenceIn clipped it around its quote.
	return strings.ReplaceAll(mdEscape(textutil.OneLine(s)), "<!--", "&lt;!--")
}

// mdEscape escapes what would start or end emphasis: every *, and each _
// not inside a word (http_server_span stays as it is, postgresql_* does not).
func mdEscape(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		switch {
		case c == '*':
			b.WriteString(`\*`)
		case c == '_' && !(i > 0 && i+1 < len(r) && isWord(r[i-1]) && isWord(r[i+1])):
			b.WriteString(`\_`)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ChooseLang is the language of the checklist and the class sheet, as
// labctl report chooses its own: flag (--lang) when given, an unknown one
// being an error; else the lang: the rubric's file names (the teacher's
// choice, kept with the rubric as the report keeps its language in its
// block); else the locale's (LC_ALL, LC_MESSAGES, LANG); else French, the
// course's language. getenv is os.Getenv.
func (r *Rubric) ChooseLang(flag string, getenv func(string) string) (msg.Lang, error) {
	if flag != "" {
		return msg.Parse(flag)
	}
	if r != nil && r.langSet {
		if l, err := msg.Parse(r.Lang); err == nil {
			return l, nil
		}
	}
	return msg.Choose("", getenv, msg.French)
}
