package validate

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Process runs the validators as processes on this machine, on the host
// files the services mount (the test bed's real binaries: no Docker).
type Process struct {
	// Otelcol and Promtool are the binaries; "" skips that validator.
	Otelcol, Promtool string
	Timeout           time.Duration
	dir               string
	project           *model.Lab
}

// Validate implements lint.Validator.
func (x *Process) Validate(ctx context.Context, p *model.Lab) ([]rules.Finding, []msg.Message) {
	if p.Files == nil {
		return nil, []msg.Message{noFiles}
	}
	x.dir, x.project = p.Files.Dir, p
	return validateWith(ctx, p, x.run, func(*model.Service) string { return "process" })
}

func (x *Process) run(ctx context.Context, s *model.Service, tool string, args []string) (string, bool, error) {
	bin := x.Otelcol
	file := x.project.Files.Collector.File
	if tool == "promtool" {
		bin, file = x.Promtool, x.project.Files.Prometheus.File
	}
	if bin == "" {
		return "", false, ErrNoCommand
	}
	// The path inside the container is the host file here.
	args = append([]string{}, args...)
	args[len(args)-1] = filepath.Join(x.dir, file)
	timeout := x.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, bin, args...)
	cmd.Env = os.Environ()
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return "", false, err
	}
	return strings.TrimSpace(string(out)), err == nil, nil
}
