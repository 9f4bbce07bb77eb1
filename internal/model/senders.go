package model

import (
	"regexp"
	"strconv"
	"strings"
)

// Senders by language: which OTLP protocol (and so which port) a service
// sends with when nothing sets OTEL_EXPORTER_OTLP_PROTOCOL, read from what
// its Compose service and Dockerfile show. Each SDK has its own default,
// and the Java agent changed its own at 2.0: assuming every sender is
// Python (gRPC) calls a working Java agent on 4318 wrong. Where the
// language is unknown, or the code chooses (Go), the protocol is unknown
// and no protocol finding may be made.

// SDK is an OpenTelemetry SDK or agent as a project shows it.
type SDK string

const (
	SDKUnknown SDK = ""
	// SDKPython is the Python SDK; with opentelemetry-instrument, the
	// distro's auto-instrumentation.
	SDKPython SDK = "python"
	// SDKJavaAgent is the Java agent (-javaagent:...opentelemetry-javaagent.jar).
	SDKJavaAgent SDK = "java-agent"
	// SDKJava is Java without the agent: the SDK set up in code.
	SDKJava   SDK = "java"
	SDKNode   SDK = "node"
	SDKDotNet SDK = "dotnet"
	SDKGo     SDK = "go"
	SDKPHP    SDK = "php"
	SDKErlang SDK = "erlang"
)

// Protocol values, as OTEL_EXPORTER_OTLP_PROTOCOL spells them.
const (
	ProtocolGRPC         = "grpc"
	ProtocolHTTPProtobuf = "http/protobuf"
	ProtocolHTTPJSON     = "http/json"
)

// SenderDefault is one row of the table: an SDK's protocol when nothing
// sets it, for the versions from Since (inclusive) to Before (exclusive;
// "" = no bound), and where upstream says so.
type SenderDefault struct {
	SDK           SDK
	Since, Before string
	// Protocol is "" when the code chooses (no default to speak of).
	Protocol string
	// CodeMayOverride: the SDK is set up in the application's code, which
	// may pick another exporter; the default holds only if it does not.
	CodeMayOverride bool
	Source          string
}

// SenderDefaults is read from each SDK's own source (the URL of each row).
var SenderDefaults = []SenderDefault{
	{SDK: SDKPython, Protocol: ProtocolGRPC, CodeMayOverride: true,
		// opentelemetry-distro sets OTEL_EXPORTER_OTLP_PROTOCOL=grpc when unset; the
		// SDK's configurator maps exporter "otlp" with no protocol to proto_grpc.
		Source: "https://github.com/open-telemetry/opentelemetry-python-contrib/blob/main/opentelemetry-distro/src/opentelemetry/distro/__init__.py"},
	{SDK: SDKJavaAgent, Before: "2.0.0", Protocol: ProtocolGRPC,
		Source: "https://github.com/open-telemetry/opentelemetry-java-instrumentation/blob/main/CHANGELOG.md#version-200-2024-01-12"},
	{SDK: SDKJavaAgent, Since: "2.0.0", Protocol: ProtocolHTTPProtobuf,
		// "The default OTLP protocol has been changed from grpc to http/protobuf".
		Source: "https://github.com/open-telemetry/opentelemetry-java-instrumentation/blob/main/CHANGELOG.md#version-200-2024-01-12"},
	{SDK: SDKNode, Protocol: ProtocolHTTPProtobuf, CodeMayOverride: true,
		// getOtlpProtocolFromEnv: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, then
		// OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf'.
		Source: "https://github.com/open-telemetry/opentelemetry-js/blob/main/experimental/packages/opentelemetry-sdk-node/src/utils.ts"},
	{SDK: SDKDotNet, Protocol: ProtocolGRPC, CodeMayOverride: true,
		// DefaultOtlpExportProtocol: Grpc on .NET (HttpProtobuf only on .NET
		// Framework and netstandard2.0, which do not run in Linux containers).
		Source: "https://github.com/open-telemetry/opentelemetry-dotnet/blob/main/src/OpenTelemetry.Exporter.OpenTelemetryProtocol/OtlpExporterOptions.cs"},
	{SDK: SDKGo, Protocol: "", CodeMayOverride: true,
		// No environment-driven exporter: the code imports otlptracegrpc or
		// otlptracehttp (autoexport, if used, defaults to http/protobuf).
		Source: "https://github.com/open-telemetry/opentelemetry-go-contrib/blob/main/exporters/autoexport/spans.go"},
	{SDK: SDKPHP, Protocol: ProtocolHTTPProtobuf, CodeMayOverride: true,
		Source: "https://github.com/open-telemetry/opentelemetry-php/blob/main/src/SDK/Common/Configuration/Defaults.php"},
	{SDK: SDKErlang, Protocol: ProtocolHTTPProtobuf, CodeMayOverride: true,
		// otel_exporter_otlp: maps:get(protocol, Opts, http_protobuf), DEFAULT_HTTP_PORT 4318.
		Source: "https://github.com/open-telemetry/opentelemetry-erlang/blob/main/apps/opentelemetry_exporter/src/otel_exporter_otlp.erl"},
}

