package rules

import (
	"regexp"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB016", Slug: "collector-env-unset",
	Title:  "The Collector config reads an environment variable its container does not have",
	Blocks: allChecks,
	Page: `${env:NAME} expands to nothing when NAME is unset in the Collector's container (Compose
passes only the service's environment:). The Collector warns "Configuration references unset
environment variable" and, for a required setting such as the postgresql receiver's password,
refuses its config and exits: "receivers::postgresql: invalid config: missing password" —
traces are lost too.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleCollector)
		if s == nil || l.Files.Collector.Doc == nil || envFileMissing(l, s.Name) {
			return nil // a missing env_file may set any variable: LAB078 says it
		}
		var have []string
		for k := range s.Env {
			have = append(have, k)
		}
		sort.Strings(have)
		var out []Finding
		seen := map[string]bool{}
		walk(l.Files.Collector.Doc, func(v string, line int) {
			for _, m := range reEnvRef.FindAllStringSubmatch(v, -1) {
				name := m[1]
				if _, ok := s.Env[name]; ok || seen[name] || strings.Contains(m[0], ":-") {
					continue
				}
				seen[name] = true
				f := r.says(l.Files.Collector.File, line, "", msg.New("rule.LAB016.cause", m[0], s.Name))
				if near := DidYouMean(name, have); near != "" {
					f.Message = msg.New("rule.did_you_mean_bare", f.Message, near)
					f.Fix = msg.New("rule.LAB016.fix_near", "${env:"+near+"}", name, s.Name)
				} else {
					f.Fix = msg.New("rule.LAB016.fix", name, s.Name, l.Files.Compose)
				}
				out = append(out, f)
			}
		})
		return out
	},
})

var reEnvRef = regexp.MustCompile(`\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}`)
