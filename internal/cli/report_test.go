package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// In-process tests of the task and report commands with an injected clock:
// a running task is counted up to "now", so the block is stable for a fixed
// clock and stale once the clock moves.
func TestRunningTaskWithInjectedClock(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	clock := t0
	now := func() time.Time { return clock }
	file := filepath.Join(dir, "labctl-tasks.yaml")
	var out, errb bytes.Buffer
	stdio := Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}

	run := func(args ...string) int {
		cmd := newReportCmdWith(stdio, reportOptions{Now: now})
		if args[0] == "task" {
			cmd = newTaskCmdWith(stdio, &taskOptions{Now: now})
		}
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(args[1:])
		cmd.SetOut(&out)
		cmd.SetErr(&errb)
		err := cmd.Execute()
		if err != nil {
			errb.WriteString(err.Error())
			return exitCode(err)
		}
		return ExitOK
	}
	if code := run("task", "--file", file, "add", "Collector", "--estimate", "1h"); code != 0 {
		t.Fatalf("add: %d %s", code, errb.String())
	}
	if code := run("task", "--file", file, "start", "Collector"); code != 0 {
		t.Fatalf("start: %d %s", code, errb.String())
	}
	clock = t0.Add(25 * time.Minute)
	report := filepath.Join(dir, "report.md")
	args := []string{"report", "--lang", "en", "--tasks", file, "--out", report, "--dir", filepath.Join(dir, ".labctl")}
	if code := run(args...); code != 0 {
		t.Fatalf("report: %d %s", code, errb.String())
	}
	got, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Collector | 1h             | 25m ⏱      |         | -35m       |", "⏱ running: counted up to 2026-11-26 10:25 +01:00."} {
		if !strings.Contains(string(got), want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if code := run(append(args, "--check")...); code != ExitOK {
		t.Errorf("--check at the same instant: exit %d (%s)", code, errb.String())
	}
	clock = clock.Add(time.Minute)
	errb.Reset()
	if code := run(append(args, "--check")...); code != ExitFailed || !strings.Contains(errb.String(), "stale") {
		t.Errorf("--check a minute later: exit %d (%s), want 1 and stale", code, errb.String())
	}
	if again, _ := os.ReadFile(report); !bytes.Equal(again, got) {
		t.Error("--check wrote report.md")
	}
	if code := run("task", "--file", file, "stop"); code != 0 || !strings.Contains(out.String(), `stopped "Collector" after 26m (total 26m, estimate 1h: -34m)`) {
		t.Errorf("stop: %d\n%s", code, out.String())
	}
}
