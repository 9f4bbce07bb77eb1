package model

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusFile is a Dockerfile of a published project in test/corpus.
func corpusFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "test", "corpus", filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDetectSender(t *testing.T) {
	for _, tc := range []struct {
		name     string
		e        SenderEvidence
		sdk      SDK
		version  string
		protocol string
		port     int
		explicit bool
		override bool
		clue     Clue
	}{
		{name: "Java agent, version only in the build (not shown): unknown",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "java-javaagent/Dockerfile")},
			sdk: SDKJavaAgent, clue: Clue{"-javaagent", InDockerfile}},
		{name: "Java agent 2.30.0 from the operator's image: http/protobuf",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "grafana-lgtm-ebpf-profiler/examples/java/Dockerfile")},
			sdk: SDKJavaAgent, version: "2.30.0", protocol: ProtocolHTTPProtobuf, port: 4318},
		{name: "Java agent downloaded from releases/latest: http/protobuf",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "newrelic-logs-in-context/Dockerfile")},
			sdk: SDKJavaAgent, version: "latest", protocol: ProtocolHTTPProtobuf, port: 4318},
		{name: "Java agent before 2.0: gRPC",
			e: SenderEvidence{Image: "eclipse-temurin:17", Command: []string{"java", "-javaagent:/otel/opentelemetry-javaagent.jar", "-jar", "app.jar"},
				Dockerfile: "RUN curl -Lo /otel/opentelemetry-javaagent.jar https://github.com/open-telemetry/opentelemetry-java-instrumentation/releases/download/v1.32.0/opentelemetry-javaagent.jar"},
			sdk: SDKJavaAgent, version: "1.32.0", protocol: ProtocolGRPC, port: 4317, clue: Clue{"-javaagent", InCommand}},
		{name: "Java agent told grpc in the environment",
			e: SenderEvidence{Dockerfile: corpusFile(t, "datadog-calendar-java/deploys/Dockerfile.otel"),
				Environment: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otelcol:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}},
			sdk: SDKJavaAgent, version: "latest", protocol: ProtocolGRPC, port: 4317, explicit: true, clue: Clue{"OTEL_EXPORTER_OTLP_PROTOCOL", InEnvironment}},
		{name: "Java agent in KAFKA_OPTS with a -D protocol",
			e:   SenderEvidence{Image: "apache/kafka:3.8.1", Environment: map[string]string{"KAFKA_OPTS": "-javaagent:/opt/otel-agent/opentelemetry-javaagent.jar -Dotel.jmx.enabled=true -Dotel.exporter.otlp.endpoint=http://otel-collector:4317 -Dotel.exporter.otlp.protocol=grpc"}},
			sdk: SDKJavaAgent, protocol: ProtocolGRPC, port: 4317, explicit: true, clue: Clue{"-Dotel.exporter.otlp.protocol", InEnvironment}},
		{name: "another vendor's Java agent is not OpenTelemetry's",
			e:   SenderEvidence{Image: "eclipse-temurin:21", Command: []string{"java", "-javaagent:/dd-java-agent.jar", "-jar", "app.jar"}},
			sdk: SDKJava},
		{name: "Python with opentelemetry-instrument: gRPC",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "datadog-rolldice-game/rolling/Dockerfile")},
			sdk: SDKPython, protocol: ProtocolGRPC, port: 4317, override: true, clue: Clue{"opentelemetry-instrument", InDockerfileRun}},
		{name: "Python told grpc",
			e: SenderEvidence{Dockerfile: corpusFile(t, "datadog-rolldice-http-metrics/rolling/Dockerfile"),
				Environment: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}},
			sdk: SDKPython, protocol: ProtocolGRPC, port: 4317, explicit: true},
		{name: "Python traces protocol wins over the general one",
			e: SenderEvidence{Image: "python:3.12-slim",
				Environment: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"}},
			sdk: SDKPython, protocol: ProtocolHTTPProtobuf, port: 4318, explicit: true, clue: Clue{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", InEnvironment}},
		{name: "Node's image: the SDK's default, http/protobuf, unless its code says otherwise",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "grafana-lgtm-ebpf-profiler/examples/nodejs/Dockerfile")},
			sdk: SDKNode, protocol: ProtocolHTTPProtobuf, port: 4318, override: true, clue: Clue{"node:24", InDockerfileFrom}},
		{name: "Node's auto-instrumentation register: http/protobuf",
			e:   SenderEvidence{Image: "node:22", Environment: map[string]string{"NODE_OPTIONS": "--require @opentelemetry/auto-instrumentations-node/register"}},
			sdk: SDKNode, protocol: ProtocolHTTPProtobuf, port: 4318, override: true},
		{name: ".NET, multi-stage: gRPC",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "grafana-lgtm-ebpf-profiler/examples/dotnet/Dockerfile")},
			sdk: SDKDotNet, protocol: ProtocolGRPC, port: 4317, override: true, clue: Clue{"mcr.microsoft.com/dotnet/aspnet", InDockerfileFrom}},
		{name: ".NET, final stage named with an argument",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "dotnet-microservice/WebApi/Dockerfile")},
			sdk: SDKDotNet, protocol: ProtocolGRPC, port: 4317, override: true},
		{name: "Go: the code decides",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "grafana-lgtm-ebpf-profiler/examples/go/Dockerfile")},
			sdk: SDKGo, override: false},
		{name: "Go built in a golang stage, run from alpine",
			e:   SenderEvidence{Dockerfile: corpusFile(t, "last9-delta-cumulative-routing/generator/Dockerfile")},
			sdk: SDKGo},
		{name: "PHP told grpc",
			e:   SenderEvidence{Image: "ghcr.io/open-telemetry/opentelemetry-php/opentelemetry-php-base:8.1", Environment: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"}},
			sdk: SDKUnknown, protocol: ProtocolGRPC, port: 4317, explicit: true},
		{name: "PHP's image: http/protobuf",
			e:   SenderEvidence{Image: "php:8.3-apache"},
			sdk: SDKPHP, protocol: ProtocolHTTPProtobuf, port: 4318, override: true},
		{name: "Erlang: http/protobuf",
			e:   SenderEvidence{Image: "erlang:27"},
			sdk: SDKErlang, protocol: ProtocolHTTPProtobuf, port: 4318, override: true},
		{name: "unknown language: unknown protocol",
			e:   SenderEvidence{Image: "ghcr.io/example/shop:1.0"},
			sdk: SDKUnknown},
		{name: "nothing shown",
			e:   SenderEvidence{},
			sdk: SDKUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DetectSender(tc.e)
			if got.SDK != tc.sdk || got.Version != tc.version || got.Protocol != tc.protocol || got.Port != tc.port ||
				got.Explicit != tc.explicit || (got.Protocol != "" && !got.Explicit && got.CodeMayOverride != tc.override) {
				t.Errorf("got %+v\nwant sdk %q version %q protocol %q port %d explicit %v override %v", got, tc.sdk, tc.version, tc.protocol, tc.port, tc.explicit, tc.override)
			}
			if tc.clue != (Clue{}) && !slices.ContainsFunc(got.Clues, func(c Clue) bool { return c.In == tc.clue.In && strings.Contains(c.Seen, tc.clue.Seen) }) {
				t.Errorf("clues %v, want %v among them", got.Clues, tc.clue)
			}
			if got.Protocol != "" && !got.Explicit && !strings.HasPrefix(got.Source, "https://github.com/open-telemetry/") {
				t.Errorf("a default without its upstream source: %+v", got)
			}
		})
	}
}

