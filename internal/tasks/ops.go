package tasks

import (
	"fmt"
	"strings"
	"time"
)

// Add appends a new task. estimate may be nil (not estimated yet).
func (f *File) Add(name string, estimate *Duration) (*Task, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	if i := f.index(name); i >= 0 {
		where := ""
		if l := f.Tasks[i].Line; l > 0 {
			where = fmt.Sprintf(" (line %d)", l)
		}
		return nil, fmt.Errorf("%w: %q already exists in %s%s; pick another name, or change it with `labctl task set %s`",
			ErrDuplicate, f.Tasks[i].Name, f.Path, where, quoteArg(f.Tasks[i].Name))
	}
	f.Tasks = append(f.Tasks, Task{Name: name, Estimate: estimate})
	return &f.Tasks[len(f.Tasks)-1], nil
}

// Session is a stretch of work that ended: which task and how long it ran.
type Session struct {
	Task    string
	Elapsed Duration
	// Total is the task's time spent after the session was added.
	Total Duration
}

// StartResult says what Start did.
type StartResult struct {
	Task string
	// Stopped is the task that was running before, if any.
	Stopped *Session
	// AlreadyRunning is true when the task was running already (nothing changed).
	AlreadyRunning bool
}

// Start starts the named task at now, stopping the running one first.
func (f *File) Start(name string, now time.Time) (StartResult, error) {
	t, err := f.Find(name)
	if err != nil {
		return StartResult{}, err
	}
	res := StartResult{Task: t.Name}
	if t.Running() {
		res.AlreadyRunning = true
		return res, nil
	}
	if r := f.Running(); r != nil {
		s, err := r.stop(now)
		if err != nil {
			return StartResult{}, err
		}
		res.Stopped = &s
	}
	at := now
	t.RunningSince = &at
	return res, nil
}

// Stop stops the running task at now and adds the session to its time
// spent. When name is not empty it must be the running task. A non-empty
// comment is appended to the task's comment ("; " between notes).
func (f *File) Stop(name, comment string, now time.Time) (Session, error) {
	r := f.Running()
	if name != "" {
		t, err := f.Find(name)
		if err != nil {
			return Session{}, err
		}
		if r == nil || t != r {
			running := "no task is running"
			if r != nil {
				running = fmt.Sprintf("%q is running", r.Name)
			}
			return Session{}, fmt.Errorf("%w: %q (%s); run `labctl task stop` without a name to stop the running one",
				ErrNotRunning, t.Name, running)
		}
	}
	if r == nil {
		return Session{}, fmt.Errorf("%w in %s; start one with `labctl task start NAME`, or record time with `labctl task set NAME --spent 30m`",
			ErrNothingRunning, f.Path)
	}
	if err := checkComment(comment); err != nil {
		return Session{}, err
	}
	s, err := r.stop(now)
	if err != nil {
		return Session{}, err
	}
	r.appendComment(comment)
	return s, nil
}

// Change lists the fields Set changes; nil leaves a field as it is.
type Change struct {
	Spent    *Duration
	Estimate *Duration
	Comment  *string
}

// Set changes a task's recorded time, estimate or comment, for time tracked
// elsewhere. Setting the time spent of a running task restarts its session at
// now, so the value given is the whole time spent so far.
func (f *File) Set(name string, c Change, now time.Time) (*Task, error) {
	t, err := f.Find(name)
	if err != nil {
		return nil, err
	}
	if c.Comment != nil {
		if err := checkComment(*c.Comment); err != nil {
			return nil, err
		}
	}
	if c.Spent != nil {
		t.Spent = *c.Spent
		if t.RunningSince != nil {
			at := now
			t.RunningSince = &at
		}
	}
	if c.Estimate != nil {
		e := *c.Estimate
		t.Estimate = &e
	}
	if c.Comment != nil {
		t.Comment = *c.Comment
	}
	return t, nil
}

// stop ends the running session. A total above MaxDuration is refused,
// and the task left running: it would be saved as a value ParseDuration
// refuses, and every later command would fail on the file.
func (t *Task) stop(now time.Time) (Session, error) {
	var elapsed Duration
	if run := now.Sub(*t.RunningSince); run > 0 {
		elapsed = RoundMinute(run)
	}
	if elapsed > MaxDuration-t.Spent {
		return Session{}, fmt.Errorf("stopping %q would make its time spent more than %s (%s recorded, running since %s); "+
			"check running_since in the tasks file, or record the real time with `labctl task set %s --spent DURATION`",
			t.Name, MaxDuration, t.Spent, t.RunningSince.Format(time.RFC3339), quoteArg(t.Name))
	}
	t.Spent += elapsed
	t.RunningSince = nil
	return Session{Task: t.Name, Elapsed: elapsed, Total: t.Spent}, nil
}

func (t *Task) appendComment(c string) {
	c = strings.TrimSpace(c)
	switch {
	case c == "":
	case t.Comment == "":
		t.Comment = c
	default:
		t.Comment += "; " + c
	}
}

func checkComment(c string) error {
	if strings.ContainsAny(c, "\r\n") {
		return fmt.Errorf("comment %q has a line break; keep a comment on one line (it is a table cell)", c)
	}
	for _, m := range ReportMarkers {
		if strings.Contains(c, m) {
			return fmt.Errorf("comment %q holds %s, the line labctl report finds its block of report.md by; remove it", c, m)
		}
	}
	return nil
}
