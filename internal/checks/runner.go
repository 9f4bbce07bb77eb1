package checks

import (
	"context"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// Backoff bounds the wait between two looks at a check that does not pass yet.
type Backoff struct {
	Min, Max time.Duration
	// Factor grows the wait after each look; 0 means 2.
	Factor float64
	// Attempt bounds one look, so that a hung call cannot eat the whole budget.
	Attempt time.Duration
}

// DefaultBackoff starts fast (spans arrive in ~0.7 s) and settles at 2 s
// (metrics arrive in 2-8 s). It grows by 1.5 rather than 2 so that a
// collection every 2 s is seen within ~0.5 s of happening.
var DefaultBackoff = Backoff{Min: 100 * time.Millisecond, Max: 2 * time.Second, Factor: 1.5, Attempt: 10 * time.Second}

// DefaultGrace is how long a check a known cause blocks still looks: a
// span batch arrives in ~0.7 s and a scrape comes every few seconds, so a
// rule that is wrong about a working check does not fail it.
const DefaultGrace = 5 * time.Second

// Cause is a reason, known from the files or the logs, why some checks
// cannot pass: the runner need not wait for them until the deadline.
type Cause struct {
	// Rule is the catalogue rule it comes from (labctl explain RULE).
	Rule string
	// Blocks are the IDs of the checks it makes fail.
	Blocks []string
	// Diagnosis says where and what to change; it becomes the diagnosis of
	// the checks it ends.
	Diagnosis msg.Message
	// AtLine says the diagnosis names a file's line (a file rule's): it is
	// kept over diagnose's words for the same rule after the run.
	AtLine bool
}

// Run says how RunChecks runs a list of checks.
type Run struct {
	Backoff Backoff
	// Causes, when set, brings causes as they become known (before the
	// run or during it). Each check a cause blocks (or that Needs one it
	// blocks) looks on for Grace, and at least until its Floor has passed,
	// then fails with the cause as its diagnosis. It need not be closed.
	Causes <-chan Cause
	// Known are causes known before the run: they block from the first look.
	Known []Cause
	// Grace is the time a blocked check still gets; 0 means DefaultGrace.
	Grace time.Duration
	// Done, when set, is called once per check as it finishes, from the
	// check's goroutine, one call at a time.
	Done func(Outcome)
}

// RunChecks runs every check concurrently until it passes, fails for good,
// or ctx ends (give ctx the deadline). done, when not nil, is called once per
// check as it finishes, from the check's goroutine. Outcomes keep the order
// of checks. Failed outcomes have no Diagnosis yet: see Diagnose.
func RunChecks(ctx context.Context, list []Check, b Backoff, done func(Outcome)) []Outcome {
	return Run{Backoff: b, Done: done}.Checks(ctx, list)
}

// Checks runs the list as RunChecks does, ending early the checks a known
// cause blocks (see Run.Causes). It returns once every check is done and
// its own goroutines have ended.
func (r Run) Checks(ctx context.Context, list []Check) []Outcome {
	if r.Grace <= 0 {
		r.Grace = DefaultGrace
	}
	out := make([]Outcome, len(list))
	blocks := make([]*blocker, len(list))
	for i := range blocks {
		blocks[i] = &blocker{known: make(chan struct{})}
	}
	for _, c := range r.Known {
		for _, i := range blockedBy(list, c.Blocks) {
			blocks[i].set(c)
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, c := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := runOne(ctx, c, r.Backoff, blocks[i], r.Grace)
			out[i] = o
			if r.Done != nil {
				mu.Lock()
				r.Done(o)
				mu.Unlock()
			}
		}()
	}
	finished := make(chan struct{})
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		dispatch(r.Causes, list, blocks, finished)
	}()
	wg.Wait()
	close(finished)
	<-dispatched
	return out
}

// dispatch hands each cause that arrives to the checks it blocks, until
// the run is finished.
func dispatch(causes <-chan Cause, list []Check, blocks []*blocker, finished <-chan struct{}) {
	for causes != nil {
		select {
		case <-finished:
			return
		case c, ok := <-causes:
			if !ok {
				return
			}
			for _, i := range blockedBy(list, c.Blocks) {
				blocks[i].set(c)
			}
		}
	}
}

// blockedBy returns the indexes into list of the checks ids block: those
// named, and those that need one of them (transitively).
func blockedBy(list []Check, ids []string) []int {
	blocked := map[string]bool{}
	for _, id := range ids {
		blocked[id] = true
	}
	for changed := true; changed; {
		changed = false
		for _, c := range list {
			if blocked[c.ID] {
				continue
			}
			for _, n := range c.Needs {
				if blocked[n] {
					blocked[c.ID], changed = true, true
					break
				}
			}
		}
	}
	var out []int
	for i, c := range list {
		if blocked[c.ID] {
			out = append(out, i)
		}
	}
	return out
}

