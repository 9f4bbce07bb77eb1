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
)

// Probe looks once. It returns short evidence for people, the same evidence
// for machines, and an error while the check does not pass yet.
type Probe func(ctx context.Context) (evidence string, facts map[string]string, err error)

// Check is one thing verify proves.
type Check struct {
	ID    string
	Name  string
	Level Level
	// SkipReason, when set, skips the check (status skip) without probing.
	SkipReason string
	// Deadline, when set, ends the check sooner than the run's deadline: a
	// check that a known cause blocks fails once the pipeline's floor and
	// some slack have passed, not at --timeout.
	Deadline time.Duration
	// unreachable marks a skip because labctl cannot reach a part.
	unreachable bool
	Probe       Probe
	// Diagnose explains a failure from what the pipeline looked like at the end.
	Diagnose func(Snapshot) string
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
