package cli

import (
	"context"
	"errors"
)

// Exit codes: 0 ok, 1 a check or readiness failed, 2 usage, config or
// environment, 130 interrupted (Ctrl-C or SIGTERM: 128+SIGINT, as shells
// report it), whatever the command was doing.
const (
	ExitOK          = 0
	ExitFailed      = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// failedError marks an error as "the thing ran but did not pass" (exit 1).
type failedError struct{ err error }

func (e failedError) Error() string { return e.err.Error() }
func (e failedError) Unwrap() error { return e.err }

// Failed wraps err so that labctl exits with 1 instead of 2.
func Failed(err error) error {
	if err == nil {
		return nil
	}
	return failedError{err}
}

// printedError marks an error whose result the command already printed on
// stdout (verify's and scenario's verdicts, as JSON too): --format json
// writes no error object after it. Its message still goes to stderr and it
// keeps its exit code (Failed inside it is 1).
type printedError struct{ err error }

func (e printedError) Error() string { return e.err.Error() }
func (e printedError) Unwrap() error { return e.err }

// printed wraps err as already printed.
func printed(err error) error {
	if err == nil {
		return nil
	}
	return printedError{err}
}

// isPrinted reports whether err's result is already on stdout.
func isPrinted(err error) bool {
	var p printedError
	return errors.As(err, &p)
}

func usageError(err error) error { return err }

func exitCode(err error) int {
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	var f failedError
	if errors.As(err, &f) {
		return ExitFailed
	}
	return ExitUsage
}
