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

// RunChecks runs every check concurrently until it passes, fails for good,
// or ctx ends (give ctx the deadline). done, when not nil, is called once per
// check as it finishes, from the check's goroutine. Outcomes keep the order
// of checks. Failed outcomes have no Diagnosis yet: see Diagnose.
func RunChecks(ctx context.Context, list []Check, b Backoff, done func(Outcome)) []Outcome {
	out := make([]Outcome, len(list))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, c := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := runOne(ctx, c, b)
			out[i] = o
			if done != nil {
				mu.Lock()
				done(o)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

func runOne(ctx context.Context, c Check, b Backoff) Outcome {
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
	wait := b.Min
	for {
		evidence, facts, err := look(ctx, c.Probe, b.Attempt)
		if err == nil {
			o.Status, o.Facts = Pass, facts
			o.setEvidence(evidence)
			o.Duration = time.Since(start)
			return o
		}
		// A look cut short by the deadline says less than the one before it.
		// (A gRPC server may answer DeadlineExceeded just before ctx ends.)
		if !nearDeadline(ctx) || o.Evidence == "" {
			o.Status, o.Facts = Fail, facts
			o.setEvidence(msg.Of(err))
		}
		if isPermanent(err) || !sleep(ctx, wait) {
			o.Duration = time.Since(start)
			return o
		}
		wait = b.next(wait)
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
