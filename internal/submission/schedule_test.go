package submission

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestMachineJobsAndStacks(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		name         string
		m            Machine
		jobs, stacks int
	}{
		{"this bench machine: 2 cores, 23 GiB", Machine{CPUs: 2, Memory: 23 * gib}, 2, 4},
		{"many cores, little memory", Machine{CPUs: 8, Memory: 2 * gib}, 2, 2},
		{"memory unknown: a stack per slot", Machine{CPUs: 4}, 4, 4},
		{"memory for one stack", Machine{CPUs: 2, Memory: gib + gib/2}, 1, 1},
		{"memory for less than one", Machine{CPUs: 2, Memory: gib / 2}, 1, 1},
		{"nothing known", Machine{}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := tt.m.Jobs()
			if s := tt.m.Stacks(j); j != tt.jobs || s != tt.stacks {
				t.Errorf("jobs %d, stacks %d; want %d, %d", j, s, tt.jobs, tt.stacks)
			}
		})
	}
}

// One slot, two stacks: the second submission starts once the first's
// stack is up; the third waits until one stack is removed; each removal
// runs in end, after the slot was freed.
func TestScheduleStartsTheNextWhileAStackWaits(t *testing.T) {
	s := newSchedule(1, 2)
	var mu sync.Mutex
	var events []string
	record := func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
	started := make(chan int, 3)
	release := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
	var wg sync.WaitGroup
	go func() {
		for i := range 3 {
			if !s.take(context.Background()) {
				t.Error("take failed")
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				tu := &turn{s: s}
				ctx := withTurn(context.Background(), tu)
				record("start " + string(rune('0'+i)))
				started <- i
				removeStack(ctx, func() { record("remove " + string(rune('0'+i))) })
				stackStarted(ctx)
				<-release[i] // verify waits for the data
				tu.end()
				record("saved " + string(rune('0'+i)))
			}()
		}
	}()
	waitFor := func(want int) {
		t.Helper()
		select {
		case i := <-started:
			if i != want {
				t.Fatalf("submission %d started, want %d", i, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("submission %d did not start while a slot was free", want)
		}
	}
	waitFor(0)
	waitFor(1) // the first one's stack is up: its slot is free
	select {
	case i := <-started:
		t.Fatalf("submission %d started with two stacks alive", i)
	case <-time.After(200 * time.Millisecond):
	}
	close(release[0])
	waitFor(2)
	close(release[1])
	close(release[2])
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i := range 3 {
		c := string(rune('0' + i))
		r, sv := slices.Index(events, "remove "+c), slices.Index(events, "saved "+c)
		if r < 0 || sv < r {
			t.Errorf("submission %s: removed at %d, saved at %d: %v", c, r, sv, events)
		}
	}
	if got := slices.Index(events, "remove 0"); got > slices.Index(events, "start 2") {
		t.Errorf("the third started before a stack was removed: %v", events)
	}
}

// Outside a class, a stack is removed at once.
func TestRemoveStackAloneRunsAtOnce(t *testing.T) {
	done := false
	removeStack(context.Background(), func() { done = true })
	stackStarted(context.Background()) // no class: nothing to free
	if !done {
		t.Error("not removed")
	}
}

// take gives up, holding nothing, when the class is interrupted.
func TestScheduleTakeInterrupted(t *testing.T) {
	s := newSchedule(1, 1)
	if !s.take(context.Background()) {
		t.Fatal("the first take failed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s.take(ctx) {
		t.Fatal("took a slot with the class interrupted")
	}
	if len(s.stacks) != 1 || len(s.slots) != 1 {
		t.Errorf("held %d stacks, %d slots; want 1, 1", len(s.stacks), len(s.slots))
	}
}

// Without --jobs, a class says what it chose from the machine.
func TestClassSaysTheChosenJobs(t *testing.T) {
	root := t.TempDir()
	subs := []Submission{writeSubmission(t, root, "ana", goodReport)}
	var mu sync.Mutex
	var lines []string
	g := New(nil, false, Options{Stack: StackNone, Progress: func(s, l string) {
		mu.Lock()
		lines = append(lines, s+": "+l)
		mu.Unlock()
	}})
	if _, err := g.Class(context.Background(), subs, ClassOptions{Out: root + "/out", Machine: Machine{CPUs: 3, Memory: 8 << 30}}); err != nil {
		t.Fatal(err)
	}
	want := "labctl: grading 3 submission(s) starting at once (--jobs chosen from the engine's CPUs and memory), up to 3 stack(s) alive while their checks wait (engine: 3 CPUs, 8192 MiB)"
	if len(lines) == 0 || lines[0] != want {
		t.Errorf("first line %q, want %q", lines, want)
	}
}
