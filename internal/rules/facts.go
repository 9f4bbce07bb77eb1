package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// What the rules ask of a lab's model, the same whether it was read from
// files (lint) or from the engine (verify).

// roleName is the name of the service playing role, "" when none.
func roleName(l *model.Lab, r model.Role) string {
	if s := l.Service(r); s != nil {
		return s.Name
	}
	return ""
}

// hostNames are the names that resolve inside the project's network: each
// service's name, then its aliases, each once (a name listed twice would
// tie with itself for "did you mean").
func hostNames(l *model.Lab) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range l.Services {
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// serviceOf is the service a host name resolves to, nil when none.
func serviceOf(l *model.Lab, host string) *model.Service { return l.Resolve(host) }

// lineOf is the line of a key path in a YAML tree.
var lineOf = model.LineOf

// unknownHost says a host name is no service of the lab: not empty, not
// loopback, not a domain name or an IP address (those may well resolve).
//
// A host that cannot be a name at all is not said to be unknown: a
// vendor's placeholder the user fills in (https://<your_endpoint>), or a
// bare $VAR that the Collector expands itself (before v0.104.0 its
// expandconverter expanded $VAR; confmap.unifyEnvVarExpansion, beta in
// v0.104.0, collector#10435): what it becomes is not in the file.
func unknownHost(l *model.Lab, host string) bool {
	return host != "" && !model.IsLoopback(host) && !strings.ContainsAny(host, ".:") && isHostName(host) && serviceOf(l, host) == nil
}

// isHostName: letters, digits, '-' and '_' (Compose's service names).
func isHostName(host string) bool {
	for _, c := range host {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// proveIn says in which service's log verify looks for the line that
// proves the finding: the last one holding every word.
func (f *Finding) proveIn(l *model.Lab, role model.Role, words ...string) {
	if s := l.Service(role); s != nil {
		f.evidence = &logWords{service: s.Name, words: words}
	}
}

// The backend's causes, as verify's lab model shows them: where the SDK
// sends its spans, and under which service name. The proof, when there is
// one, is the SDK's export error in the backend's log.

var exportWords = []string{"export"}

// The Collector's causes on the traces' path, as verify's lab model shows
// them: the container's state, the traces pipeline, the otlp receiver and
// the exporter to Jaeger. The proof is in the Collector's log.

// collectorOf is the lab's Collector when the spans go through it.
func collectorOf(l *model.Lab) (*model.Service, *model.Collector) {
	col, c := l.Service(model.RoleCollector), l.Collector
	if col == nil || c == nil || l.Topology != model.TopologyCollector {
		return nil, nil
	}
	return col, c
}

// tracesOf is the Collector's traces pipelines when the spans go through it.
func tracesOf(l *model.Lab) (*model.Service, *model.Collector, []model.Pipeline) {
	col, c := collectorOf(l)
	if c == nil {
		return nil, nil, nil
	}
	return col, c, c.PipelinesOf("traces")
}

// grpcOTLP says the exporter is the OTLP gRPC one (TLS on by default).
func grpcOTLP(x *model.Component) bool { return x.Type == "otlp" || x.Type == "otlp_grpc" }

// The metrics' causes, as verify's lab model shows them: the postgresql
// receiver, the prometheus exporter, and Prometheus's job that scrapes it.
// Only a lab that asks for the metrics (the bonus) is checked.

// metricsOf is the lab's Collector when the lab asks for its metrics.
func metricsOf(l *model.Lab) *model.Collector {
	if l.Collector == nil || !l.MetricsRequired {
		return nil
	}
	return l.Collector
}

// envFileMissing says a service names an env_file that does not exist:
// what its environment holds is then unknown (LAB078 says it).
func envFileMissing(l *model.Lab, service string) bool {
	for _, m := range l.MissingEnvFiles {
		if m.Service == service {
			return true
		}
	}
	return false
}
