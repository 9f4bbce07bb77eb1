package testbed

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Backend is the template backend (templates/backend) running under uvicorn
// from the test bed's venv, started by StartBackend.
type Backend struct {
	*Process
	Port int
	URL  string // http://127.0.0.1:PORT
}

// StartBackend runs the template backend as a plain process with env
// (OTEL_*, POSTGRES_*, ...; the test's own such variables are not passed on)
// on port, a free one when 0. With waitHealthy it returns once GET /health
// answers 200, i.e. its database is there; otherwise as soon as it started.
func StartBackend(t testing.TB, env map[string]string, port int, waitHealthy bool) *Backend {
	t.Helper()
	venv := Venv(t)
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("start backend: %v", err)
	}
	if port == 0 {
		port = FreePort(t)
	}
	cmd := exec.Command(filepath.Join(venv, "bin", "python"), "-m", "uvicorn", "backend.main:app",
		"--host", "127.0.0.1", "--port", strconv.Itoa(port))
	cmd.Dir = filepath.Join(root, "templates", "backend") // the build context, as /app in the image
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") && !strings.HasPrefix(kv, "POSTGRES_") && !strings.HasPrefix(kv, "ROOT_PATH=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PYTHONDONTWRITEBYTECODE=1") // no __pycache__ in the embedded template
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	b := &Backend{Port: port, URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	b.Process = startProcess(t, "uvicorn", t.TempDir(), cmd, syscall.SIGTERM)
	if waitHealthy {
		b.waitReady(t, httpOK(b.URL+"/health"))
	}
	return b
}
