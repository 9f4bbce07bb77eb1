package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/userproject"
)

// TestFromLog: the recorded logs of the real binaries, read as a
// service's log, give a finding at the file and line that caused it.
func TestFromLog(t *testing.T) {
	dir := filepath.Join("..", "..", "test", "student", "project")
	up, err := userproject.Load(context.Background(), userproject.Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	p := discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil))
	tests := []struct {
		service, log string
		rule, file   string
		line         int
		message      string
		// recorded is where the SDK exported when the log was recorded
		// (on the host): read as sent to where compose.yml points.
		recorded string
	}{
		{"otel-collector", "collector-unknown-type.log", "LAB060", "otel-collector-config.yaml", 0, `exporter type "jaeger" is not in this Collector image (removed upstream at v0.85.0)`, ""},
		{"otel-collector", "collector-bad-reference.log", "LAB060", "otel-collector-config.yaml", 39, `pipeline traces references exporter "otlp/jager", which is not configured; did you mean "otlp/jaeger"?`, ""},
		{"otel-collector", "collector-invalid-key.log", "LAB060", "otel-collector-config.yaml", 0, `receivers.postgresql has no setting "databse"`, ""},
		{"backend", "python-grpc-to-http-port.log", "LAB061", "compose.yml", 23, "the port speaks HTTP/1.1", "127.0.0.1:24318"},
		{"backend", "python-tls-to-plaintext.log", "LAB061", "compose.yml", 23, "the exporter uses TLS", "127.0.0.1:24317"},
		{"backend", "python-connection-refused.log", "LAB061", "compose.yml", 23, "nothing listens there", "127.0.0.1:24999"},
	}
	for _, tt := range tests {
		t.Run(tt.log, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "logscan", "testdata", tt.log))
			if err != nil {
				t.Fatal(err)
			}
			log := string(data)
			if tt.recorded != "" {
				log = strings.ReplaceAll(log, tt.recorded, "otel-collector:4317")
			}
			fs := FromLog(p, tt.service, log)
			if len(fs) == 0 {
				t.Fatal("no finding")
			}
			f := fs[0]
			if f.Rule != tt.rule || f.File != tt.file || (tt.line > 0 && f.Line != tt.line) || !strings.Contains(f.Message.English(), tt.message) || f.Quote == "" {
				t.Errorf("got %s", f.Text())
			}
			t.Log(f.Text())
		})
	}
}
