package checks

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// failing never passes, as a check whose data never comes.
func failing(context.Context) (msg.Message, map[string]string, error) {
	return msg.Message{}, nil, errors.New("no spans yet")
}

// passesAfter fails until d has passed since its first look.
func passesAfter(d time.Duration) Probe {
	var mu sync.Mutex
	var start time.Time
	return func(context.Context) (msg.Message, map[string]string, error) {
		mu.Lock()
		defer mu.Unlock()
		if start.IsZero() {
			start = time.Now()
		}
		if time.Since(start) < d {
			return msg.Message{}, nil, errors.New("not yet")
		}
		return msg.Raw("arrived"), nil, nil
	}
}

// hangs waits until its look is cut, as a query that never answers.
func hangs(ctx context.Context) (msg.Message, map[string]string, error) {
	<-ctx.Done()
	return msg.Message{}, nil, ctx.Err()
}

// timedCause is a cause that becomes known after a delay from the start.
type timedCause struct {
	after time.Duration
	cause Cause
}

func cause(rule string, blocks ...string) Cause {
	return Cause{Rule: rule, Blocks: blocks, Diagnosis: msg.Raw("compose.yml:23: " + rule + " says why")}
}

// wantOutcome is what one check must give; ended is whether a cause ended it.
type wantOutcome struct {
	status Status
	ended  bool
	rule   string
}

