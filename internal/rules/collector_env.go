package rules

import (
	"regexp"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var reEnvRef = regexp.MustCompile(`\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}`)

var _ = register(&Rule{
	ID: "LAB016", Slug: "collector-env-unset",
	Title:  "The Collector config reads an environment variable its container does not have",
	Blocks: allChecks,
	Fix:    "pass the variable in the Collector service's environment, or use the name it has",
	Page: `${env:NAME} expands to nothing when NAME is unset in the Collector's container (Compose
passes only the service's environment:). The Collector warns "Configuration references unset
environment variable" and, for a required setting such as the postgresql receiver's password,
refuses its config and exits: "receivers::postgresql: invalid config: missing password" —
traces are lost too.`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RoleCollector)
		if s == nil || l.Files.Collector.Doc == nil {
			return nil
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

var _ = register(&Rule{
	ID: "LAB017", Slug: "traces-not-exported",
	Title:  "No traces pipeline exports to Jaeger",
	Blocks: traceChecks,
	Lab:    labTracesNotExported,
	Fix:    "add the exporter that sends to Jaeger (otlp/jaeger) to the traces pipeline's exporters",
	Page: `The Collector only sends what a pipeline's exporters send: a traces pipeline with only
debug prints spans in the Collector's log and Jaeger stays empty. The Collector reports no
error.`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil || roleName(l, model.RoleJaeger) == "" {
			return nil
		}
		pipes := l.Collector.PipelinesOf("traces")
		if len(pipes) == 0 {
			return nil
		}
		var toJaeger []string
		for _, t := range otlpTargets(l) {
			e, host := t.Component, t.host
			if sv := serviceOf(l, host); sv != nil && sv.Role == model.RoleJaeger {
				for _, pl := range pipes {
					if contains(pl.Exporters, e.ID) {
						return nil
					}
				}
			}
		}
		for _, id := range definedIDs(l.Files.Collector.Doc, "exporters") {
			if strings.Contains(id, "jaeger") || strings.HasPrefix(id, "otlp") {
				toJaeger = append(toJaeger, id)
			}
		}
		pl := pipes[0]
		f := r.says(l.Files.Collector.File, lineOf(l.Files.Collector.Doc, "service", "pipelines", pl.Name, "exporters"), "service.pipelines."+pl.Name+".exporters",
			msg.New("rule.LAB017.cause", pl.Name, strings.Join(pl.Exporters, ", "), roleName(l, model.RoleJaeger)))
		if len(toJaeger) > 0 {
			f.Fix = msg.New("rule.LAB017.fix", toJaeger[0], pl.Name)
		}
		return []Finding{f}
	},
})

var _ = register(&Rule{
	ID: "LAB018", Slug: "receiver-unknown-host",
	Title:  "A Collector receiver that scrapes names a host that is no service of the project",
	Blocks: pgChecks,
	Lab:    labReceiverUnknownHost,
	Log:    logPostgresNoHost,
	Fix:    "use the database's Compose service name",
	Page: `A pull receiver (postgresql) connects to its endpoint every collection_interval; a name
that is no service fails with "lookup db ... no such host" in the Collector's log.`,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		var out []Finding
		for _, c := range l.Collector.Receivers {
			if c.Mode != model.ModePull || len(c.Endpoints) == 0 {
				continue
			}
			host := model.ParseAddress(c.Endpoints[0]).Host
			if host == "" || model.IsLoopback(host) || strings.Contains(host, ".") || strings.Contains(host, ":") || serviceOf(l, host) != nil {
				continue
			}
			f := r.says(l.Files.Collector.File, c.Keys["endpoint"].Line, "receivers."+c.ID+".endpoint",
				msg.New("rule.LAB018.cause", c.ID, c.Endpoints[0], host))
			near := DidYouMean(host, hostNames(l))
			if near != "" {
				f.didYouMean(near)
			} else if c.Type == "postgresql" {
				near = roleName(l, model.RolePostgres)
			}
			if near != "" {
				f.Fix = msg.New("rule.fix.endpoint", strings.Replace(c.Endpoints[0], host, near, 1))
			}
			out = append(out, f)
		}
		return out
	},
})
