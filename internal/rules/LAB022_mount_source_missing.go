package rules

import (
	"os"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB022", Slug: "mount-source-missing",
	Title:  "A bind-mounted config file does not exist on the host",
	Blocks: allChecks,
	Page: `When the host side of a bind mount does not exist, Docker creates an empty directory
there and mounts it: the process then fails on "is a directory" or "not a directory", or reads
nothing. The path is relative to the Compose file's folder.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, s := range l.Services {
			name := s.Name
			for _, m := range s.Mounts {
				if !m.Bind || !model.IsYAML(m.Target) {
					continue
				}
				fi, err := os.Stat(m.Source)
				switch {
				case err != nil:
					out = append(out, r.says(l.Files.Compose, m.Line, "services."+name+".volumes",
						msg.New("rule.LAB022.missing", l.Files.Rel(m.Source), m.Target)))
				case fi.IsDir():
					out = append(out, r.says(l.Files.Compose, m.Line, "services."+name+".volumes",
						msg.New("rule.LAB022.directory", l.Files.Rel(m.Source), m.Target)))
				}
			}
		}
		return out
	},
})
