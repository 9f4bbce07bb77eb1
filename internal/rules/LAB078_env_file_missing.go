package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB078", Slug: "env-file-missing",
	Title: "A service's env_file does not exist",
	Page: `docker compose reads each env_file of a service when it loads the project; one that does
not exist stops it before anything starts (compose-go types/project.go loadEnvFile: "env
file PATH not found"), unless the entry says required: false (Compose 2.24), which skips
it. lint loads the project as required: false would, checks everything else, and says it
here: an error, or a warning when a template of the file sits beside it (.env.example,
.env.template): the project's README then asks to copy it, and the variables it sets are
unknown to lint.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, m := range l.MissingEnvFiles {
			f := r.says(m.At.File, m.At.Line, m.At.Key, msg.New("rule.LAB078.cause", m.Service, m.Path))
			if m.Template != "" {
				f.Severity = Warning
				f.Fix = msg.New("rule.LAB078.fix_template", m.Template, m.Path)
			}
			out = append(out, f)
		}
		return out
	},
})
