package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/logscan"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// FromLog reads one service's log and returns the findings it proves,
// each at the file and line that caused it, quoting the log line that
// carries the cause.
func FromLog(l *model.Lab, service, log string) []Finding {
	s := l.ServiceNamed(service)
	if s == nil {
		return nil
	}
	var out []Finding
	switch s.Role {
	case model.RoleCollector:
		if e, ok := logscan.FirstCause(log); ok && e.Level == "fatal" {
			if f, ok := CollectorFinding(l, strings.Join(e.Lines, "\n"), service+" log"); ok {
				f.Rule = "LAB060"
				f.Quote = e.Cause
				if f.Line == 0 {
					f.File = l.Files.Collector.File
				}
				out = append(out, f)
			}
		}
		for _, e := range logscan.Errors(logscan.Entries(log)) {
			if e.Level != "error" || e.Component == "" || l.Collector == nil {
				continue
			}
			exp := l.Collector.Component("exporter", e.Component)
			if exp == nil {
				continue
			}
			r, _ := Lookup("LAB062")
			f := r.says(l.Files.Collector.File, exp.Keys["endpoint"].Line, "exporters."+exp.ID+".endpoint",
				msg.New("rule.LAB062.cause", exp.ID, strings.Join(exp.Endpoints, ", ")))
			f.Quote, f.Source = e.Cause, service+" log"
			out = append(out, f)
			break
		}
	case model.RoleBackend:
		snd := senderOf(l)
		for _, e := range logscan.Entries(log) {
			if e.Target == "" {
				continue
			}
			r, _ := Lookup("LAB061")
			f := r.says(l.Files.Compose, 0, "", msg.New("rule.LAB061.cause", e.Target))
			if snd != nil {
				f.Line = l.Files.EnvLine(snd.Service.Name, snd.Var)
				f.Key = "services." + snd.Service.Name + ".environment." + snd.Var
				f.Message = msg.New("rule.paren", f.Message, snd.Var+"="+snd.Raw)
			}
			f.Message = msg.New("rule.LAB061.why", f.Message, senderCause(e.Cause))
			f.Quote, f.Source = e.Cause, service+" log"
			out = append(out, f)
			break
		}
	}
	return out
}

// senderCause says in words what the SDK's last error means.
func senderCause(c string) msg.Message {
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