func TestRunnerEndsChecksOnKnownCauses(t *testing.T) {
	const grace = 150 * time.Millisecond
	cases := []struct {
		name     string
		checks   []Check
		causes   []timedCause
		deadline time.Duration
		want     map[string]wantOutcome
		// The run takes at least min and at most max (max well below the
		// deadline when a cause decides, about it when none does).
		min, max time.Duration
	}{
		{
			name:     "a cause known before the run ends its check after the grace",
			checks:   []Check{{ID: "spans", Probe: failing}},
			causes:   []timedCause{{0, cause("LAB010", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"spans": {Fail, true, "LAB010"}},
			min:      grace, max: 2 * time.Second,
		},
		{
			name:     "a cause that comes during the run ends its check a grace later",
			checks:   []Check{{ID: "spans", Probe: failing}},
			causes:   []timedCause{{300 * time.Millisecond, cause("LAB061", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"spans": {Fail, true, "LAB061"}},
			min:      300*time.Millisecond + grace, max: 2 * time.Second,
		},
		{
			name:     "a check that passes within the grace passes",
			checks:   []Check{{ID: "spans", Probe: passesAfter(80 * time.Millisecond)}},
			causes:   []timedCause{{0, cause("LAB010", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"spans": {Pass, false, ""}},
			max:      2 * time.Second,
		},
		{
			name:     "the floor holds the end back: the data cannot have come sooner",
			checks:   []Check{{ID: "rows", Floor: 400 * time.Millisecond, Probe: failing}},
			causes:   []timedCause{{0, cause("LAB041", "rows")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"rows": {Fail, true, "LAB041"}},
			min:      400*time.Millisecond + grace, max: 2 * time.Second,
		},
		{
			name:     "a working check past its floor is not failed by a wrong rule",
			checks:   []Check{{ID: "rows", Floor: 300 * time.Millisecond, Probe: passesAfter(250 * time.Millisecond)}},
			causes:   []timedCause{{0, cause("LAB041", "rows")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"rows": {Pass, false, ""}},
			max:      2 * time.Second,
		},
		{
			name:     "a cause for another check leaves this one its whole wait",
			checks:   []Check{{ID: "spans", Probe: failing}, {ID: "commits", Probe: failing}},
			causes:   []timedCause{{0, cause("LAB018", "commits")}},
			deadline: 700 * time.Millisecond,
			want:     map[string]wantOutcome{"spans": {Fail, false, ""}, "commits": {Fail, true, "LAB018"}},
			min:      650 * time.Millisecond, max: 3 * time.Second,
		},
		{
			name:     "a check that needs a blocked one is blocked too",
			checks:   []Check{{ID: "server", Probe: failing}, {ID: "db", Needs: []string{"server"}, Probe: failing}, {ID: "expect.x", Needs: []string{"db"}, Probe: failing}},
			causes:   []timedCause{{0, cause("LAB006", "server")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"server": {Fail, true, "LAB006"}, "db": {Fail, true, "LAB006"}, "expect.x": {Fail, true, "LAB006"}},
			max:      2 * time.Second,
		},
		{
			name:     "the first cause known is the one said",
			checks:   []Check{{ID: "spans", Probe: failing}},
			causes:   []timedCause{{0, cause("LAB005", "spans")}, {50 * time.Millisecond, cause("LAB062", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"spans": {Fail, true, "LAB005"}},
			max:      2 * time.Second,
		},
		{
			name:     "a look that hangs does not hold a known verdict back",
			checks:   []Check{{ID: "spans", Probe: hangs}},
			causes:   []timedCause{{100 * time.Millisecond, cause("LAB060", "spans")}},
			deadline: 20 * time.Second,
			want:     map[string]wantOutcome{"spans": {Fail, true, "LAB060"}},
			max:      5 * time.Second, // the look in progress ends at its Attempt (3 s here), the next at the grace
		},
		{
			name: "a blocked check that fails by itself is not ended early, but its cause is said",
			// The floor keeps the grace open while the probe gives up.
			checks: []Check{{ID: "spans", Floor: time.Second, Probe: func() Probe {
				n := 0
				return func(context.Context) (msg.Message, map[string]string, error) {
					if n++; n > 5 {
						return msg.Message{}, nil, Permanent(errors.New("no spans, and none will come"))
					}
					return msg.Message{}, nil, errors.New("no spans yet")
				}
			}()}},
			causes:   []timedCause{{0, cause("LAB010", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"spans": {Fail, false, "LAB010"}},
			max:      time.Second,
		},
		{
			name: "a permanent failure is not ended early: it ends at once by itself",
			checks: []Check{{ID: "traffic", Probe: func(context.Context) (msg.Message, map[string]string, error) {
				return msg.Message{}, nil, Permanent(errors.New("500"))
			}}},
			causes:   []timedCause{{0, cause("LAB010", "spans")}},
			deadline: 10 * time.Second,
			want:     map[string]wantOutcome{"traffic": {Fail, false, ""}},
			max:      time.Second,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), tc.deadline)
			defer cancel()
			causes := make(chan Cause)
			stop := make(chan struct{})
			sent := make(chan struct{})
			go func() { // as verify's watcher: sends until the run is over
				defer close(sent)
				start := time.Now()
				for _, c := range tc.causes {
					select {
					case <-time.After(time.Until(start.Add(c.after))):
					case <-stop:
						return
					}
					select {
					case causes <- c.cause:
					case <-stop:
						return
					}
				}
			}()
			start := time.Now()
			b := Backoff{Min: 10 * time.Millisecond, Max: 40 * time.Millisecond, Attempt: 3 * time.Second}
			out := Run{Backoff: b, Causes: causes, Grace: grace}.Checks(ctx, tc.checks)
			took := time.Since(start)
			close(stop)
			<-sent
			for _, o := range out {
				w, ok := tc.want[o.ID]
				if !ok {
					t.Fatalf("no expectation for %s", o.ID)
				}
				if o.Status != w.status || o.EndedEarly != w.ended || o.Rule != w.rule {
					t.Errorf("%s: status %s, ended early %v, rule %q; want %s, %v, %q (%+v)", o.ID, o.Status, o.EndedEarly, o.Rule, w.status, w.ended, w.rule, o)
				}
				if w.rule != "" && !strings.Contains(o.Diagnosis, w.rule+" says why") {
					t.Errorf("%s: diagnosis %q is not its cause's", o.ID, o.Diagnosis)
				}
				if w.ended && o.Evidence == "" {
					t.Errorf("%s: ended early without the last look's evidence", o.ID)
				}
				if w.rule == "" && o.Diagnosis != "" {
					t.Errorf("%s: diagnosis %q though no cause ended it", o.ID, o.Diagnosis)
				}
			}
			if took < tc.min || took > tc.max {
				t.Errorf("the run took %s, want between %s and %s", took, tc.min, tc.max)
			}
		})
	}
}

// Cancelling ctx (Ctrl-C) ends a run that waits for causes that never come,
// and a run with a blocked check in its grace, and leaves no goroutine.
func TestRunnerCausesCancelLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, withCause := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		causes := make(chan Cause, 1)
		if withCause {
			causes <- cause("LAB060", "a")
		}
		go func() { time.Sleep(100 * time.Millisecond); cancel() }()
		start := time.Now()
		out := Run{Backoff: Backoff{Min: 20 * time.Millisecond, Max: 20 * time.Millisecond}, Causes: causes, Grace: time.Hour}.
			Checks(ctx, []Check{{ID: "a", Probe: failing}, {ID: "b", Probe: failing}})
		if d := time.Since(start); d > time.Second {
			t.Errorf("cause known %v: cancel took %s to end the run", withCause, d)
		}
		for _, o := range out {
			if o.Status != Fail || o.EndedEarly {
				t.Errorf("cause known %v: %s %s ended early %v after cancel, want a plain fail", withCause, o.ID, o.Status, o.EndedEarly)
			}
		}
	}
	// The runner's goroutines end before Checks returns.
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left after the runs (%d before)", n, before)
	}
}
