package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/labctl/labctl/internal/testutil"
)

// Twenty `labctl task add` at once, through the real binary: every task is
// saved (the tasks file's lock holds across each read-modify-write).
func TestTaskAddConcurrentLosesNothing(t *testing.T) {
	dir := t.TempDir()
	const n = 20
	var wg sync.WaitGroup
	results := make([]cliResult, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runLabctl(t, dir, nil, "task", "add", fmt.Sprintf("Task %02d", i), "--estimate", "5m")
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.Code != 0 {
			t.Errorf("task add %d: exit %d: %s", i, r.Code, r.Stderr)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "labctl-tasks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if name := fmt.Sprintf("Task %02d", i); !strings.Contains(string(data), "name: "+name+"\n") {
			t.Errorf("%s was lost:\n%s", name, data)
		}
	}
	if res := runInProcess(t, dir, nil, "task", "list"); res.Code != 0 || strings.Count(res.Stdout, "Task ") != n {
		t.Errorf("task list: exit %d, %d tasks:\n%s%s", res.Code, strings.Count(res.Stdout, "Task "), res.Stdout, res.Stderr)
	}
}

func TestTaskBadInputThroughTheBinary(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"duration as the last word", []string{"task", "add", "Estimation", "10m"},
			"did you mean `labctl task add \"Estimation\" --estimate 10m`?"},
		{"several words then a duration", []string{"task", "add", "Instrumenter", "FastAPI", "1h30"},
			"`labctl task add \"Instrumenter FastAPI\" --estimate 1h30`"},
		{"a report marker in the name", []string{"task", "add", "x <!-- labctl:end -->"},
			"the line labctl report finds its block of report.md by"},
		{"--file names a missing file", []string{"task", "list", "--file", "nope.yaml"},
			"--file nope.yaml does not exist; check the path"},
		{"--file missing for start", []string{"task", "start", "A", "--file", "nope.yaml"},
			"--file nope.yaml does not exist"},
		{"--tasks names a missing file", []string{"report", "--tasks", "nope.yaml"},
			"--tasks nope.yaml does not exist; check the path"},
		{"a directory as the tasks file", []string{"task", "list", "--file", "adir"},
			"adir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
				t.Fatal(err)
			}
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, nil, tt.args...)
			oneLineError(t, res, tt.want)
			if strings.Count(res.Stderr, "adir") > 1 {
				t.Errorf("the message repeats itself: %s", res.Stderr)
			}
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
	// Quoting the whole name keeps it, and --estimate says what is meant.
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "task", "add", "Estimation 10m"); res.Code != 0 {
		t.Errorf("quoted name with a duration: exit %d: %s", res.Code, res.Stderr)
	}
	if res := runInProcess(t, dir, nil, "task", "add", "Review", "2h", "--estimate", "30m"); res.Code != 0 {
		t.Errorf("name ending in a duration with --estimate: exit %d: %s", res.Code, res.Stderr)
	}
	// A new --file is created by add only.
	if res := runInProcess(t, dir, nil, "task", "add", "A", "--file", "other.yaml"); res.Code != 0 {
		t.Errorf("add --file other.yaml: exit %d: %s", res.Code, res.Stderr)
	}
}

// `task set A --spent 9999h59`, start, stop: stop refuses instead of
// saving a value labctl cannot read back; every command still works.
func TestTaskSpentNeverOverflowsTheFile(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"task", "add", "A"}, {"task", "set", "A", "--spent", "9999h59"}} {
		if res := runInProcess(t, dir, nil, args...); res.Code != 0 {
			t.Fatalf("%v: exit %d: %s", args, res.Code, res.Stderr)
		}
	}
	tasksFile := filepath.Join(dir, "labctl-tasks.yaml")
	data, _ := os.ReadFile(tasksFile)
	// Started two hours ago.
	started := strings.Replace(string(data), "spent: 9999h59\n", "spent: 9999h59\n    running_since: 2020-01-01T10:00:00Z\n", 1)
	if err := os.WriteFile(tasksFile, []byte(started), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runInProcess(t, dir, nil, "task", "stop")
	oneLineError(t, res, "would make its time spent more than 10000h")
	for _, args := range [][]string{{"task", "list"}, {"report"}} {
		if res := runInProcess(t, dir, nil, args...); res.Code != 0 {
			t.Errorf("%v after the refused stop: exit %d: %s", args, res.Code, res.Stderr)
		}
	}
	if res := runInProcess(t, dir, nil, "task", "set", "A", "--spent", "10000h01"); res.Code != 2 {
		t.Errorf("--spent above the bound: exit %d", res.Code)
	}
}
