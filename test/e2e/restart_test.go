//go:build enginerestart

package e2e

// The Docker engine restarted, or gone, while verify runs. These tests stop
// the engine DOCKER_HOST names, so they run alone, on the test bed's own
// Engine 29 (test/run's last engine step: go test -tags enginerestart, with
// LABCTL_BED_RESTART naming the command that restarts it); never on an
// engine other tests or people use.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
)

// engineCmd runs the test bed's engine script with one verb (stop, start,
// restart), from the LABCTL_BED_RESTART command: "PATH/engine29 restart".
func engineCmd(t *testing.T, verb string) {
	t.Helper()
	script := strings.TrimSuffix(os.Getenv("LABCTL_BED_RESTART"), " restart")
	if script == "" {
		t.Fatal("LABCTL_BED_RESTART is not set: run these tests through test/run (the engine they stop must be the test bed's own)")
	}
	out, err := exec.Command(script, verb).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", script, verb, err, out)
	}
	t.Logf("%s %s:\n%s", script, verb, out)
}

// verifyAsync starts labctl verify and returns a function that waits for it.
func (l *lab) verifyAsync(args ...string) func() run {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	cmd := exec.CommandContext(ctx, l.bin, append([]string{"verify"}, args...)...)
	cmd.Dir = l.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		cancel()
		l.t.Fatal(err)
	}
	return func() run {
		defer cancel()
		err := cmd.Wait()
		r := run{stdout: out.String(), stderr: errb.String()}
		if exit, ok := err.(*exec.ExitError); ok {
			r.code = exit.ExitCode()
		} else if err != nil {
			l.t.Fatalf("labctl verify: %v", err)
		}
		l.t.Logf("labctl verify %s → %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		return r
	}
}

func parseResult(t *testing.T, r run) checks.Result {
	t.Helper()
	var res checks.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("verify's JSON: %v\n%s", err, r.stdout)
	}
	return res
}

// dockerd restarted in the middle of verify (an update of Docker Desktop,
// a `systemctl restart docker`): with live restore the containers keep
// running, their published ports are down for a few seconds. verify asks
// Docker nothing while it waits for evidence, so it rides through and
// passes; then down, on the restarted engine, removes everything.
// Then the engine stopped for good during verify: the checks that need the
// stack fail with the endpoint that does not answer, and verify does not
// hang on the engine it cannot reach for logs.
func TestVerifyAcrossEngineRestart(t *testing.T) {
	l, docker, project := newLab(t, nil)
	if r := l.labctl("up", "--timeout", "5m"); r.code != 0 {
		t.Fatalf("up failed (%d)", r.code)
	}

	t.Run("restarted", func(t *testing.T) {
		wait := l.verifyAsync("--timeout", "3m", "--format", "json")
		time.Sleep(time.Second)
		// Stopped, then started: verify must still be running once the
		// engine is gone (its end is compared with the stop's, not with
		// the start's: the engine answers before the script returns).
		engineCmd(t, "stop")
		stopped := time.Now()
		engineCmd(t, "start")
		r := wait()
		res := parseResult(t, r)
		if r.code != 0 {
			t.Fatalf("verify across a restart: exit %d, want 0", r.code)
		}
		// Every check, each passing (an empty result would pass a loop).
		all := map[string]checks.Status{}
		for _, id := range allChecks {
			all[id] = checks.Pass
		}
		wantStatuses(t, res, all)
		// Spans reach Jaeger seconds after the traffic: a verify done before
		// the engine came back would prove nothing here.
		if res.FinishedAt.Before(stopped) {
			t.Errorf("verify finished at %s, before the engine had stopped at %s: it did not run across the restart", res.FinishedAt, stopped)
		}
	})

	// The engine gone (stopped and not back): its containers keep running
	// (live restore) but their published ports are gone with the daemon's
	// proxies, as for a student whose Docker Desktop quit.
	t.Run("gone", func(t *testing.T) {
		engineCmd(t, "stop")
		defer engineCmd(t, "start")
		t0 := time.Now()
		r := l.labctl("verify", "--timeout", "20s", "--format", "json")
		took := time.Since(t0)
		// Nothing answers: exit 2 (verify could not run), one line naming
		// the ports and, first in the fix, the engine to start.
		if r.code != 2 {
			t.Fatalf("verify with the engine gone: exit %d, want 2 (nothing answers)", r.code)
		}
		var res struct {
			Error    string `json:"error"`
			ExitCode int    `json:"exit_code"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("verify's JSON: %v\n%s", err, r.stdout)
		}
		want := "the Docker engine at " + os.Getenv("DOCKER_HOST") + " (DOCKER_HOST) does not answer either: start Docker"
		if !strings.HasPrefix(res.Error, "the lab is not running: nothing answers at 127.0.0.1:") || !strings.Contains(res.Error, want) || res.ExitCode != 2 {
			t.Errorf("JSON error %q (exit_code %d), want nothing answers ... %s", res.Error, res.ExitCode, want)
		}
		if !strings.Contains(r.stderr, "labctl: "+res.Error) {
			t.Errorf("stderr does not end with the same line:\n%s", r.stderr)
		}
		// The wait is --timeout and the log reads are bounded: a verify that
		// waited on the engine would run far past it.
		if took > time.Minute {
			t.Errorf("verify ran %s with the engine gone (timeout 20s)", took.Round(time.Second))
		}
	})

	if r := l.labctl("down", "--volumes"); r.code != 0 {
		t.Fatalf("down after the restarts: exit %d", r.code)
	}
	assertGone(t, docker, project)
}
