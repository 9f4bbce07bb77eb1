package rules

import (
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var _ = register(&Rule{
	ID: "LAB012", Slug: "sender-protocol-mismatch",
	Title:  "A sender speaks one OTLP protocol to the Collector's port of the other",
	Blocks: traceChecks,
	Page: `OTLP has two transports: gRPC (the Collector's receivers.otlp.protocols.grpc, 4317) and
HTTP/protobuf (protocols.http, 4318). Which one a service sends with is what it sets
(OTEL_EXPORTER_OTLP_PROTOCOL, -Dotel.exporter.otlp.protocol, the exporter class its code
imports), else its SDK's default, read from each SDK's source (model.SenderDefaults): gRPC
for Python and .NET and the Java agent before 2.0, http/protobuf for the Java agent from 2.0
(its CHANGELOG, 2.0.0), Node.js, PHP and Erlang; Go's code chooses. The SDK is read from
what the project shows (-javaagent, opentelemetry-instrument, the image, the Dockerfile's
FROM); where it is unknown, nothing is said. The Python SDK aimed at 4318 logs (measured,
SDK 1.45):
  Transient error StatusCode.UNAVAILABLE encountered while exporting traces to HOST:4318 ...
  Failed parsing HTTP/2 (Expected SETTINGS frame as the first frame, got frame type 80)
  (Trying to connect an http1.x server (HTTP status 400))
An HTTP exporter aimed at 4317 gets a gRPC server that does not answer HTTP/1.1.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		if l.Collector == nil {
			return nil
		}
		var out []Finding
		for i := range l.Services {
			if f, ok := protocolMismatch(r, l, &l.Services[i]); ok {
				out = append(out, f)
			}
		}
		return out
	},
})

// protocolMismatch is the finding of one sender whose endpoint is the
// Collector: its protocol to the other protocol's port, or to a port no
// receiver listens on. A sender whose protocol is unknown is said nothing
// of, unless the port it writes is none of the receiver's.
func protocolMismatch(r *Rule, l *model.Lab, svc *model.Service) (Finding, bool) {
	b := svc.OTLP
	if b == nil || b.EndpointVar == "" || serviceOf(l, b.Endpoint.Host) != l.Service(model.RoleCollector) {
		return Finding{}, false
	}
	grpc, http, at := receiverPorts(l)
	key := "services." + svc.Name + ".environment." + b.EndpointVar
	line := l.Files.EnvLine(svc.Name, b.EndpointVar)
	port := b.Endpoint.Port
	known := b.Protocol != ""
	switch {
	case known && b.GRPC() && port == http && http != 0:
		f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.sender_grpc_to_http", b.EndpointVar, b.OTLPEndpoint, svc.Name, protocolFrom(b), strconv.Itoa(port), l.Files.Collector.File, strconv.Itoa(at["http"])))
		if grpc != 0 {
			f.Fix = msg.New("rule.fix.set", b.EndpointVar, strings.Replace(b.OTLPEndpoint, ":"+strconv.Itoa(port), ":"+strconv.Itoa(grpc), 1))
		}
		return f, true
	case known && !b.GRPC() && port == grpc && grpc != 0:
		f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.sender_http_to_grpc", b.EndpointVar, b.OTLPEndpoint, svc.Name, protocolFrom(b), strconv.Itoa(port), l.Files.Collector.File, strconv.Itoa(at["grpc"])))
		if http != 0 {
			f.Fix = msg.New("rule.fix.set", b.EndpointVar, strings.Replace(b.OTLPEndpoint, ":"+strconv.Itoa(port), ":"+strconv.Itoa(http), 1))
		} else {
			f.Fix = msg.New("rule.LAB012.add_http")
		}
		return f, true
	case port != grpc && port != http && (grpc != 0 || http != 0) && (known || model.ParseAddress(b.OTLPEndpoint).Port != 0):
		f := r.says(l.Files.Compose, line, key, msg.New("rule.LAB012.no_port", b.EndpointVar, b.OTLPEndpoint, strconv.Itoa(port), portStr(grpc), portStr(http)))
		if known {
			want, proto := grpc, "gRPC"
			if !b.GRPC() {
				want, proto = http, "HTTP"
			}
			if want != 0 {
				f.Fix = msg.New("rule.LAB012.send_to", proto, strconv.Itoa(want))
			}
		}
		return f, true
	}
	return Finding{}, false
}

// protocolFrom says what chose a sender's protocol, from the model's facts:
// its code, a variable, or its SDK (what set it, or whose default it is
// and what showed that SDK).
func protocolFrom(b *model.Backend) msg.Message {
	switch b.ProtocolFrom {
	case model.ProtocolInCode:
		return msg.New("sender.from.code")
	case model.ProtocolInVariable:
		return msg.Raw(b.ProtocolVar)
	}
	s := b.SDK
	clues := cluesSaid(s.Clues)
	if s.Explicit {
		return clues
	}
	name := msg.New("sender.sdk." + string(s.SDK))
	switch {
	case s.Version == "latest":
		name = msg.New("sender.sdk.latest", name)
	case s.Version != "":
		name = msg.New("sender.sdk.version", name, s.Version)
	}
	if clues.IsZero() {
		return msg.New("sender.from.default", name)
	}
	return msg.New("sender.from.default_shown", name, clues)
}

// cluesSaid says what showed a sender, clue after clue.
func cluesSaid(clues []model.Clue) msg.Message {
	var out msg.Message
	for _, c := range clues {
		var m msg.Message
		switch c.In {
		case model.InImage:
			m = msg.New("sender.clue.image", c.Seen)
		case model.InDockerfileFrom:
			m = msg.New("sender.clue.from", c.Seen)
		default:
			m = msg.New("sender.clue.in", c.Seen, msg.New("sender.place."+string(c.In)))
		}
		if out.IsZero() {
			out = m
		} else {
			out = msg.New("sender.clue.and", out, m)
		}
	}
	return out
}
