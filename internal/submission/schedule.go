package submission

import (
	"context"
	"runtime"
	"sync"

	"github.com/moby/moby/client"
)

// How a class is scheduled. A submission's stack is busy while it starts
// (its backend built, PostgreSQL's initdb, the services' readiness: the
// cores are the limit) and then mostly waits while verify waits for the
// project's own intervals (the SDK's export delay, the Collector's
// collection interval: bench/RESULTS.md measured 21.8 s of a 29.4 s
// submission). So --jobs bounds the submissions that are starting; a
// submission whose stack is up frees its slot for the next one and keeps
// only its share of memory until its stack is removed. The removal runs
// outside the slot too, and before the submission's result is written: a
// result on disk still means its stack is gone, and Class returns only when
// every stack is.

// stackMemory is what one graded stack is allowed in the engine's memory
// when choosing how many run at once: about three times the course's stack
// at its peak (148-155 MiB, docker stats, bench/RESULTS.md), so that a
// heavier backend still fits.
const stackMemory = 512 << 20

// Machine is what the engine has to run graded stacks on.
type Machine struct {
	CPUs int
	// Memory is the engine's memory in bytes (0: unknown).
	Memory int64
}

// EngineMachine asks the engine for its CPUs and memory (Docker Desktop's
// VM, not the teacher's laptop); without an engine, this host's CPUs.
func EngineMachine(ctx context.Context, api *client.Client) Machine {
	if api != nil {
		if info, err := api.Info(ctx, client.InfoOptions{}); err == nil && info.Info.NCPU > 0 {
			return Machine{CPUs: info.Info.NCPU, Memory: info.Info.MemTotal}
		}
	}
	return Machine{CPUs: runtime.NumCPU()}
}

// stacksInMemory is how many graded stacks half the engine's memory holds
// (the other half for the engine, its other tenants, and labctl); 0 when
// the memory is unknown.
func (m Machine) stacksInMemory() int {
	return int(m.Memory / 2 / stackMemory)
}

// Jobs is --jobs when not given: one starting submission per CPU (starting
// a stack keeps a core busy), fewer if memory holds fewer stacks.
func (m Machine) Jobs() int {
	j := max(m.CPUs, 1)
	if n := m.stacksInMemory(); m.Memory > 0 && n < j {
		j = max(n, 1)
	}
	return j
}

// Stacks is how many stacks may be alive at once with jobs starting: as
// many more waiting on verify as memory holds, at most jobs more; with the
// memory unknown, none more (the old behaviour: a stack per slot).
func (m Machine) Stacks(jobs int) int {
	return max(jobs, min(2*jobs, m.stacksInMemory()))
}

// schedule holds a class's two limits.
type schedule struct {
	slots  chan struct{} // submissions starting (--jobs)
	stacks chan struct{} // stacks alive, starting, verified or being removed
}

func newSchedule(jobs, stacks int) *schedule {
	return &schedule{slots: make(chan struct{}, jobs), stacks: make(chan struct{}, max(stacks, jobs))}
}

// take waits for a stack's share then a slot; false when ctx ends first
// (nothing held then).
func (s *schedule) take(ctx context.Context) bool {
	select {
	case s.stacks <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case s.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		<-s.stacks
		return false
	}
}

// turn is one submission's hold on the schedule.
type turn struct {
	s      *schedule
	once   sync.Once
	remove func() // the stack's removal, handed over by checkStack
}

// freeSlot lets the next submission start; more calls do nothing.
func (t *turn) freeSlot() { t.once.Do(func() { <-t.s.slots }) }

// end runs what the submission left to do outside its slot (its stack's
// removal) and gives back its stack's share.
func (t *turn) end() {
	t.freeSlot()
	if t.remove != nil {
		t.remove()
	}
	<-t.s.stacks
}

type turnKey struct{}

func withTurn(ctx context.Context, t *turn) context.Context {
	return context.WithValue(ctx, turnKey{}, t)
}

func turnOf(ctx context.Context) *turn {
	t, _ := ctx.Value(turnKey{}).(*turn)
	return t
}

// stackStarted says that the submission's stack is up (ready or not): in a
// class, the next submission may start while this one's checks wait.
func stackStarted(ctx context.Context) {
	if t := turnOf(ctx); t != nil {
		t.freeSlot()
	}
}

// removeStack removes a graded stack: at once for one submission; in a
// class, once the submission has left its slot, before its result is
// written (turn.end).
func removeStack(ctx context.Context, remove func()) {
	if t := turnOf(ctx); t != nil {
		t.remove = remove
		return
	}
	remove()
}
