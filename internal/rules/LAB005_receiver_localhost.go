package rules

import (
	"slices"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB005", Slug: "receiver-localhost",
	Title:  "The Collector's OTLP receiver listens on localhost: other containers cannot reach it",
	Blocks: traceChecks,
	Page: `Since v0.104.0 the Collector's receivers listen on localhost by default
(component.UseLocalHostAsDefaultHost, collector-contrib#33658). Inside a container that
only accepts connections from the container itself: the backend's spans are refused. Said
when something is seen sending to that port from outside the container (a service's OTLP
endpoint, the backend's, or the port published on the host); a receiver nothing sends to
(a config whose pipelines only serve an extension, or a dummy) is no mistake.`,
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
				host, port := model.SplitEndpoint(ep)
				if !model.IsLoopback(host) || !sentTo(l, port) {
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
				fixPort := "4317"
				if proto == "http" {
					fixPort = "4318"
				}
				f := r.says(l.Collector.File, k.Line, "receivers."+c.ID+".protocols."+proto+".endpoint", text)
				f.Fix = msg.New("rule.LAB005.fix", fixPort, c.ID, proto)
				out = append(out, f)
			}
		}
		return out
	},
})

// sentTo says something is seen sending to the Collector's port from
// outside its container: a service's OTLP endpoint (the backend's, as
// every producer reads it; any other's, read from files), or the port
// published on the host.
func sentTo(l *model.Lab, port int) bool {
	coll := l.Service(model.RoleCollector)
	if coll == nil {
		return true // no container to be outside of: as the config says
	}
	if slices.Contains(coll.Publishes, port) {
		return true
	}
	to := func(a model.Address) bool { return serviceOf(l, a.Host) == coll && a.Port == port }
	if l.Backend.EndpointVar != "" && to(l.Backend.Endpoint) {
		return true
	}
	return slices.ContainsFunc(l.Services, func(s model.Service) bool { return s.OTLP != nil && to(s.OTLP.Endpoint) })
}
