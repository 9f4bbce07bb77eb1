package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// sender is where the backend sends its spans, as its SDK will read it
// (model.ReadBackendEnv read it): the fields the rules quote.
type sender struct {
	Service *model.Service
	// Var is the variable that sets the endpoint; Raw its value; At where
	// it is written.
	Var, Raw string
	At       model.Fact
	// Protocol is "grpc" or "http/protobuf"; ProtocolFrom says why.
	Protocol, ProtocolFrom string
	Scheme, Host           string
	Port                   int
	Path                   string
	// Insecure is what the gRPC exporter decides (scheme http, or
	// OTEL_EXPORTER_OTLP_INSECURE=true).
	Insecure bool
}

// senderOf is the backend's OTLP traces endpoint, nil when it sets none.
func senderOf(l *model.Lab) *sender {
	s, b := l.Service(model.RoleBackend), l.Backend
	if s == nil || b.EndpointVar == "" {
		return nil
	}
	return &sender{Service: s, Var: b.EndpointVar, Raw: b.OTLPEndpoint, At: b.EndpointFrom,
		Protocol: b.Protocol, ProtocolFrom: b.ProtocolFrom,
		Scheme: b.Endpoint.Scheme, Host: b.Endpoint.Host, Port: b.Endpoint.Port, Path: b.Endpoint.Path, Insecure: b.Insecure}
}

func (s *sender) grpc() bool { return !strings.HasPrefix(s.Protocol, "http") }

// receiverPorts are the otlp receivers' listening ports by protocol.
func receiverPorts(l *model.Lab) (grpc, http int, at map[string]int) {
	at = map[string]int{}
	if l.Collector == nil {
		return 0, 0, at
	}
	for _, c := range l.Collector.ReceiversOfType("otlp") {
		for proto, ep := range c.Listen {
			_, port := model.SplitEndpoint(ep)
			if proto == "grpc" && grpc == 0 {
				grpc = port
			}
			if proto == "http" && http == 0 {
				http = port
			}
			k := c.Keys["protocols."+proto+".endpoint"]
			if k.Line == 0 {
				k = c.Keys["protocols."+proto]
			}
			at[proto] = k.Line
		}
	}
	return grpc, http, at
}

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

func portStr(p int) msg.Message {
	if p == 0 {
		return msg.New("rule.none")
	}
	return msg.Raw(strconv.Itoa(p))
}

var _ = register(&Rule{
	ID: "LAB013", Slug: "sender-http-path",
	Title:  "An OTLP/HTTP traces endpoint without /v1/traces",
	Blocks: traceChecks,
	Fix:    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must end in /v1/traces (OTEL_EXPORTER_OTLP_ENDPOINT must not: the SDK appends it)",
	Page: `For OTLP/HTTP the SDK appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, but uses
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as written. The Collector answers 404 on any other path.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || s.grpc() {
			return nil
		}
		key := "services." + s.Service.Name + ".environment." + s.Var
		line := l.Files.EnvLine(s.Service.Name, s.Var)
		switch {
		case s.Var == "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" && !strings.HasSuffix(s.Path, "/v1/traces"):
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB013.no_path", s.Var, s.Raw))
			f.Fix = msg.New("rule.fix.set", s.Var, strings.TrimSuffix(s.Raw, "/")+"/v1/traces")
			return []Finding{f}
		case s.Var == "OTEL_EXPORTER_OTLP_ENDPOINT" && strings.Contains(s.Path, "/v1/"):
			f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB013.appended", s.Var, s.Raw, strings.TrimSuffix(s.Raw, "/")))
			f.Fix = msg.New("rule.fix.set", s.Var, strings.TrimSuffix(strings.TrimSuffix(s.Raw, "/"), s.Path))
			return []Finding{f}
		}
		return nil
	},
})

var _ = register(&Rule{
	ID: "LAB014", Slug: "sender-tls",
	Title:  "The backend's gRPC exporter uses TLS against a plain-text receiver",
	Blocks: traceChecks,
	Fix:    "write the endpoint with http:// (or set OTEL_EXPORTER_OTLP_INSECURE=true)",
	Page: `The Python gRPC exporter decides TLS from the endpoint: https:// or no scheme means TLS
unless OTEL_EXPORTER_OTLP_INSECURE=true; http:// means plain text. The Collector's receiver
in the lab has no TLS: the handshake fails and the SDK logs StatusCode.UNAVAILABLE.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		s := senderOf(l)
		if s == nil || !s.grpc() || s.Insecure || l.Collector == nil || serviceOf(l, s.Host) != l.Service(model.RoleCollector) {
			return nil
		}
		why := msg.New("rule.LAB014.no_scheme")
		if s.Scheme == "https" {
			why = msg.New("rule.LAB014.https")
		}
		f := r.says(l.Files.Compose, l.Files.EnvLine(s.Service.Name, s.Var), "services."+s.Service.Name+".environment."+s.Var,
			msg.New("rule.LAB014.cause", s.Var, s.Raw, why))
		f.Fix = msg.New("rule.fix.set", s.Var, fmt.Sprintf("http://%s:%d", s.Host, s.Port))
		return []Finding{f}
	},
})
