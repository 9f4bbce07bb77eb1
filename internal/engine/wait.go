package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// Polling periods: readiness is probed tightly, the engine less often.
var (
	probeEvery   = 100 * time.Millisecond
	inspectEvery = 500 * time.Millisecond
)

// logTailLines is how many log lines a NotReadyError carries.
const logTailLines = 15

// errWaitTimeout is the cause of the readiness deadline (--timeout).
var errWaitTimeout = errors.New("readiness timeout")

// NotReadyError is a service that did not become ready.
type NotReadyError struct {
	Service  string
	Probe    string // what was probed
	Last     string // the probe's last answer
	Exited   bool   // the container stopped
	ExitCode int
	After    time.Duration
	Logs     []string // the container's last log lines
	// WaitingFor is the dependency the service was still waiting for when
	// the timeout came; it was never started.
	WaitingFor string
}

func (e *NotReadyError) Error() string {
	if e.Exited {
		return fmt.Sprintf("%s exited with code %d before it was ready (probed: %s); run `labctl logs %s` for its log",
			e.Service, e.ExitCode, e.Probe, e.Service)
	}
	return fmt.Sprintf("%s is not ready after %s (probed: %s; last answer: %s); run `labctl logs %s` for its log, or raise --timeout",
		e.Service, e.After.Round(time.Second), e.Probe, e.Last, e.Service)
}

// dependencyError is a service that could not start because a dependency
// failed; the dependency's own error is the one to report.
type dependencyError struct {
	Service, Dependency string
	Err                 error
}

func (e *dependencyError) Error() string {
	return fmt.Sprintf("%s: dependency %s: %v", e.Service, e.Dependency, e.Err)
}
func (e *dependencyError) Unwrap() error { return e.Err }

// inspectState returns a container's state (never nil on success).
func (e *Engine) inspectState(ctx context.Context, id string) (*container.State, error) {
	res, err := e.api.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	if err != nil {
		if ctx.Err() != nil {
			// Cut short by the deadline or Ctrl-C (the client says "error
			// during connect"): the engine did not go; the caller says why.
			return nil, err
		}
		return nil, gone(err)
	}
	if res.Container.State == nil {
		return &container.State{}, nil
	}
	return res.Container.State, nil
}

// healthOutput is the last healthcheck output, for messages.
func healthOutput(st *container.State) string {
	if st.Health == nil || len(st.Health.Log) == 0 {
		return ""
	}
	return strings.Join(strings.Fields(st.Health.Log[len(st.Health.Log)-1].Output), " ")
}

// waitReady polls a service's probe until it passes. The container's state
// is checked too, so a container that exits fails at once.
func (e *Engine) waitReady(ctx context.Context, svc, id string, pr Probe, started time.Time) error {
	var last error
	var lastInspect time.Time
	for {
		err := pr.checkHost(ctx)
		if err == nil || time.Since(lastInspect) >= inspectEvery {
			lastInspect = time.Now()
			st, ierr := e.inspectState(ctx, id)
			switch {
			case isGone(ierr):
				return ierr
			case ierr != nil:
				err = fmt.Errorf("inspect container: %w", ierr)
			case !st.Running:
				return e.notReady(svc, id, pr, "", st, started)
			case pr.Healthy && (st.Health == nil || st.Health.Status != container.Healthy):
				if err == nil {
					err = healthErr(st)
				}
			}
		}
		if err == nil {
			return nil
		}
		if ctx.Err() == nil || last == nil {
			last = err // an attempt cut short by the deadline says nothing new
		}
		select {
		case <-ctx.Done():
			return e.waitEnded(ctx, svc, id, pr, last, started)
		case <-time.After(probeEvery):
		}
	}
}

func healthErr(st *container.State) error {
	if st.Health == nil {
		return errors.New("the container has no healthcheck")
	}
	if out := healthOutput(st); out != "" {
		return fmt.Errorf("health %s (%s)", st.Health.Status, out)
	}
	return fmt.Errorf("health %s", st.Health.Status)
}

// waitCondition waits until a dependency satisfies a depends_on condition;
// waiting is called once if the first check does not pass.
func (e *Engine) waitCondition(ctx context.Context, dep, id, condition string, started time.Time, waiting func(), w *stateWatch) error {
	if condition == types.ServiceConditionStarted || condition == "" {
		return nil
	}
	var last error
	for {
		changed, recheck := w.next() // before inspecting: an event in between wakes us
		st, err := e.inspectState(ctx, id)
		if isGone(err) {
			return err
		}
		if err == nil {
			switch condition {
			case types.ServiceConditionHealthy:
				switch {
				case !st.Running:
					return e.notReady(dep, id, Probe{Service: dep, Healthy: true}, "", st, started)
				case st.Health == nil:
					return fmt.Errorf("%s has no healthcheck, so depends_on condition service_healthy can never be met", dep)
				case st.Health.Status == container.Healthy:
					return nil
				}
				err = healthErr(st)
			case types.ServiceConditionCompletedSuccessfully:
				if !st.Running && st.Status == container.StateExited {
					if st.ExitCode == 0 {
						return nil
					}
					return fmt.Errorf("%s exited with code %d; depends_on requires service_completed_successfully", dep, st.ExitCode)
				}
				err = errors.New("still running")
			default:
				return nil
			}
		}
		if last == nil && waiting != nil {
			waiting()
		}
		if ctx.Err() == nil || last == nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return e.waitEnded(ctx, dep, id, Probe{Service: dep, Healthy: true}, last, started)
		case <-changed:
		case <-time.After(recheck):
		}
	}
}

// waitEnded turns the end of a wait into Ctrl-C's error or a NotReadyError.
func (e *Engine) waitEnded(ctx context.Context, svc, id string, pr Probe, last error, started time.Time) error {
	if !errors.Is(context.Cause(ctx), errWaitTimeout) {
		return ctx.Err()
	}
	lastS := "none"
	if last != nil {
		lastS = last.Error()
	}
	return e.notReady(svc, id, pr, lastS, nil, started)
}

func (e *Engine) notReady(svc, id string, pr Probe, last string, st *container.State, started time.Time) *NotReadyError {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	nr := &NotReadyError{Service: svc, Probe: pr.Describe(), Last: last, After: time.Since(started)}
	if st == nil {
		st, _ = e.inspectState(ctx, id)
	}
	if st != nil && !st.Running && st.Status != container.StateCreated {
		nr.Exited, nr.ExitCode = true, st.ExitCode
	}
	nr.Logs = e.tailLogs(ctx, id, logTailLines)
	return nr
}

// tailLogs returns a container's last n log lines, stdout and stderr merged.
func (e *Engine) tailLogs(ctx context.Context, id string, n int) []string {
	rc, err := e.api.ContainerLogs(ctx, id, client.ContainerLogsOptions{
		ShowStdout: true, ShowStderr: true, Tail: fmt.Sprint(n),
	})
	if err != nil {
		return nil
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := stdcopy.StdCopy(&buf, &buf, rc); err != nil && buf.Len() == 0 {
		return nil
	}
	s := strings.TrimRight(buf.String(), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