// TestSenderDefaultsTable: every row names its upstream source, the Java
// agent's rows meet at 2.0.0 without a gap, and every SDK has a row.
func TestSenderDefaultsTable(t *testing.T) {
	seen := map[SDK]int{}
	for _, r := range SenderDefaults {
		seen[r.SDK]++
		if !strings.HasPrefix(r.Source, "https://github.com/open-telemetry/") {
			t.Errorf("%s: source %q", r.SDK, r.Source)
		}
		if r.Protocol != "" && PortForProtocol(r.Protocol) == 0 {
			t.Errorf("%s: protocol %q has no port", r.SDK, r.Protocol)
		}
	}
	for _, sdk := range []SDK{SDKPython, SDKNode, SDKDotNet, SDKGo, SDKPHP, SDKErlang} {
		if seen[sdk] != 1 {
			t.Errorf("%s: %d rows", sdk, seen[sdk])
		}
	}
	for v, want := range map[string]string{"1.33.3": ProtocolGRPC, "2.0.0": ProtocolHTTPProtobuf, "2.30.0": ProtocolHTTPProtobuf, "latest": ProtocolHTTPProtobuf, "": ""} {
		r, _ := senderDefault(SDKJavaAgent, v)
		if r.Protocol != want {
			t.Errorf("Java agent %q: %q, want %q", v, r.Protocol, want)
		}
	}
	if !versionLess("1.9.0", "1.10.0") || versionLess("2.0.0", "2.0.0") || !versionLess("v1.32.0", "2.0.0") {
		t.Error("versionLess compares as text")
	}
}
