// Package tasks is the lab's time tracking: tasks with an estimate and the
// time really spent, kept in a human-editable YAML file (labctl-tasks.yaml).
// It does no printing; the CLI reports what the operations return.
package tasks

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// DefaultFile is the tasks file, in the project directory.
const DefaultFile = "labctl-tasks.yaml"

// Errors the operations wrap, so callers and tests can tell them apart.
var (
	ErrNotFound       = errors.New("unknown task")
	ErrDuplicate      = errors.New("duplicate task")
	ErrNothingRunning = errors.New("no task is running")
	ErrNotRunning     = errors.New("task is not running")
	ErrBadName        = errors.New("invalid task name")
)

// Task is one line of the estimate-vs-actual table.
type Task struct {
	Name string
	// Estimate is nil until the student estimates the task.
	Estimate *Duration
	// Spent is the time recorded so far, not counting a running session.
	Spent   Duration
	Comment string
	// RunningSince is set while the task is started.
	RunningSince *time.Time
	// Line is where the task starts in the file (0 for a new task).
	Line int
}

// Running reports whether the task is started.
func (t Task) Running() bool { return t.RunningSince != nil }

// SpentAt is the time spent including a running session up to now, in
// whole minutes, at most MaxDuration (a running_since years ago must not
// overflow the sums).
func (t Task) SpentAt(now time.Time) Duration {
	d := t.Spent
	if t.RunningSince != nil {
		if run := now.Sub(*t.RunningSince); run > 0 {
			d = min(d+min(RoundMinute(run), MaxDuration), MaxDuration)
		}
	}
	return d
}

// File is the tasks file: its path and its tasks, in file order.
type File struct {
	Path  string
	Tasks []Task
}

// ReportMarkers are the lines that delimit labctl's block in report.md
// (report.markerBegin, markerEnd): a task name or comment holding one would
// make every later labctl report refuse, so add, stop and set refuse it.
var ReportMarkers = []string{"<!-- labctl:begin -->", "<!-- labctl:end -->"}

// CheckName rejects names that cannot be a table cell or a command argument.
func CheckName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: the name is empty; give the task a short name such as \"Collector\"", ErrBadName)
	}
	if name != strings.TrimSpace(name) {
		return fmt.Errorf("%w %q: it starts or ends with spaces; remove them", ErrBadName, name)
	}
	if strings.HasPrefix(name, "-") {
		return fmt.Errorf("%w %q: it starts with '-'; start it with a letter or digit", ErrBadName, name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w %q: it contains a control character or line break; keep it on one line", ErrBadName, name)
		}
	}
	for _, m := range ReportMarkers {
		if strings.Contains(name, m) {
			return fmt.Errorf("%w %q: it holds %s, the line labctl report finds its block of report.md by; remove it from the name", ErrBadName, name, m)
		}
	}
	if len([]rune(name)) > 80 {
		return fmt.Errorf("%w %q: it is longer than 80 characters; shorten it and put details in --comment", ErrBadName, name)
	}
	return nil
}

// index finds a task by name, exact match first, then ignoring case.
func (f *File) index(name string) int {
	for i := range f.Tasks {
		if f.Tasks[i].Name == name {
			return i
		}
	}
	for i := range f.Tasks {
		if strings.EqualFold(f.Tasks[i].Name, name) {
			return i
		}
	}
	return -1
}

// Find returns the named task (case-insensitive) or an ErrNotFound error.
func (f *File) Find(name string) (*Task, error) {
	i := f.index(name)
	if i < 0 {
		return nil, fmt.Errorf("%w %q in %s; see `labctl task list`, or add it with `labctl task add %s --estimate 30m`",
			ErrNotFound, name, f.Path, quoteArg(name))
	}
	return &f.Tasks[i], nil
}

// Running returns the running task, or nil.
func (f *File) Running() *Task {
	for i := range f.Tasks {
		if f.Tasks[i].Running() {
			return &f.Tasks[i]
		}
	}
	return nil
}

// Total sums the estimates (nil when no task has one) and the time spent up to now.
func (f *File) Total(now time.Time) (estimate *Duration, spent Duration) {
	var est Duration
	for _, t := range f.Tasks {
		if t.Estimate != nil {
			est += *t.Estimate
			estimate = &est
		}
		spent += t.SpentAt(now)
	}
	return estimate, spent
}

// quoteArg quotes a name for a shell command line when it needs it.
func quoteArg(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
