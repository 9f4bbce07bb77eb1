package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB021", Slug: "prometheus-config-not-read",
	Title:  "Prometheus does not read the config file the project mounts",
	Blocks: []string{BlocksScrape, BlocksPG, BlocksPGRows},
	Page: `Prometheus reads --config.file; the images set it to /etc/prometheus/prometheus.yml in
their CMD. A Compose "command:" replaces that CMD: keep --config.file in it, or Prometheus reads
prometheus.yml in its working directory (/prometheus), i.e. its image's sample config, which
scrapes only itself.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := l.Service(model.RolePrometheus)
		if s == nil {
			return nil
		}
		return configNotRead(l, s, r, msg.New("rule.who.prometheus"), model.PrometheusReads(s), "--config.file", model.PrometheusImageKnown(s.Image))
	},
})
