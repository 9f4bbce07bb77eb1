package rules

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB012", Slug: "sender-protocol-mismatch",
	Title:  "The backend speaks one OTLP protocol to the Collector's port of the other",
	Blocks: traceChecks,
	Fix:    "gRPC goes to 4317, HTTP to 4318: change the port, or the protocol",
	Page: `OTLP has two transports: gRPC (the Collector's receivers.otlp.protocols.grpc, 4317) and
HTTP/protobuf (protocols.http, 4318). The Python SDK's default exporter is gRPC; aimed at
4318 it logs (measured, SDK 1.45):
  Transient error StatusCode.UNAVAILABLE encountered while exporting traces to HOST:4318 ...
  Failed parsing HTTP/2 (Expected SETTINGS frame as the first frame, got frame type 80)
  (Trying to connect an http1.x server (HTTP status 400))
An HTTP exporter aimed at 4317 gets a gRPC server that does not answer HTTP/1.1.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || l.Collector == nil || serviceOf(l, s.Host) != l.Service(model.RoleCollector) {
			return nil
		}
		grpc, http, at := receiverPorts(l)
		key := "services." + s.Service.Name + ".environment." + s.Var
		line := l.Files.EnvLine(s.Service.Name, s.Var)
		switch {
		case s.grpc() && s.Port == http && http != 0:
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.grpc_to_http", s.Var, s.Raw, s.ProtocolFrom, strconv.Itoa(s.Port), l.Files.Collector.File, strconv.Itoa(at["http"])))
			if grpc != 0 {
				f.Fix = msg.New("rule.fix.set", s.Var, strings.Replace(s.Raw, ":"+strconv.Itoa(s.Port), ":"+strconv.Itoa(grpc), 1))
			}
			return []Finding{f}
		case !s.grpc() && s.Port == grpc && grpc != 0:
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.http_to_grpc", s.Var, s.Raw, s.ProtocolFrom, strconv.Itoa(s.Port), l.Files.Collector.File, strconv.Itoa(at["grpc"])))
			if http != 0 {
				f.Fix = msg.New("rule.fix.set", s.Var, strings.Replace(s.Raw, ":"+strconv.Itoa(s.Port), ":"+strconv.Itoa(http), 1))
			} else {
				f.Fix = msg.New("rule.LAB012.add_http")
			}
			return []Finding{f}
		case s.Port != grpc && s.Port != http && (grpc != 0 || http != 0):
			want := grpc
			proto := "gRPC"
			if !s.grpc() {
				want, proto = http, "HTTP"
			}
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.no_port", s.Var, s.Raw, strconv.Itoa(s.Port), portStr(grpc), portStr(http)))
			if want != 0 {
				f.Fix = msg.New("rule.LAB012.send_to", proto, strconv.Itoa(want))
			}
			return []Finding{f}
		}
		return nil
	},
})
