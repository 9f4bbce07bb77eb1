package rules

import (
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
	// Protocol is "grpc" or "http/protobuf".
	Protocol     string
	Scheme, Host string
	Port         int
	Path         string
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
		Protocol: b.Protocol,
		Scheme:   b.Endpoint.Scheme, Host: b.Endpoint.Host, Port: b.Endpoint.Port, Path: b.Endpoint.Path, Insecure: b.Insecure}
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

func portStr(p int) msg.Message {
	if p == 0 {
		return msg.New("rule.none")
	}
	return msg.Raw(strconv.Itoa(p))
}
