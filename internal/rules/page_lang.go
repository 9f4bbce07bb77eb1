package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/msg"
)

// PageIn is the rule's explain page in p's language: PageText in English;
// in another language its head (severity, the checks it blocks, what
// finds it, its generic fix) from the catalog, then its explanation,
// which only English has yet: the page says so before it.
func (r *Rule) PageIn(p *msg.Printer) string {
	if p.Lang == msg.English {
		return r.PageText()
	}
	say := func(m msg.Message) string { return p.Say(m) + "\n" }
	var b strings.Builder
	if r.Walk { // the walk's pages are in every language (catalog_walk.go)
		title, page, _ := WalkPage(r.ID, p.Lang)
		b.WriteString(say(msg.New("explain.head", r.ID, r.Slug, msg.Quote(title))))
		b.WriteString(say(msg.New("explain.severity", msg.New("term.severity."+string(r.Severity)))))
		b.WriteString(say(msg.New("explain.blocks", strings.Join(r.Blocks, ", "))))
		b.WriteString(say(msg.New("explain.found_by", r.foundBy())))
		b.WriteString("\n" + strings.TrimSpace(page) + "\n")
		return b.String()
	}
	b.WriteString(say(msg.New("explain.head", r.ID, r.Slug, msg.Quote(r.Title))))
	b.WriteString(say(msg.New("explain.severity", msg.New("term.severity."+string(r.Severity)))))
	if len(r.Blocks) > 0 {
		b.WriteString(say(msg.New("explain.blocks", strings.Join(r.Blocks, ", "))))
	}
	b.WriteString(say(msg.New("explain.found_by", r.foundBy())))
	if fix := r.GenericFix(); !fix.IsZero() {
		b.WriteString(say(msg.New("explain.fix", fix)))
	}
	if r.Page != "" {
		b.WriteString("\n" + say(msg.New("explain.english_only")))
		b.WriteString("\n" + strings.TrimSpace(r.Page) + "\n")
	}
	return b.String()
}

// foundBy is what finds the rule, as PageText's "found by" line says it.
func (r *Rule) foundBy() msg.Message {
	switch {
	case r.Walk:
		return msg.New("explain.by.walk")
	case r.Check != nil && r.Needs == 0:
		return msg.New("explain.by.lint_and_verify")
	case r.Check != nil && r.Needs&NeedFiles != 0:
		return msg.New("explain.by.lint")
	case r.Check != nil:
		return msg.New("explain.by.verify_lab")
	case r.Log != nil:
		return msg.New("explain.by.verify_logs")
	}
	return msg.New("explain.by.validators")
}
