package rules

import (
	"net"
	"strconv"
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
	if s == nil || l.Files == nil {
		return nil // no file for a finding to point into
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
			if e.Target == "" || exportMayRecover(l, e.Target, e.Cause) {
				continue
			}
			r, _ := Lookup("LAB061")
			f := r.says(l.Files.Compose, 0, "", msg.New("rule.LAB061.cause", e.Target))
			if snd != nil && !sendsTo(snd, e.Target) {
				// Not where the variable points: the endpoint came from
				// elsewhere (the code), and the variable's line is no cause.
				f.Message = msg.New("verify.LAB061.not_from_env", e.Target, snd.Var+"="+snd.Raw)
				f.Fix = msg.New("verify.LAB061.not_from_env_fix", snd.Var)
			} else if snd != nil {
				f.Line = l.Files.EnvLine(snd.Service.Name, snd.Var)
				f.Key = "services." + snd.Service.Name + ".environment." + snd.Var
				f.Message = msg.New("rule.paren", f.Message, snd.Var+"="+snd.Raw)
			}
			f.Message = msg.New("rule.LAB061.why", f.Message, senderCause(l, e.Target, e.Cause))
			if host := stoppedService(l, e.Target, e.Cause); host != "" {
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

// exportMayRecover says whether a failed export proves no mistake of the
// files: sent to the Collector's service at its OTLP gRPC receiver's port
// (where the endpoint should point), it was refused or timed out, as when
// the Collector is still starting or slow (seen on labctl's own lab on a
// loaded machine: "StatusCode.DEADLINE_EXCEEDED" to collector:4317). The
// rules of the Collector's side (not running, listening on localhost) say
// the lasting causes; LAB061's fix would ask for the endpoint it has.
func exportMayRecover(l *model.Lab, target, cause string) bool {
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		return false
	}
	coll := l.Service(model.RoleCollector)
	grpc, _, _ := receiverPorts(l)
	if coll == nil || serviceOf(l, host) != coll || strconv.Itoa(grpc) != port {
		return false
	}
	return strings.Contains(cause, "Connection refused") || strings.Contains(cause, "DEADLINE_EXCEEDED") ||
		strings.Contains(cause, "Deadline Exceeded")
}

// sendsTo says whether target (HOST:PORT, as the SDK logs it) is where
// the sender's variable points.
func sendsTo(snd *sender, target string) bool {
	h, port, err := net.SplitHostPort(target)
	if err != nil || snd.Host == "" {
		return true // nothing to compare: as before
	}
	return strings.EqualFold(h, snd.Host) && port == strconv.Itoa(snd.Port)
}

// stoppedService is the host of target when the SDK's error c says the
// name does not resolve and it is a service of the project all the same
// (Docker's DNS answers only for a running container), else "".
func stoppedService(l *model.Lab, target, c string) string {
	dns := strings.Contains(c, "DNS resolution failed") || strings.Contains(c, "Domain name not found") || strings.Contains(c, "lookup")
	if host, _, err := net.SplitHostPort(target); dns && err == nil && serviceOf(l, host) != nil {
		return host
	}
	return ""
}

// senderCause says in words what the SDK's last error means.
func senderCause(l *model.Lab, target, c string) msg.Message {
	if host := stoppedService(l, target, c); host != "" {
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
