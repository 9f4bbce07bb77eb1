package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/testutil"
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
	// A project whose backend sends to a port of the Collector where
	// nothing listens (the refused log's own case).
	closed := t.TempDir()
	testutil.CopyTree(t, dir, closed, nil)
	testutil.Edit(t, closed, "compose.yml", "http://otel-collector:4317", "http://otel-collector:4999")
	upClosed, err := userproject.Load(context.Background(), userproject.Options{Dir: closed, All: true})
	if err != nil {
		t.Fatal(err)
	}
	labs := map[string]*model.Lab{"": p, "closed": discover.FromCompose(closed, upClosed.Compose, discover.ServiceRoles(upClosed.Compose, nil))}
	tests := []struct {
		service, log string
		rule, file   string
		line         int
		message      string
		// recorded is where the SDK exported when the log was recorded
		// (on the host): read as sent to where compose.yml points.
		recorded string
		lab      string
	}{
		{"otel-collector", "collector-unknown-type.log", "LAB060", "otel-collector-config.yaml", 0, `exporter type "jaeger" is not in this Collector image (removed upstream at v0.85.0)`, "", ""},
		{"otel-collector", "collector-bad-reference.log", "LAB060", "otel-collector-config.yaml", 39, `pipeline traces references exporter "otlp/jager", which is not configured; did you mean "otlp/jaeger"?`, "", ""},
		{"otel-collector", "collector-invalid-key.log", "LAB060", "otel-collector-config.yaml", 0, `receivers.postgresql has no setting "databse"`, "", ""},
		{"backend", "python-grpc-to-http-port.log", "LAB061", "compose.yml", 23, "the port speaks HTTP/1.1", "127.0.0.1:24318", ""},
		{"backend", "python-tls-to-plaintext.log", "LAB061", "compose.yml", 23, "the exporter uses TLS", "127.0.0.1:24317", ""},
		{"backend", "python-connection-refused.log", "LAB061", "compose.yml", 23, "nothing listens there", "127.0.0.1:24999", "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.log, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "logscan", "testdata", tt.log))
			if err != nil {
				t.Fatal(err)
			}
			log := string(data)
			l := labs[tt.lab]
			if tt.recorded != "" {
				to := "otel-collector:4317"
				if tt.lab == "closed" {
					to = "otel-collector:4999"
				}
				log = strings.ReplaceAll(log, tt.recorded, to)
			}
			fs := FromLog(l, tt.service, log)
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

// A failed export to where the endpoint should point (the Collector's
// service at its gRPC receiver's port), refused or timed out, proves no
// mistake of the files: the Collector may still be starting or be slow
// (labctl's own lab on a loaded machine logged the DEADLINE_EXCEEDED
// below); LAB061's fix would ask for the endpoint the file has.
func TestFromLogTransientAtTheCollector(t *testing.T) {
	dir := filepath.Join("..", "..", "test", "student", "project")
	up, err := userproject.Load(context.Background(), userproject.Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	l := discover.FromCompose(dir, up.Compose, discover.ServiceRoles(up.Compose, nil))
	refused, err := os.ReadFile(filepath.Join("..", "logscan", "testdata", "python-connection-refused.log"))
	if err != nil {
		t.Fatal(err)
	}
	for name, log := range map[string]string{
		"refused":  strings.ReplaceAll(string(refused), "127.0.0.1:24999", "otel-collector:4317"),
		"deadline": "Failed to export traces to otel-collector:4317, error code: StatusCode.DEADLINE_EXCEEDED, error details: Deadline Exceeded",
	} {
		if fs := FromLog(l, "backend", log); len(fs) > 0 {
			t.Errorf("%s at the Collector's right port: %s", name, fs[0].Text())
		}
	}
	// The same timeout to another port is still a cause.
	if fs := FromLog(l, "backend", "Failed to export traces to otel-collector:4999, error code: StatusCode.DEADLINE_EXCEEDED, error details: Deadline Exceeded"); len(fs) == 0 || fs[0].Rule != "LAB061" {
		t.Errorf("a timeout to a port nothing serves: %v", fs)
	}
}
