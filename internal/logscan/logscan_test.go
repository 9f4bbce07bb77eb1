package logscan

import (
	"os"
	"path/filepath"
	"testing"
)

// Recorded logs: testdata/ from the test bed's real binaries (Collector
// 0.145.0 run on broken configs; the Python SDK 1.45.1 exporters against a
// Collector process; see testdata/README.md), and the Collector's
// postgresql receiver logs recorded for internal/checks.
func TestFirstCause(t *testing.T) {
	tests := []struct {
		file      string
		cause     string
		level     string
		lines     int // at least
		component string
		target    string
	}{
		{file: "collector-unknown-type.log", level: "fatal", lines: 3,
			cause: `'exporters' unknown type: "jaeger" for id: "jaeger" (valid values: [otlp_grpc otlp debug prometheus])`},
		{file: "collector-invalid-key.log", level: "fatal", lines: 5,
			cause: `'postgresqlreceiver.Config' has invalid keys: databse`},
		{file: "collector-bad-reference.log", level: "fatal", lines: 1,
			cause: `invalid configuration: service::pipelines::traces: references exporter "otlp/jager" which is not configured`},
		{file: "collector-env-unset.log", level: "fatal", lines: 1,
			cause: `invalid configuration: receivers::postgresql: invalid config: missing password`},
		{file: "collector-export-refused.json.log", level: "error", lines: 1, component: "otlp_grpc/jaeger", target: "127.0.0.1:24999",
			cause: `Exporting failed. Dropping data. Try enabling retry_on_failure config option to retry on retryable errors.: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:24999: connect: connection refused"`},
		{file: "python-grpc-to-http-port.log", level: "warn", lines: 1, target: "127.0.0.1:24318",
			cause: `INTERNAL: ipv4:127.0.0.1:24318: Failed parsing HTTP/2 (Expected SETTINGS frame as the first frame, got frame type 80) (Trying to connect an http1.x server (HTTP status 400))`},
		{file: "python-connection-refused.log", level: "warn", lines: 1, target: "127.0.0.1:24999",
			cause: `UNKNOWN: ipv4:127.0.0.1:24999: Failed to connect to remote host: Connection refused`},
		{file: "python-bare-connection-refused.log", level: "warn", lines: 1, target: "database:4317",
			cause: `UNKNOWN: ipv4:192.168.160.2:4317: Failed to connect to remote host: Connection refused`},
		{file: "python-http-404.log", level: "error", lines: 1,
			cause: `Failed to export spans batch code: 404, reason: Not Found`},
		{file: "python-tls-to-plaintext.log", level: "warn", lines: 1, target: "127.0.0.1:24317",
			cause: `UNKNOWN: ipv4:127.0.0.1:24317: Tls handshake failed (TSI_PROTOCOL_FAILURE): SSL_ERROR_SSL: error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER: Invalid certificate verification context: OK`},
		{file: "../../rules/testdata/collector-log/no-such-host.log", level: "error", lines: 3, component: "postgresql",
			cause: `Errors encountered while fetching commits and rollbacks: dial tcp: lookup nosuchhost on 10.255.255.53:53: no such host`},
		{file: "../../rules/testdata/collector-log/bad-password.log", level: "error", lines: 3, component: "postgresql"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			es := Entries(string(data))
			var e Entry
			for _, x := range es {
				if x.Level != "warn" {
					e = x
					break
				}
			}
			if e.Lines == nil && len(es) > 0 {
				e = es[0]
			}
			if e.Lines == nil {
				t.Fatalf("no entry in %s", tt.file)
			}
			// The first error unless the log has only warnings: the SDK's
			// first line is a warning when it retries.
			if tt.level == "warn" {
				e = es[0]
			}
			if e.Level != tt.level {
				t.Errorf("level %q, want %q", e.Level, tt.level)
			}
			if tt.cause != "" && e.Cause != tt.cause {
				t.Errorf("cause\n got %q\nwant %q", e.Cause, tt.cause)
			}
			if len(e.Lines) < tt.lines {
				t.Errorf("%d lines, want at least %d: %q", len(e.Lines), tt.lines, e.Lines)
			}
			if e.Component != tt.component {
				t.Errorf("component %q, want %q", e.Component, tt.component)
			}
			if e.Target != tt.target {
				t.Errorf("target %q, want %q", e.Target, tt.target)
			}
		})
	}
}
