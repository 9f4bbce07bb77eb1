package model

import "strings"

// The backend's OTLP settings are read here only, from its environment:
// by discovery from its container's, by lint's loader from the Compose
// file's. Each fact says where it was read (at), so that a diagnosis
// points at the variable to change.

// ReadBackendEnv reads the backend's tracing settings as its SDK will: the
// _TRACES_ endpoint variable first; the protocol from the exporter class
// its code imports when that was seen (inCode: an explicit class wins over
// OTEL_EXPORTER_OTLP_PROTOCOL, which only the auto-instrumentation reads),
// else from the protocol variables, else the Python SDK's default, gRPC;
// TLS as the gRPC exporter decides it; service.name; ROOT_PATH.
func ReadBackendEnv(env map[string]string, inCode string, at func(key string) Fact) Backend {
	return ReadSenderEnv(env, inCode, pythonSender, at)
}

// pythonSender is what ReadBackendEnv assumes when nothing else is known of
// the backend: the course's backend is Python (labctl's own lab, a
// container whose image and code are not read).
var pythonSender = Sender{SDK: SDKPython, Protocol: ProtocolGRPC, Port: PortOTLPGRPC, CodeMayOverride: true}

// ReadSenderEnv reads a service's OTLP settings as its SDK will, the SDK
// being what DetectSender read of the service (sdk): the protocol from
// the exporter class its code imports (inCode), else the protocol
// variables, else what the SDK says (a protocol its Dockerfile or command
// sets, or its default); "" when the SDK is unknown or its code chooses
// (no protocol finding may be made then).
func ReadSenderEnv(env map[string]string, inCode string, sdk Sender, at func(key string) Fact) Backend {
	b := Backend{SDK: sdk}
	for _, k := range []string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"} {
		if v := env[k]; v != "" {
			b.OTLPEndpoint, b.EndpointVar, b.EndpointFrom = v, k, at(k)
			break
		}
	}
	if b.EndpointVar == "" {
		b.EndpointFrom = at("OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	switch {
	case inCode != "":
		b.Protocol, b.ProtocolFrom = inCode, ProtocolInCode
	default:
		for _, k := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
			if v := env[k]; v != "" {
				b.Protocol, b.ProtocolFrom, b.ProtocolVar = v, ProtocolInVariable, k
				break
			}
		}
	}
	if b.Protocol == "" && sdk.Protocol != "" {
		b.Protocol, b.ProtocolFrom = sdk.Protocol, ProtocolOfSDK
	}
	if b.OTLPEndpoint != "" {
		def := PortOTLPGRPC
		if !b.GRPC() {
			def = PortOTLPHTTP
		}
		b.Endpoint = ParseAddress(b.OTLPEndpoint).OrPort(def)
	}
	ins := env["OTEL_EXPORTER_OTLP_TRACES_INSECURE"]
	if ins == "" {
		ins = env["OTEL_EXPORTER_OTLP_INSECURE"]
	}
	switch {
	case b.Endpoint.Scheme == "https":
	case ins != "":
		b.Insecure = strings.EqualFold(ins, "true")
	default:
		b.Insecure = b.Endpoint.Scheme == "http"
	}
	if v := env["OTEL_SERVICE_NAME"]; v != "" {
		b.ServiceName, b.ServiceNameFrom = v, at("OTEL_SERVICE_NAME")
	} else if v := resourceServiceName(env["OTEL_RESOURCE_ATTRIBUTES"]); v != "" {
		b.ServiceName, b.ServiceNameFrom = v, at("OTEL_RESOURCE_ATTRIBUTES")
	}
	b.RootPath = strings.TrimSuffix(env["ROOT_PATH"], "/")
	return b
}

// GRPC says the SDK exports over gRPC (not HTTP).
func (b Backend) GRPC() bool { return !strings.HasPrefix(b.Protocol, "http") }

// resourceServiceName reads service.name from OTEL_RESOURCE_ATTRIBUTES
// (k=v,k=v).
func resourceServiceName(attrs string) string {
	for _, kv := range strings.Split(attrs, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.TrimSpace(k) == "service.name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ProtocolOrigin is what chose a sender's OTLP protocol.
type ProtocolOrigin string

const (
	// ProtocolInCode: the exporter class its code imports.
	ProtocolInCode ProtocolOrigin = "code"
	// ProtocolInVariable: OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL in its
	// environment (Backend.ProtocolVar).
	ProtocolInVariable ProtocolOrigin = "variable"
	// ProtocolOfSDK: what the SDK shows (Backend.SDK): a protocol its
	// Dockerfile or command sets (Explicit), or its default.
	ProtocolOfSDK ProtocolOrigin = "sdk"
)
