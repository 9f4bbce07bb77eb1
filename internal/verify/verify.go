// Package verify is the verify use case, written once for every caller
// (`labctl verify`, `labctl grade`): given an opened lab, it runs the file
// rules of the lab's Compose project, the checks with the causes those
// rules and the lab's model know, the log watch while the checks wait
// (what the backend's and the Collector's logs prove ends the checks it
// blocks early), the user's expectations, and after a failure reads the
// logs once more. It returns one Outcome; callers print it.
package verify

import (
	"context"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/rules"
)

// Options say which lab to verify and how.
type Options struct {
	// Lab is the opened lab, the command line's overrides applied. Required.
	Lab *model.Lab
	// Logs returns the last lines a service's container wrote (nil: no
	// logs; the log watch then sees nothing).
	Logs func(ctx context.Context, service string) []string
	// Files is the lab's Compose project on disk, for the file rules and
	// the log rules that point at a file's line; nil when it is not on
	// disk (a project known only from its containers).
	Files *Files
	// EngineDown names the Docker engine that did not answer (checks.Options).
	EngineDown string
	// Expect are the user's expectations, run after verify's own checks.
	Expect  []expect.Expectation
	Timeout time.Duration
	// Progress, when set, is told what the checks do, for people (stderr),
	// in English; Say, when set, is told instead, as catalog messages (the
	// caller's printer says them in the user's language: checks.Options).
	Progress func(format string, args ...any)
	Say      func(msg.Message)
	// OnFinding, when set, is called with each finding of the files and
	// the logs as it is found, once (warnings and errors; notes are only
	// in Outcome.Findings).
	OnFinding func(rules.Finding)
	// OnOutcome, when set, is called as each check finishes.
	OnOutcome func(checks.Outcome)
	// Backoff, WatchEvery and Grace tune the runner (checks.Options); zero
	// means its defaults.
	Backoff    checks.Backoff
	WatchEvery time.Duration
	Grace      time.Duration
}

// Files is the lab's Compose project on disk (open.Files).
type Files = open.Files

// Outcome is what one verify found.
type Outcome struct {
	// Result is the checks' result (what verify.json records).
	Result *checks.Result
	// Findings are what the files showed before the checks, then what the
	// logs proved while they waited and after a failure, each once, in the
	// order they were said.
	Findings []rules.Finding
}

// Run verifies the lab. An error means verify could not run (nothing
// answers: checks.ErrUnreachable, or ctx was cancelled), not that a check
// failed: see Outcome.Result.Passed.
func Run(ctx context.Context, o Options) (*Outcome, error) {
	say := func(f rules.Finding) {
		if o.OnFinding != nil && f.Severity != rules.Note {
			o.OnFinding(f)
		}
	}
	out := &Outcome{}
	files, found := fileRules(ctx, o.Files)
	for _, f := range found {
		say(f)
	}
	out.Findings = found
	// A service on the data's path whose container is not running is
	// said first, with the cause its log gives: what the other services
	// log of it (its name does not resolve) follows from it.
	for _, f := range stopped(o.Lab, checks.TickLogs(ctx, o.Logs)) {
		if !sameSpot(out.Findings, f) {
			say(f)
			out.Findings = append(out.Findings, f)
		}
	}
	watch := &LogWatch{Lab: files}
	// fresh keeps what the logs prove that was not said before, and says it.
	fresh := func(fs []rules.Finding) []rules.Finding {
		var news []rules.Finding
		for _, f := range fs {
			if !sameSpot(out.Findings, f) {
				say(f)
				news = append(news, f)
			}
		}
		out.Findings = append(out.Findings, news...)
		return news
	}
	res, err := checks.Verify(ctx, checks.Options{
		Lab:        o.Lab,
		Timeout:    o.Timeout,
		Backoff:    o.Backoff,
		Logs:       o.Logs,
		EngineDown: o.EngineDown,
		Expect:     o.Expect,
		Progress:   o.Progress,
		Say:        o.Say,
		OnOutcome:  o.OnOutcome,
		// What the files show, known at once, and what the logs prove while
		// the checks wait, end the checks they block within seconds.
		Known: checks.CausesOf(found),
		Watch: func(_ context.Context, logs rules.Logs) []checks.Cause {
			return checks.CausesOf(fresh(watch.New(logs)))
		},
		WatchEvery: o.WatchEvery,
		Grace:      o.Grace,
	})
	if err != nil {
		return nil, err
	}
	out.Result = res
	if !res.Passed {
		// The last lines the logs wrote, read after the checks.
		fresh(watch.New(checks.TickLogs(ctx, o.Logs)))
	}
	return out, nil
}

// sameSpot says whether an error of fs already points at f's file and line.
func sameSpot(fs []rules.Finding, f rules.Finding) bool {
	for _, g := range fs {
		if g.File == f.File && g.Line == f.Line && f.Line > 0 && g.Severity == rules.Error {
			return true
		}
	}
	return false
}

// stopped are the causes the lab's model shows of services whose
// container is not running (rules LAB072, LAB077), each with the line of
// its log that says why.
func stopped(l *model.Lab, logs rules.Logs) []rules.Finding {
	if l == nil {
		return nil
	}
	var out []rules.Finding
	for _, f := range rules.Diagnose(l, logs) {
		if s := l.ServiceNamed(f.Service); s != nil && !s.Running && s.State != "" && f.Severity == rules.Error {
			out = append(out, f)
		}
	}
	return out
}