// SenderEvidence is what a project shows of one service.
type SenderEvidence struct {
	// Image is the Compose service's image ("" when only built).
	Image      string
	Command    []string
	Entrypoint []string
	// Environment is the service's environment after interpolation.
	Environment map[string]string
	// Dockerfile is the text of the Dockerfile it is built from ("" none).
	Dockerfile string
}

// Sender is what the evidence says of a service's OTLP sender.
type Sender struct {
	SDK SDK
	// Version is the SDK's or agent's version when shown ("latest" for a
	// download of the latest release), else "".
	Version string
	// Protocol is what it sends with, "" when unknown.
	Protocol string
	// Port is the OTLP port that protocol goes to by convention (4317
	// gRPC, 4318 HTTP), 0 when the protocol is unknown.
	Port int
	// Explicit: the protocol is set (OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL or
	// -Dotel.exporter.otlp[.traces].protocol), not a default.
	Explicit bool
	// CodeMayOverride: a default the application's code may change.
	CodeMayOverride bool
	// Clues are what showed the SDK, then the protocol when it is set, for
	// a finding's evidence (-javaagent in the Dockerfile): facts, which the
	// rules say in the reader's language.
	Clues []Clue
	// Source is the upstream reference of the default used ("" if explicit).
	Source string
}

// DetectSender reads which SDK a service sends with, and so its protocol.
func DetectSender(e SenderEvidence) Sender {
	s := detectSDK(e)
	if p, from := explicitProtocol(e); p != "" {
		s.Protocol, s.Explicit, s.Port = p, true, PortForProtocol(p)
		s.Clues = append(s.Clues, from)
		return s
	}
	if row, ok := senderDefault(s.SDK, s.Version); ok && row.Protocol != "" {
		s.Protocol, s.Port, s.Source, s.CodeMayOverride = row.Protocol, PortForProtocol(row.Protocol), row.Source, row.CodeMayOverride
	}
	return s
}

// PortForProtocol is the OTLP port a protocol uses by convention.
func PortForProtocol(p string) int {
	switch {
	case p == ProtocolGRPC:
		return PortOTLPGRPC
	case strings.HasPrefix(p, "http"):
		return PortOTLPHTTP
	}
	return 0
}

// senderDefault is the table's row for an SDK at a version. A Java agent
// of unknown version has no row: its default depends on the version.
func senderDefault(sdk SDK, version string) (SenderDefault, bool) {
	for _, r := range SenderDefaults {
		if r.SDK != sdk {
			continue
		}
		if r.Since == "" && r.Before == "" {
			return r, true
		}
		if version == "" {
			return SenderDefault{}, false
		}
		if version == "latest" {
			if r.Before == "" {
				return r, true
			}
			continue
		}
		if (r.Since == "" || !versionLess(version, r.Since)) && (r.Before == "" || versionLess(version, r.Before)) {
			return r, true
		}
	}
	return SenderDefault{}, false
}

// versionLess compares dotted numeric versions ("1.32.0" < "2.0.0").
func versionLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

var (
	javaagentRe = regexp.MustCompile(`-javaagent:(\S+)`)
	// Where a Dockerfile or a command names the Java agent's version.
	javaagentVersionRes = []*regexp.Regexp{
		regexp.MustCompile(`opentelemetry-java-instrumentation/releases/download/v(\d+\.\d+\.\d+)/`),
		regexp.MustCompile(`autoinstrumentation-java:(\d+\.\d+\.\d+)`),
		regexp.MustCompile(`opentelemetry-javaagent[-:](\d+\.\d+\.\d+)`),
	}
	javaagentLatestRe = regexp.MustCompile(`opentelemetry-java-instrumentation/releases/latest/download/`)
	fromRe            = regexp.MustCompile(`(?im)^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?`)
	envLineRe         = regexp.MustCompile(`(?im)^\s*ENV\s+(.+)$`)
	sysPropProtocolRe = regexp.MustCompile(`-Dotel\.exporter\.otlp(\.traces)?\.protocol=(\S+)`)
)

