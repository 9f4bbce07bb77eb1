package testbed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds how long a Start* helper waits for its component to be ready.
var StartTimeout = 60 * time.Second

// Process is a component started by a Start* helper. It is stopped by t.Cleanup; its output goes to
// LogPath, whose tail is printed when the test has failed.
type Process struct {
	Name    string
	LogPath string
	cmd     *exec.Cmd
	done    chan struct{}
	err     error // exit status, valid once done is closed
}

// Log returns what the process has written so far.
func (p *Process) Log() string {
	b, _ := os.ReadFile(p.LogPath)
	return string(b)
}

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// startProcess starts cmd with its output in dir/NAME.log and registers its stop (stopSig, then
// SIGKILL after 10 s) and, on failure, the printing of its log tail.
func startProcess(t testing.TB, name, dir string, cmd *exec.Cmd, stopSig syscall.Signal) *Process {
	t.Helper()
	logPath := filepath.Join(dir, name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true // stop its children too, and keep ^C of `go test` to us
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	p := &Process{Name: name, LogPath: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.Exited() {
			_ = syscall.Kill(-cmd.Process.Pid, stopSig)
			select {
			case <-p.done:
			case <-time.After(10 * time.Second):
				t.Logf("%s did not stop within 10s of %s; killing it", name, stopSig)
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-p.done
			}
		}
		if t.Failed() {
			t.Logf("--- %s (%s), last lines of %s:\n%s", name, strings.Join(cmd.Args, " "), logPath, tail(p.Log(), 40))
		}
	})
	return p
}

// waitReady polls probe every 100 ms until it succeeds, the process exits or StartTimeout passes;
// the last two fail the test with the probe's last error and the log's tail.
func (p *Process) waitReady(t testing.TB, probe func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	start := time.Now()
	var last error
	for {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		last = probe(pctx)
		pcancel()
		if last == nil {
			t.Logf("%s ready in %.1fs", p.Name, time.Since(start).Seconds())
			return
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited before being ready (%v); last check: %v\n%s", p.Name, p.err, last, tail(p.Log(), 40))
		case <-ctx.Done():
			t.Fatalf("%s not ready after %s: %v\n%s", p.Name, StartTimeout, last, tail(p.Log(), 40))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// httpOK returns a probe that succeeds when GET url answers 200.
func httpOK(url string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s %s", url, resp.Status, bytes.TrimSpace(body))
		}
		return nil
	}
}

// logContains returns a probe that succeeds once the process's log contains s.
func (p *Process) logContains(s string) func(ctx context.Context) error {
	return func(context.Context) error {
		if strings.Contains(p.Log(), s) {
			return nil
		}
		return fmt.Errorf("%q not yet in %s", s, p.LogPath)
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runTool runs a short command and returns its combined output, with an error that includes it.
func runTool(ctx context.Context, cmd *exec.Cmd) (string, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil && err != nil {
		err = errors.Join(ctx.Err(), err)
	}
	if err != nil {
		return out.String(), fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, strings.TrimSpace(out.String()))
	}
	return out.String(), nil
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
