package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/tasks"
)

// The task subcommands' run functions, called as cobra calls them but with
// no terminal and no cobra.Command: a day of work on one tasks file, on an
// injected clock, each step's output and error checked.
func TestTaskRunFunctions(t *testing.T) {
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	opts := &taskOptions{file: filepath.Join(t.TempDir(), "labctl-tasks.yaml"), Now: func() time.Time { return clock }}
	dur := func(s string) *tasks.Duration {
		d, err := tasks.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	text := func(s string) *string { return &s }
	steps := []struct {
		name    string
		after   time.Duration // the clock moves by this first
		run     func(Stdio) error
		out     string // stdout, exactly
		errOut  string // stderr, exactly
		wantErr string // in the error
	}{
		{name: "list before any task", run: func(s Stdio) error { return runTaskList(taskListOptions{task: opts}, s) },
			errOut: "no tasks in " + opts.file + " yet; add one with: labctl task add NAME --estimate 30m\n"},
		{name: "add with the estimate as a last word", run: func(s Stdio) error {
			return runTaskAdd(taskAddOptions{task: opts, args: []string{"Estimation", "10m"}}, s)
		}, wantErr: "did you mean `labctl task add \"Estimation\" --estimate 10m`?"},
		{name: "add", run: func(s Stdio) error {
			return runTaskAdd(taskAddOptions{task: opts, args: []string{"Estimation"}, estimate: dur("10m")}, s)
		}, out: "added \"Estimation\" (estimate 10m)\n"},
		{name: "add in several words", run: func(s Stdio) error {
			return runTaskAdd(taskAddOptions{task: opts, args: []string{"Collector", "+", "Jaeger"}, estimate: dur("45m")}, s)
		}, out: "added \"Collector + Jaeger\" (estimate 45m)\n"},
		{name: "start", run: func(s Stdio) error {
			return runTaskStart(taskStartOptions{task: opts, args: []string{"Estimation"}}, s)
		}, out: "started \"Estimation\"\n"},
		{name: "start it again", run: func(s Stdio) error {
			return runTaskStart(taskStartOptions{task: opts, args: []string{"Estimation"}}, s)
		}, out: "\"Estimation\" is already running\n"},
		{name: "start another stops the first", after: 12 * time.Minute, run: func(s Stdio) error {
			return runTaskStart(taskStartOptions{task: opts, args: []string{"Collector + Jaeger"}}, s)
		}, out: "stopped \"Estimation\" after 12m (total 12m)\nstarted \"Collector + Jaeger\"\n"},
		{name: "stop naming another task", run: func(s Stdio) error {
			return runTaskStop(taskStopOptions{task: opts, args: []string{"Estimation"}}, s)
		}, wantErr: "Estimation"},
		{name: "stop with a comment", after: 50 * time.Minute, run: func(s Stdio) error {
			return runTaskStop(taskStopOptions{task: opts, comment: "otlp exporter"}, s)
		}, out: "stopped \"Collector + Jaeger\" after 50m (total 50m, estimate 45m: +5m)\n"},
		{name: "set with nothing to change", run: func(s Stdio) error {
			return runTaskSet(taskSetOptions{task: opts, args: []string{"Estimation"}}, s)
		}, wantErr: "task set Estimation: nothing to change; give --spent, --estimate or --comment"},
		{name: "set", run: func(s Stdio) error {
			return runTaskSet(taskSetOptions{task: opts, args: []string{"Estimation"}, change: tasks.Change{Spent: dur("15m"), Comment: text("first estimate")}}, s)
		}, out: "\"Estimation\": spent 15m, estimate 10m: +5m\n"},
		{name: "set an unknown task", run: func(s Stdio) error {
			return runTaskSet(taskSetOptions{task: opts, args: []string{"Demo"}, change: tasks.Change{Spent: dur("1h")}}, s)
		}, wantErr: `unknown task "Demo"`},
		{name: "list", run: func(s Stdio) error { return runTaskList(taskListOptions{task: opts}, s) },
			out: "TASK                ESTIMATE  SPENT  DIFF  COMMENT\n" +
				"Estimation          10m       15m    +5m   first estimate\n" +
				"Collector + Jaeger  45m       50m    +5m   otlp exporter\n" +
				"Total               55m       1h05   +10m  \n"},
	}
	for _, st := range steps {
		clock = clock.Add(st.after)
		var out, errb bytes.Buffer
		err := st.run(Stdio{In: strings.NewReader(""), Out: &out, Err: &errb})
		switch {
		case st.wantErr == "" && err != nil:
			t.Errorf("%s: %v", st.name, err)
		case st.wantErr != "" && (err == nil || !strings.Contains(err.Error(), st.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", st.name, err, st.wantErr)
		}
		if out.String() != st.out || errb.String() != st.errOut {
			t.Errorf("%s:\nstdout %q\nwant   %q\nstderr %q\nwant   %q", st.name, out.String(), st.out, errb.String(), st.errOut)
		}
	}
}

// --file naming a missing file: every command but add refuses it, and
// add creates it.
func TestTaskRunMissingFile(t *testing.T) {
	opts := &taskOptions{file: filepath.Join(t.TempDir(), "nope.yaml"), fileSet: true}
	var out bytes.Buffer
	stdio := Stdio{In: strings.NewReader(""), Out: &out, Err: &out}
	for name, run := range map[string]func() error{
		"list":  func() error { return runTaskList(taskListOptions{task: opts}, stdio) },
		"start": func() error { return runTaskStart(taskStartOptions{task: opts, args: []string{"A"}}, stdio) },
		"stop":  func() error { return runTaskStop(taskStopOptions{task: opts}, stdio) },
		"set": func() error {
			return runTaskSet(taskSetOptions{task: opts, args: []string{"A"}, change: tasks.Change{Comment: new(string)}}, stdio)
		},
	} {
		if err := run(); err == nil || !strings.Contains(err.Error(), "does not exist; check the path") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := runTaskAdd(taskAddOptions{task: opts, args: []string{"A"}}, stdio); err != nil {
		t.Errorf("add: %v", err)
	}
	if err := runTaskList(taskListOptions{task: opts}, stdio); err != nil || !strings.Contains(out.String(), "A  ") {
		t.Errorf("list after add: %v\n%s", err, out.String())
	}
}
