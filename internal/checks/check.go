// Package checks proves that the lab works end to end: it sends traffic to
// the backend, then polls Jaeger, the Collector and Prometheus until each
// check passes or the deadline comes, and explains every failure by walking
// the pipeline (backend → Collector → Jaeger, PostgreSQL → Collector →
// Prometheus) to the first stage that is broken.
package checks

import (
	"context"
	"errors"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// Probe looks once. It returns short evidence for people (a catalog
// message, so that the report can say it in French), the same evidence for
// machines, and an error while the check does not pass yet (msg.Errorf for
// one the report translates).
type Probe func(ctx context.Context) (evidence msg.Message, facts map[string]string, err error)

// Check is one thing verify proves.
type Check struct {
	ID string
	// Title is what the check proves, in the catalog; Name its English
	// text (Title's when empty).
	Title msg.Message
	Name  string
	Level Level
	// SkipReason, when set, skips the check (status skip) without probing;
	// Skip is the same reason in the catalog.
	SkipReason string
	Skip       msg.Message
	// Deadline, when set, ends the check sooner than the run's deadline: a
	// check that a known cause blocks fails once the pipeline's floor and
	// some slack have passed, not at --timeout.
	Deadline time.Duration
	// Floor is the least time the check's data needs to arrive (the
	// pipeline's floor): a known cause ends the check no sooner than Floor
	// and a grace after it started, so that a wrong rule cannot fail a
	// working check.
	Floor time.Duration
	// Needs are the checks whose data this one reads (a database span
	// hangs under the server span): a cause that blocks one of them
	// blocks this one too.
	Needs []string
	// unreachable marks a skip because labctl cannot reach a part.
	unreachable bool
	Probe       Probe
	// Diagnose explains a failure from what the pipeline looked like at
	// the end, as a catalog message (zero when it has nothing to say).
	Diagnose func(Snapshot) msg.Message
}

// permanentError stops polling: looking again cannot change the answer.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err so that the runner stops polling the check at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

func isPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
