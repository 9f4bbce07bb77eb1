package report

import (
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
)

// The report reads the lab's description (model.Lab) and derives nothing
// again: what follows only looks facts up in it.

// discovered reports whether the lab is a student's own Compose project
// rather than the one labctl renders.
func discovered(l *model.Lab) bool { return l.Origin == model.OriginDiscovered }

// serviceName is the name of the service playing role inside the lab's
// network, "" when the description has none.
func serviceName(l *model.Lab, role model.Role) string {
	if s := l.Service(role); s != nil {
		return s.Name
	}
	return ""
}

// backendName is the backend's service.name: its own setting when known,
// else the one the lab asks for.
func backendName(l *model.Lab) string {
	return firstNonEmpty(l.Backend.ServiceName, l.ServiceName)
}

// reaches is the service an endpoint's host names inside the lab's network,
// nil when it is no service of the lab.
func reaches(l *model.Lab, endpoint string) *model.Service {
	host, _ := model.SplitEndpoint(endpoint)
	if host == "" {
		return nil
	}
	return l.Resolve(host)
}

// where names the target of a component for a diagram node: the service
// its first endpoint reaches, else that endpoint as written.
func where(l *model.Lab, c model.Component) string {
	if len(c.Endpoints) == 0 {
		return ""
	}
	if s := reaches(l, c.Endpoints[0]); s != nil {
		return s.Name
	}
	return c.Endpoints[0]
}

// sendsToJaeger reports whether an exporter sends to Jaeger: where it
// sends is the Jaeger service (an exporter to localhost sends to the
// Collector itself, whatever its name); without an endpoint, it is the
// lab's exporter to Jaeger. A description without services (one built by
// hand) has only the names to go by: the exporter's ID or endpoint says
// jaeger.
func sendsToJaeger(l *model.Lab, e model.Component) bool {
	if len(l.Services) == 0 {
		return e.ID == l.Exporter || strings.Contains(strings.ToLower(e.ID+" "+strings.Join(e.Endpoints, " ")), "jaeger")
	}
	if len(e.Endpoints) == 0 {
		return l.Exporter != "" && e.ID == l.Exporter
	}
	for _, ep := range e.Endpoints {
		if s := reaches(l, ep); s != nil && s.Role == model.RoleJaeger {
			return true
		}
	}
	return false
}

// scrapedBy finds the Prometheus job that scrapes the Collector where it
// listens at endpoint (its prometheus exporter, its own telemetry): a
// static target on that port whose host is the Collector's service. A
// description without services has only the port to go by.
func scrapedBy(l *model.Lab, endpoint string) (model.ScrapeJob, bool) {
	_, port := model.SplitEndpoint(endpoint)
	if l.Prometheus == nil || port == 0 {
		return model.ScrapeJob{}, false
	}
	for _, j := range l.Prometheus.Jobs {
		for _, t := range j.Targets {
			host, p := model.SplitEndpoint(t)
			if p != port {
				continue
			}
			if s := l.Resolve(host); len(l.Services) > 0 && (s == nil || s.Role != model.RoleCollector) {
				continue
			}
			return j, true
		}
	}
	return model.ScrapeJob{}, false
}

// jaegerTitle names Jaeger's distribution, as the description says it.
func jaegerTitle(in Input) string {
	switch in.Lab.Jaeger {
	case model.JaegerV1:
		return "Jaeger v1 all-in-one"
	case model.JaegerV2:
		return "Jaeger v2"
	}
	return "Jaeger"
}

// duration writes an interval as Prometheus and the Collector do: 5s,
// 1m, 1h30m.
func duration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") { // 1m0s, 1h0m0s
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") { // 1h0m
		s = s[:len(s)-2]
	}
	return s
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
