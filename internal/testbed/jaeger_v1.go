package testbed

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// JaegerV1 is a Jaeger v1 all-in-one (1.76, memory storage) started by
// StartJaegerV1, the flavour the course's text and older demos run.
type JaegerV1 struct {
	*Process
	OTLPGRPC string // OTLP gRPC receiver (4317 in the image)
	// QueryURL is the UI's base URL with its base path: http://127.0.0.1:PORT/jaeger/ui.
	QueryURL string
}

// StartJaegerV1 runs the all-in-one binary on free 127.0.0.1 ports with its UI
// and API under basePath ("" for none), and returns once its admin health and
// BASE/api/services answer. Stopped at cleanup.
func StartJaegerV1(t testing.TB, basePath string) *JaegerV1 {
	t.Helper()
	bin := Bin(t, "all-in-one")
	port := func() string { return addr(FreePort(t)) }
	j := &JaegerV1{OTLPGRPC: port()}
	query, admin := port(), port()
	j.QueryURL = "http://" + query + basePath
	cmd := exec.Command(bin,
		"--admin.http.host-port="+admin, "--query.http-server.host-port="+query, "--query.grpc-server.host-port="+port(),
		"--query.base-path="+basePath,
		"--collector.grpc-server.host-port="+port(), "--collector.http-server.host-port="+port(),
		"--collector.otlp.grpc.host-port="+j.OTLPGRPC, "--collector.otlp.http.host-port="+port())
	// Jaeger traces its own queries to 127.0.0.1:4317 and, with nothing there,
	// waits 10 s for that export when stopped: sample none.
	cmd.Env = append(os.Environ(), "COLLECTOR_OTLP_ENABLED=true", "OTEL_TRACES_SAMPLER=always_off")
	dir := t.TempDir()
	j.Process = startProcess(t, "all-in-one", dir, cmd, syscall.SIGTERM)
	health, services := httpOK("http://"+admin+"/"), httpOK(j.QueryURL+"/api/services")
	j.waitReady(t, func(ctx context.Context) error {
		if err := health(ctx); err != nil {
			return err
		}
		return services(ctx)
	})
	return j
}
