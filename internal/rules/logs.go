package rules

import (
	"net"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/logscan"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB060", Slug: "collector-refused-config",
	Title:  "The Collector refused its config and exited",
	Blocks: allChecks,
	Fix:    "correct what the Collector names (labctl lint finds most of these before starting)",
	Page: `A Collector that cannot read its config exits at once; its log says why on the lines
after "decoding failed due to the following error(s):" — the first line alone says nothing.
Traces and metrics are both lost, and the other containers log that otel-collector does not
resolve (an exited container has no DNS name).`,
})

var _ = register(&Rule{
	ID: "LAB061", Slug: "sender-export-failed",
	Title:  "The backend's SDK fails to export its spans",
	Blocks: traceChecks,
	Fix:    "make OTEL_EXPORTER_OTLP_ENDPOINT name the Collector's service, its gRPC port and http://",
	Page: `The Python SDK logs each failed export with the endpoint it tried:
  Transient error StatusCode.UNAVAILABLE encountered while exporting traces to HOST:PORT ...
  Failed to export traces to HOST:PORT, error code: StatusCode.UNAVAILABLE, ...
The cause is after "last error:": Connection refused (nothing listens), DNS resolution failed
(no such service), Failed parsing HTTP/2 (an HTTP port), Tls handshake failed (TLS to plain text).`,
})

var _ = register(&Rule{
	ID: "LAB062", Slug: "collector-export-failed",
	Title:  "The Collector fails to export to Jaeger",
	Blocks: traceChecks,
	Fix:    "correct the exporter's endpoint and tls settings",
	Page: `With the default retry the Collector logs "Exporting failed. Will retry the request after
interval." and drops the data only minutes later; the cause is in the error field.`,
})

// FromLog reads one service's log and returns the findings it proves,
// each at the file and line that caused it, quoting the log line that
// carries the cause.
func FromLog(p *Project, service, log string) []Finding {
	s := p.Services[service]
	if s == nil {
		return nil
	}
	var out []Finding
	switch s.Role {
	case model.RoleCollector:
		if e, ok := logscan.FirstCause(log); ok && e.Level == "fatal" {
			if f, ok := CollectorFinding(p, strings.Join(e.Lines, "\n"), service+" log"); ok {
				f.Rule = "LAB060"
				f.Quote = e.Cause
				if f.Line == 0 {
					f.File = p.CollectorFile
				}
				out = append(out, f)
			}
		}
		for _, e := range logscan.Errors(logscan.Entries(log)) {
			if e.Level != "error" || e.Component == "" || p.Collector == nil {
				continue
			}
			exp := p.Collector.Component("exporter", e.Component)
			if exp == nil {
				continue
			}
			r, _ := Lookup("LAB062")
			f := r.says(p.CollectorFile, exp.Keys["endpoint"].Line, "exporters."+exp.ID+".endpoint",
				msg.New("rule.LAB062.cause", exp.ID, strings.Join(exp.Endpoints, ", ")))
			f.Quote, f.Source = e.Cause, service+" log"
			out = append(out, f)
			break
		}
	case model.RoleBackend:
		snd := SenderOf(p)
		for _, e := range logscan.Entries(log) {
			if e.Target == "" {
				continue
			}
			r, _ := Lookup("LAB061")
			f := r.says(p.ComposeFile, 0, "", msg.New("rule.LAB061.cause", e.Target))
			if snd != nil && !sendsTo(snd, e.Target) {
				// Not where the variable points: the endpoint came from
				// elsewhere (the code), and the variable's line is no cause.
				f.Message = msg.New("verify.LAB061.not_from_env", e.Target, snd.Var+"="+snd.Raw)
				f.Fix = msg.New("verify.LAB061.not_from_env_fix", snd.Var)
			} else if snd != nil {
				f.Line = p.envLine(snd.Service.Name, snd.Var)
				f.Key = "services." + snd.Service.Name + ".environment." + snd.Var
				f.Message = msg.New("rule.paren", f.Message, snd.Var+"="+snd.Raw)
			}
			f.Message = msg.New("rule.LAB061.why", f.Message, senderCause(p, e.Target, e.Cause))
			if host := stoppedService(p, e.Target, e.Cause); host != "" {
				// The variable names a service that is down: starting it
				// is the fix, not the variable.
				f.Line, f.Key, f.Fix = 0, "", msg.New("verify.LAB061.dns_service_fix", host, host)
			}
			f.Quote, f.Source = e.Cause, service+" log"
			out = append(out, f)
			break
		}
	}
	return out
}

// sendsTo says whether target (HOST:PORT, as the SDK logs it) is where
// the sender's variable points.
func sendsTo(snd *Sender, target string) bool {
	h, port, err := net.SplitHostPort(target)
	if err != nil || snd.Host == "" {
		return true // nothing to compare: as before
	}
	return strings.EqualFold(h, snd.Host) && port == strconv.Itoa(snd.Port)
}

// stoppedService is the host of target when the SDK's error c says the
// name does not resolve and it is a service of the project all the same
// (Docker's DNS answers only for a running container), else "".
func stoppedService(p *Project, target, c string) string {
	dns := strings.Contains(c, "DNS resolution failed") || strings.Contains(c, "Domain name not found") || strings.Contains(c, "lookup")
	if host, _, err := net.SplitHostPort(target); dns && err == nil && serviceOf(p, host) != nil {
		return host
	}
	return ""
}

// senderCause says in words what the SDK's last error means.
func senderCause(p *Project, target, c string) msg.Message {
	if host := stoppedService(p, target, c); host != "" {
		return msg.New("verify.LAB061.dns_service", host)
	}
	switch {
	case strings.Contains(c, "Failed parsing HTTP/2"):
		return msg.New("rule.LAB061.http2")
	case strings.Contains(c, "Tls handshake failed") || strings.Contains(c, "SSL"):
		return msg.New("rule.LAB061.tls")
	case strings.Contains(c, "Connection refused"):
		return msg.New("rule.LAB061.refused")
	case strings.Contains(c, "DNS resolution failed") || strings.Contains(c, "Domain name not found") || strings.Contains(c, "lookup"):
		return msg.New("rule.LAB061.dns")
	case strings.Contains(c, "404"):
		return msg.New("rule.LAB061.path")
	}
	return msg.New("rule.LAB061.see_quote")
}
