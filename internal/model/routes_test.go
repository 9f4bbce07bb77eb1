package model

import (
	"slices"
	"testing"
)

func TestExporterRoutes(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"static hostnames, the port defaults to 4317 (endpointWithPort)", `
exporters:
  loadbalancing:
    protocol: {otlp: {tls: {insecure: true}}}
    resolver: {static: {hostnames: [jaeger, "collector-2:4319"]}}
service: {pipelines: {traces: {receivers: [otlp], exporters: [loadbalancing]}}}
receivers: {otlp: {protocols: {grpc: {endpoint: 0.0.0.0:4317}}}}`, []string{"jaeger:4317", "collector-2:4319"}},
		{"dns hostname with its port", `
exporters:
  loadbalancing:
    resolver: {dns: {hostname: jaeger, port: "4327"}}
service: {pipelines: {traces: {receivers: [otlp], exporters: [loadbalancing]}}}
receivers: {otlp: {protocols: {grpc: {endpoint: 0.0.0.0:4317}}}}`, []string{"jaeger:4327"}},
		{"an otlp exporter has no routes beside its endpoint", `
exporters: {otlp: {endpoint: jaeger:4317}}
service: {pipelines: {traces: {receivers: [otlp], exporters: [otlp]}}}
receivers: {otlp: {protocols: {grpc: {endpoint: 0.0.0.0:4317}}}}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCollector([]byte(tc.config), "config.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Exporters[0].Routes; !slices.Equal(got, tc.want) {
				t.Errorf("routes %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadSenderEnv(t *testing.T) {
	at := func(string) Fact { return Fact{} }
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317"}
	java := Sender{SDK: SDKJavaAgent, Version: "2.9.0", Protocol: ProtocolHTTPProtobuf, Port: 4318, Clues: []Clue{{"-javaagent", InDockerfile}}}
	for _, tc := range []struct {
		name, inCode, protocol string
		from                   ProtocolOrigin
		variable               string
		env                    map[string]string
		sdk                    Sender
	}{
		{name: "the Java agent's default", env: env, sdk: java, protocol: ProtocolHTTPProtobuf, from: ProtocolOfSDK},
		{name: "the variable wins over the default", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, sdk: java, protocol: ProtocolGRPC, from: ProtocolInVariable, variable: "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{name: "the code's exporter wins over both", env: env, sdk: java, inCode: ProtocolGRPC, protocol: ProtocolGRPC, from: ProtocolInCode},
		{name: "unknown language: unknown protocol", env: env, sdk: Sender{}, protocol: "", from: ""},
		{name: "ReadBackendEnv keeps the Python default", env: env, sdk: pythonSender, protocol: ProtocolGRPC, from: ProtocolOfSDK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := ReadSenderEnv(tc.env, tc.inCode, tc.sdk, at)
			if b.Protocol != tc.protocol || b.ProtocolFrom != tc.from || b.ProtocolVar != tc.variable {
				t.Errorf("protocol %q from %q %q, want %q from %q %q", b.Protocol, b.ProtocolFrom, b.ProtocolVar, tc.protocol, tc.from, tc.variable)
			}
		})
	}
}
