package engine

import (
	"errors"
	"fmt"

	"github.com/labctl/labctl/internal/textutil"
	"github.com/moby/moby/client"
)

// EngineGoneError: the Docker engine stopped answering in the middle of a
// command (dockerd stopped or restarted, Docker Desktop quit). Waiting for
// readiness makes no sense then: it is said at once.
type EngineGoneError struct{ Err error }

func (e *EngineGoneError) Error() string {
	return fmt.Sprintf("the Docker engine stopped answering (%s); check that Docker runs (docker info), then run the command again", textutil.OneLine(e.Err.Error()))
}

func (e *EngineGoneError) Unwrap() error { return e.Err }

// gone wraps a connection failure as EngineGoneError, other errors as they are.
func gone(err error) error {
	var g *EngineGoneError
	if err == nil || errors.As(err, &g) || !client.IsErrConnectionFailed(err) {
		return err
	}
	return &EngineGoneError{Err: err}
}

func isGone(err error) bool {
	var g *EngineGoneError
	return errors.As(err, &g)
}