// detectSDK names the SDK from the command, the environment, the
// Dockerfile and the image, most specific first.
func detectSDK(e SenderEvidence) Sender {
	run := strings.Join(append(append([]string{}, e.Entrypoint...), e.Command...), " ")
	var env []string
	for k, v := range e.Environment {
		env = append(env, k+"="+v)
	}
	envText := strings.Join(env, "\n")

	// The Java agent, wherever -javaagent is given.
	for _, where := range []struct {
		text string
		in   Place
	}{
		{run, InCommand}, {envText, InEnvironment}, {e.Dockerfile, InDockerfile},
	} {
		m := javaagentRe.FindStringSubmatch(where.text)
		if m == nil || !isOTelJavaAgent(m[1], e.Dockerfile+"\n"+where.text) {
			continue
		}
		return Sender{SDK: SDKJavaAgent, Version: javaAgentVersion(e.Dockerfile + "\n" + run + "\n" + envText), Clues: []Clue{{"-javaagent", where.in}}}
	}
	// Auto-instrumentation launchers.
	for _, where := range []struct {
		text string
		in   Place
	}{
		{run, InCommand}, {dockerfileRun(e.Dockerfile), InDockerfileRun}, {envText, InEnvironment},
	} {
		for _, launcher := range []struct {
			name string
			sdk  SDK
		}{{"opentelemetry-instrument", SDKPython}, {"@opentelemetry/auto-instrumentations-node/register", SDKNode}} {
			if strings.Contains(where.text, launcher.name) {
				return Sender{SDK: launcher.sdk, Clues: []Clue{{launcher.name, where.in}}}
			}
		}
	}
	// The language of the image the service runs.
	if sdk := sdkOfImage(e.Image); sdk != SDKUnknown {
		return Sender{SDK: sdk, Clues: []Clue{{e.Image, InImage}}}
	}
	if sdk, img := sdkOfDockerfile(e.Dockerfile); sdk != SDKUnknown {
		return Sender{SDK: sdk, Clues: []Clue{{img, InDockerfileFrom}}}
	}
	return Sender{}
}

// isOTelJavaAgent: the agent named is OpenTelemetry's, not another
// vendor's (dd-java-agent, elastic-apm-agent): its jar is named so, or the
// Dockerfile fetches it from OpenTelemetry's releases or image.
func isOTelJavaAgent(jar, context string) bool {
	return strings.Contains(jar, "opentelemetry") ||
		strings.Contains(context, "opentelemetry-java-instrumentation") ||
		strings.Contains(context, "autoinstrumentation-java") ||
		strings.Contains(context, "opentelemetry-javaagent")
}