// blocker holds the first cause known to block one check.
type blocker struct {
	once  sync.Once
	known chan struct{} // closed once cause is set
	cause Cause
	at    time.Time
}

// explain ends a failed outcome: a known cause that blocks the check is
// its diagnosis and rule, whether it ended the check or the check failed
// by itself meanwhile.
func (b *blocker) explain(o Outcome, start time.Time) Outcome {
	o.Duration = time.Since(start)
	if isClosed(b.known) {
		o.setDiagnosis(b.cause.Diagnosis)
		o.Rule, o.causeAtLine = b.cause.Rule, b.cause.AtLine
	}
	return o
}

func (b *blocker) set(c Cause) {
	b.once.Do(func() {
		b.cause, b.at = c, time.Now()
		close(b.known)
	})
}

func runOne(ctx context.Context, c Check, b Backoff, bl *blocker, grace time.Duration) Outcome {
	o := Outcome{ID: c.ID, Name: c.Name, Level: c.Level}
	if !c.Title.IsZero() {
		o.Name = orDefault(c.Name, c.Title.English())
		if c.Title.Key != "" {
			t := c.Title
			o.NameMsg = &t
		}
	}
	if c.SkipReason != "" {
		o.Status, o.Evidence = Skip, c.SkipReason
		if c.Skip.Key != "" && c.Skip.English() == c.SkipReason {
			o.setEvidence(c.Skip)
		}
		return o
	}
	if c.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Deadline)
		defer cancel()
	}
	start := time.Now()
	// end is when a known cause ends the check: never before the data's
	// floor, and a grace after the cause became known.
	var endAt time.Time
	end := func() time.Time {
		if endAt.IsZero() && isClosed(bl.known) {
			endAt = later(start.Add(c.Floor), bl.at).Add(grace)
		}
		return endAt
	}
	wait := b.Min
	for {
		attempt := b.Attempt
		if e := end(); !e.IsZero() {
			// A hung look must not hold a known verdict back.
			attempt = boundAttempt(attempt, time.Until(e))
		}
		evidence, facts, err := look(ctx, c.Probe, attempt)
		if err == nil {
			o.Status, o.Facts = Pass, facts
			o.setEvidence(evidence)
			o.Duration = time.Since(start)
			return o
		}
		e := end()
		over := !e.IsZero() && !time.Now().Before(e)
		// A look cut short by the deadline says less than the one before it.
		// (A gRPC server may answer DeadlineExceeded just before ctx ends.)
		if !(nearDeadline(ctx) || over) || o.Evidence == "" {
			o.Status, o.Facts = Fail, facts
			o.setEvidence(msg.Of(err))
		}
		if isPermanent(err) {
			return bl.explain(o, start)
		}
		if over {
			o.Status, o.EndedEarly = Fail, true
			return bl.explain(o, start)
		}
		if !sleepOrKnown(ctx, wait, bl.known, end) {
			return bl.explain(o, start)
		}
		wait = b.next(wait)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func boundAttempt(attempt, left time.Duration) time.Duration {
	left = max(left, time.Second)
	if attempt <= 0 || left < attempt {
		return left
	}
	return attempt
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// sleepOrKnown sleeps as sleep does, but no later than the end a known
// cause sets (end, zero while none is known); a cause that becomes known
// meanwhile shortens the sleep to its end. It reports whether there is
// time left for another look.
func sleepOrKnown(ctx context.Context, d time.Duration, known <-chan struct{}, end func() time.Time) bool {
	if !end().IsZero() {
		known = nil // already known: nothing more to wait for
	}
	wake := time.Now().Add(d)
	for {
		byEnd := false
		if e := end(); !e.IsZero() && e.Before(wake) {
			wake, byEnd = e, true
		}
		if dl, ok := ctx.Deadline(); ok && !dl.After(wake) {
			wake, byEnd = dl, false
		}
		left := time.Until(wake)
		if left <= 0 {
			// The grace is over: one last look, then the cause decides.
			return byEnd && ctx.Err() == nil
		}
		t := time.NewTimer(left)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
			return ctx.Err() == nil
		case <-known:
			t.Stop()
			known = nil // end() now gives the end; wake no later than it
		}
	}
}

func (b Backoff) next(wait time.Duration) time.Duration {
	f := b.Factor
	if f <= 1 {
		f = 2
	}
	return min(time.Duration(float64(wait)*f), b.Max)
}

func nearDeadline(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < 100*time.Millisecond
}

func look(ctx context.Context, p Probe, attempt time.Duration) (msg.Message, map[string]string, error) {
	if attempt > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, attempt)
		defer cancel()
	}
	return p(ctx)
}

// sleep waits d, or less when ctx ends first; it reports whether there is
// time left for another look.
func sleep(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		d = time.Until(dl)
	}
	if d <= 0 {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return ctx.Err() == nil
	}
}
