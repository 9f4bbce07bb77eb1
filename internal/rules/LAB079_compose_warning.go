package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB079", Slug: "compose-warning", Severity: Note,
	Title: "Docker Compose warns about the project",
	Page: `What docker compose itself prints as it loads the project (compose-go logs these
warnings: "the attribute ` + "`version`" + ` is obsolete", "The \"X\" variable is not set.
Defaulting to a blank string."), said as notes at the line they concern where it is known,
in compose's own words. A variable a Collector config reads and that is unset is LAB016's.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, w := range l.ComposeWarnings {
			out = append(out, r.says(w.At.File, w.At.Line, w.At.Key, msg.New("rule.LAB079.says", msg.Quote(w.Text))))
		}
		return out
	},
})
