package rules

import (
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// hostGateway is the name Docker Desktop resolves to the host.
const hostGateway = "host.docker.internal"

var _ = register(&Rule{
	ID: "LAB080", Slug: "host-gateway-missing", Severity: Warning,
	Title: "host.docker.internal without extra_hosts: it resolves on Docker Desktop only",
	Page: `Docker Desktop (macOS, Windows) resolves host.docker.internal to the host in every
container; Docker Engine on Linux does not, unless the service adds it (docker docs,
"Networking in Compose" / "Connect to a service on the host": extra_hosts with the special
value host-gateway, Engine 20.10+). A config that reaches the host by that name works on a
Mac and fails on Linux with "no such host": a warning, since which engine runs it is not in
the files.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		lacks := func(s *model.Service) bool { return s != nil && !slices.Contains(s.ExtraHosts, hostGateway) }
		// The configs the Collector and Prometheus read.
		for _, cfg := range []struct {
			role model.Role
			f    model.ConfigFile
		}{{model.RoleCollector, l.Files.Collector}, {model.RolePrometheus, l.Files.Prometheus}} {
			s := l.Service(cfg.role)
			if !lacks(s) || cfg.f.Doc == nil {
				continue
			}
			walk(cfg.f.Doc, func(v string, line int) {
				if strings.Contains(v, hostGateway) && (len(out) == 0 || out[len(out)-1].Line != line) {
					out = append(out, r.fixOf(r.says(cfg.f.File, line, "", msg.New("rule.LAB080.cause", v, s.Name)), s.Name))
				}
			})
		}
		// Each service's environment (an SDK's endpoint to the host).
		for i := range l.Services {
			s := &l.Services[i]
			if !lacks(s) {
				continue
			}
			for k, v := range s.Env {
				if strings.Contains(v, hostGateway) {
					out = append(out, r.fixOf(r.says(l.Files.Compose, l.Files.EnvLine(s.Name, k), "services."+s.Name+".environment."+k, msg.New("rule.LAB080.cause", k+"="+v, s.Name)), s.Name))
				}
			}
		}
		return out
	},
})

// fixOf gives a LAB080 finding the fix naming its service.
func (r *Rule) fixOf(f Finding, service string) Finding {
	f.Fix = msg.New("rule.LAB080.fix", service)
	return f
}