func javaAgentVersion(text string) string {
	for _, re := range javaagentVersionRes {
		if m := re.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	if javaagentLatestRe.MatchString(text) {
		return "latest"
	}
	return ""
}

// dockerfileRun is the Dockerfile's CMD and ENTRYPOINT lines.
func dockerfileRun(df string) string {
	var b strings.Builder
	for _, l := range strings.Split(df, "\n") {
		t := strings.TrimSpace(l)
		u := strings.ToUpper(t)
		if strings.HasPrefix(u, "CMD") || strings.HasPrefix(u, "ENTRYPOINT") {
			b.WriteString(t + "\n")
		}
	}
	return b.String()
}

// sdkOfImage is the language an image's name says, SDKUnknown if none.
func sdkOfImage(image string) SDK {
	if image == "" {
		return SDKUnknown
	}
	ref := strings.ToLower(image)
	if i := strings.IndexAny(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	repo := ref
	if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
		repo = repo[:i]
	}
	name := repo[strings.LastIndex(repo, "/")+1:]
	switch {
	case strings.HasPrefix(repo, "mcr.microsoft.com/dotnet/"):
		return SDKDotNet
	case name == "python" || strings.HasPrefix(name, "python"):
		return SDKPython
	case name == "node":
		return SDKNode
	case name == "golang":
		return SDKGo
	case name == "php" || strings.HasPrefix(name, "php-"):
		return SDKPHP
	case name == "erlang" || name == "elixir":
		return SDKErlang
	case name == "eclipse-temurin" || name == "openjdk" || name == "amazoncorretto" || name == "ibm-semeru-runtimes":
		return SDKJava
	}
	return SDKUnknown
}

// sdkOfDockerfile is the language of the stage that runs: the last FROM,
// followed through stage names; else the one language all stages share
// (a Go binary copied into scratch was built in a golang stage).
func sdkOfDockerfile(df string) (SDK, string) {
	froms := fromRe.FindAllStringSubmatch(df, -1)
	if len(froms) == 0 {
		return SDKUnknown, ""
	}
	alias := map[string]string{}
	for _, f := range froms {
		if f[2] != "" {
			alias[strings.ToLower(f[2])] = f[1]
		}
	}
	img := froms[len(froms)-1][1]
	for i := 0; i < len(froms); i++ {
		next, ok := alias[strings.ToLower(img)]
		if !ok {
			// FROM dotnet-aspnet-${SDK_VERSION}: a stage name with an argument.
			if j := strings.Index(img, "${"); j > 0 {
				for a, target := range alias {
					if strings.HasPrefix(a, strings.ToLower(img[:j])) {
						next, ok = target, true
						break
					}
				}
			}
		}
		if !ok {
			break
		}
		img = next
	}
	if sdk := sdkOfImage(resolveArgs(img, df)); sdk != SDKUnknown {
		return sdk, img
	}
	found, at := SDKUnknown, ""
	for _, f := range froms {
		sdk := sdkOfImage(resolveArgs(f[1], df))
		if sdk == SDKUnknown {
			continue
		}
		if found != SDKUnknown && sdk != found {
			return SDKUnknown, ""
		}
		found, at = sdk, f[1]
	}
	return found, at
}

// resolveArgs replaces ${NAME} in an image by the Dockerfile's ARG NAME=default.
func resolveArgs(img, df string) string {
	if !strings.Contains(img, "$") {
		return img
	}
	for _, l := range strings.Split(df, "\n") {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(strings.ToUpper(t), "ARG ") {
			continue
		}
		name, val, ok := strings.Cut(strings.TrimSpace(t[4:]), "=")
		if ok {
			img = strings.ReplaceAll(img, "${"+name+"}", strings.Trim(val, `"'`))
			img = strings.ReplaceAll(img, "$"+name, strings.Trim(val, `"'`))
		}
	}
	return img
}

// explicitProtocol is the protocol the service sets, and where.
func explicitProtocol(e SenderEvidence) (string, Clue) {
	for _, v := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		if p := strings.TrimSpace(e.Environment[v]); p != "" {
			return p, Clue{v, InEnvironment}
		}
	}
	var env []string
	for _, v := range e.Environment {
		env = append(env, v)
	}
	for _, where := range []struct {
		text string
		in   Place
	}{
		{strings.Join(append(append([]string{}, e.Entrypoint...), e.Command...), " "), InCommand},
		{strings.Join(env, "\n"), InEnvironment},
	} {
		if m := sysPropProtocolRe.FindStringSubmatch(where.text); m != nil {
			return m[2], Clue{"-Dotel.exporter.otlp" + m[1] + ".protocol", where.in}
		}
	}
	for _, m := range envLineRe.FindAllStringSubmatch(e.Dockerfile, -1) {
		for _, v := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
			if i := strings.Index(m[1], v); i >= 0 {
				rest := strings.TrimLeft(m[1][i+len(v):], "= ")
				if f := strings.Fields(rest); len(f) > 0 {
					return strings.Trim(f[0], `"'`), Clue{v, InDockerfileEnv}
				}
			}
		}
	}
	if m := sysPropProtocolRe.FindStringSubmatch(e.Dockerfile); m != nil {
		return m[2], Clue{"-Dotel.exporter.otlp" + m[1] + ".protocol", InDockerfile}
	}
	return "", Clue{}
}

// Clue is one thing a project shows of its sender: what was seen (a
// launcher, a variable, a system property, an image) and where.
type Clue struct {
	Seen string
	In   Place
}

// Place is where a clue was seen.
type Place string

const (
	InCommand        Place = "command"         // the service's command
	InEnvironment    Place = "environment"     // the service's environment
	InDockerfile     Place = "dockerfile"      // the Dockerfile
	InDockerfileRun  Place = "dockerfile_run"  // the Dockerfile's CMD/ENTRYPOINT
	InDockerfileEnv  Place = "dockerfile_env"  // the Dockerfile's ENV
	InImage          Place = "image"           // the image the service runs (Seen)
	InDockerfileFrom Place = "dockerfile_from" // the Dockerfile's FROM (Seen)
)
