package rules

import (
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB005", Slug: "receiver-localhost",
	Title:  "The Collector's OTLP receiver listens on localhost: other containers cannot reach it",
	Blocks: traceChecks,
	Fix:    "set receivers.otlp.protocols.grpc.endpoint: 0.0.0.0:4317 (and http: 0.0.0.0:4318)",
	Page: `Since v0.104.0 the Collector's receivers listen on localhost by default
(component.UseLocalHostAsDefaultHost, collector-contrib#33658). Inside a container that
only accepts connections from the container itself: the backend's spans are refused.`,
	After: []string{"LAB073"},
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		v, known := ImageVersion(collectorImage(l))
		var out []Finding
		for _, c := range l.Collector.ReceiversOfType("otlp") {
			for _, proto := range []string{"grpc", "http"} {
				ep, ok := c.Listen[proto]
				if !ok {
					continue
				}
				host, _ := model.SplitEndpoint(ep)
				if !model.IsLoopback(host) {
					continue
				}
				if c.ListenDefault[proto] && known && v.Less(V(0, 104, 0)) {
					continue // before v0.104 the default was 0.0.0.0
				}
				k := c.Keys["protocols."+proto+".endpoint"]
				text := msg.New("rule.LAB005.cause", c.ID, proto, ep)
				if c.ListenDefault[proto] {
					k = c.Keys["protocols."+proto]
					text = msg.New("rule.LAB005.default", c.ID, proto, ep)
				}
				port := "4317"
				if proto == "http" {
					port = "4318"
				}
				f := r.says(l.Collector.File, k.Line, "receivers."+c.ID+".protocols."+proto+".endpoint", text)
				f.Fix = msg.New("rule.LAB005.fix", port, c.ID, proto)
				out = append(out, f)
			}
		}
		return out
	},
})
