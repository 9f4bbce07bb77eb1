package tasks

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func newFile(t *testing.T) *File {
	t.Helper()
	f := &File{Path: DefaultFile}
	mustAdd(t, f, "Estimation", dur("10m"))
	mustAdd(t, f, "Jaeger", dur("30m"))
	mustAdd(t, f, "Collector", dur("1h"))
	return f
}

func TestStartStopAccumulates(t *testing.T) {
	f := newFile(t)
	if _, err := f.Start("Jaeger", t0); err != nil {
		t.Fatal(err)
	}
	if got := f.Tasks[1].SpentAt(t0.Add(20*time.Minute + 29*time.Second)); got.String() != "20m" {
		t.Errorf("running SpentAt = %v, want 20m", got)
	}
	// Starting another task stops the running one.
	res, err := f.Start("Collector", t0.Add(25*time.Minute+40*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped == nil || res.Stopped.Task != "Jaeger" || res.Stopped.Elapsed.String() != "26m" {
		t.Fatalf("Start result = %+v, want Jaeger stopped after 26m", res)
	}
	if f.Running().Name != "Collector" || f.Tasks[1].Running() {
		t.Fatalf("running = %v", f.Running().Name)
	}
	res, err = f.Start("collector", t0.Add(30*time.Minute))
	if err != nil || !res.AlreadyRunning {
		t.Fatalf("restart running = %+v, %v", res, err)
	}
	s, err := f.Stop("", "otlp/jaeger exporter", t0.Add(time.Hour+25*time.Minute+40*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if s.Task != "Collector" || s.Elapsed.String() != "1h" || f.Running() != nil {
		t.Errorf("Stop = %+v", s)
	}
	if _, err := f.Start("Collector", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s, err = f.Stop("Collector", "batch", t0.Add(2*time.Hour+30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if s.Total.String() != "1h30" || f.Tasks[2].Comment != "otlp/jaeger exporter; batch" {
		t.Errorf("after second session: %+v, comment %q", s, f.Tasks[2].Comment)
	}
	est, spent := f.Total(t0)
	if est.String() != "1h40" || spent.String() != "1h56" {
		t.Errorf("Total = %v, %v", est, spent)
	}
}

func TestSetSpentOnRunningTaskRestartsSession(t *testing.T) {
	f := newFile(t)
	if _, err := f.Start("Jaeger", t0); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(40 * time.Minute)
	if _, err := f.Set("jaeger", Change{Spent: dur("1h")}, now); err != nil {
		t.Fatal(err)
	}
	if got := f.Tasks[1].SpentAt(now.Add(5 * time.Minute)); got.String() != "1h05" {
		t.Errorf("SpentAt = %v, want 1h05", got)
	}
	if _, err := f.Set("Jaeger", Change{Estimate: dur("45m"), Comment: ptr("")}, now); err != nil {
		t.Fatal(err)
	}
	if f.Tasks[1].Estimate.String() != "45m" {
		t.Errorf("estimate = %v", f.Tasks[1].Estimate)
	}
}

func TestOpErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func(f *File) error
		is   error
		want string
	}{
		{"start unknown", func(f *File) error { _, err := f.Start("Grafana", t0); return err }, ErrNotFound, `unknown task "Grafana" in labctl-tasks.yaml`},
		{"set unknown", func(f *File) error { _, err := f.Set("Grafana", Change{Spent: dur("1h")}, t0); return err }, ErrNotFound, "labctl task add Grafana"},
		{"stop unknown", func(f *File) error { _, err := f.Stop("Grafana", "", t0); return err }, ErrNotFound, "unknown task"},
		{"stop nothing", func(f *File) error { _, err := f.Stop("", "", t0); return err }, ErrNothingRunning, "labctl task start NAME"},
		{"stop not running", func(f *File) error {
			if _, err := f.Start("Jaeger", t0); err != nil {
				return err
			}
			_, err := f.Stop("Collector", "", t0)
			return err
		}, ErrNotRunning, `"Collector" ("Jaeger" is running)`},
		{"add duplicate", func(f *File) error { _, err := f.Add("jaeger", nil); return err }, ErrDuplicate, `"Jaeger" already exists`},
		{"add empty", func(f *File) error { _, err := f.Add(" ", nil); return err }, ErrBadName, "name is empty"},
		{"add newline", func(f *File) error { _, err := f.Add("a\nb", nil); return err }, ErrBadName, "line break"},
		{"add dash", func(f *File) error { _, err := f.Add("-x", nil); return err }, ErrBadName, "starts with '-'"},
		{"comment newline", func(f *File) error { _, err := f.Set("Jaeger", Change{Comment: ptr("a\nb")}, t0); return err }, nil, "line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFile(t)
			err := tt.run(f)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestQuoteArg(t *testing.T) {
	for in, want := range map[string]string{"Jaeger": "Jaeger", "Démo": "Démo", "a b": "'a b'", "it's": `'it'\''s'`} {
		if got := quoteArg(in); got != want {
			t.Errorf("quoteArg(%q) = %q, want %q", in, got, want)
		}
	}
}

// `task set A --spent 9999h59` then start/stop: labctl must never save a
// time spent it refuses to read back.
func TestStopNeverSavesWhatLoadRefuses(t *testing.T) {
	for _, spent := range []string{"9999h59", "9999h", "10000h", "0m"} {
		f := newFile(t)
		if _, err := f.Set("Jaeger", Change{Spent: dur(spent)}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Start("Jaeger", t0); err != nil {
			t.Fatal(err)
		}
		for _, run := range []time.Duration{time.Minute, 5 * time.Minute, 2 * time.Hour, 200000 * time.Hour} {
			g := &File{Path: f.Path, Tasks: append([]Task(nil), f.Tasks...)}
			_, errStop := g.Stop("", "", t0.Add(run))
			_, errStart := (&File{Path: f.Path, Tasks: append([]Task(nil), f.Tasks...)}).Start("Collector", t0.Add(run))
			if (errStop == nil) != (errStart == nil) {
				t.Errorf("spent %s, run %s: stop %v but start %v", spent, run, errStop, errStart)
			}
			if errStop != nil && !strings.Contains(errStop.Error(), "more than 10000h") {
				t.Errorf("spent %s, run %s: %v", spent, run, errStop)
			}
			data, err := g.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(data, g.Path); err != nil {
				t.Errorf("spent %s, run %s: stop saved a file labctl refuses: %v\n%s", spent, run, err, data)
			}
			if got := g.Tasks[1].SpentAt(t0.Add(run)); got > MaxDuration || got < 0 {
				t.Errorf("spent %s, run %s: SpentAt = %v out of range", spent, run, time.Duration(got))
			}
		}
	}
	// Running since year 1: the sums do not overflow.
	f := newFile(t)
	f.Tasks[0].Spent = MaxDuration
	since := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Tasks[0].RunningSince = &since
	if _, spent := f.Total(t0); spent < 0 || spent > 2*MaxDuration {
		t.Errorf("Total = %v", time.Duration(spent))
	}
}

func TestReportMarkersRefused(t *testing.T) {
	f := newFile(t)
	for _, name := range []string{"x <!-- labctl:begin -->", "<!-- labctl:end --> y"} {
		if _, err := f.Add(name, nil); err == nil || !errors.Is(err, ErrBadName) || !strings.Contains(err.Error(), "labctl report finds its block") {
			t.Errorf("Add(%q): %v", name, err)
		}
	}
	if _, err := f.Add("Collector --> Jaeger", nil); err != nil {
		t.Errorf("an arrow is a fine name: %v", err)
	}
	c := "done <!-- labctl:end -->"
	if _, err := f.Set("Jaeger", Change{Comment: &c}, t0); err == nil || !strings.Contains(err.Error(), "labctl report finds its block") {
		t.Errorf("Set comment with a marker: %v", err)
	}
	if _, err := f.Start("Jaeger", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stop("", c, t0.Add(time.Minute)); err == nil {
		t.Error("Stop with a marker in the comment succeeded")
	}
}
