package submission

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/policy"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/textutil"
	"github.com/labctl/labctl/internal/userproject"
	"github.com/labctl/labctl/internal/verify"
)

// downTimeout bounds the removal of a graded stack, which runs even when
// grading was interrupted.
const downTimeout = 2 * time.Minute

// gradeStopTimeout is how long each graded container gets to stop.
const gradeStopTimeout = time.Second

// checkStack runs verify on the submission's project: brought up, isolated,
// and removed afterwards (StackUp), or as it runs (StackRunning). An error
// says why nothing could be verified; a verify that ran returns its result
// whatever it found. A project the rules for untrusted projects refuse is
// not run: its refusals come back instead (unless Options.Trust). profiles
// receives the Compose profiles it enabled to start what the checks read.
func (g *Grader) checkStack(ctx context.Context, sub Submission, profiles *[]string) (*checks.Result, []policy.Refusal, error) {
	noEngine := errors.New("no Docker engine to run the stack on")
	say := func(format string, args ...any) { g.o.Progress(sub.Student, fmt.Sprintf(format, args...)) }
	var project, composeFile string
	// The files verify's file rules read: the submission's own, as the
	// stack was started from them (after the policy accepted them).
	files := &verify.Files{Dir: sub.CodeDir, Files: g.o.ComposeFiles, Env: g.o.Env, Untrusted: !g.o.Trust}
	if g.o.Stack == StackRunning {
		if g.api == nil {
			return nil, nil, noEngine
		}
		t, err := open.ResolveCompose(ctx, sub.CodeDir, g.o.ComposeFiles, "")
		if err != nil {
			return nil, nil, err
		}
		project, composeFile = t.Project.Name, firstOr(t.Project.Files, "")
		files.Files = t.Project.Files
	} else {
		p, err := userproject.Load(ctx, userproject.Options{Dir: sub.CodeDir, Files: g.o.ComposeFiles,
			Name: ProjectName(sub.Student), Isolate: true, Env: g.o.Env, Untrusted: !g.o.Trust})
		if err != nil {
			return nil, nil, err
		}
		if len(p.Refusals) > 0 {
			return nil, p.Refusals, nil
		}
		if g.api == nil {
			return nil, nil, noEngine
		}
		project, composeFile = p.Compose.Name, firstOr(p.Compose.ComposeFiles, "")
		*profiles = p.Profiles
		if len(p.Profiles) > 0 {
			say("enabling Compose profile(s) %s: the checks read their services", strings.Join(p.Profiles, ", "))
		}
		for _, n := range p.Notes {
			say("%s", n)
		}
		eng := engine.NewEngine(g.api, g.local, nil)
		hints := userproject.Hints(p)
		defer g.down(ctx, eng, sub, project)
		say("starting %s (project %s)", strings.Join(p.Compose.ServiceNames(), ", "), project)
		g.changed.Store(sub.Student, p.Changes)
		res, err := eng.Up(ctx, p.Compose, hints, engine.UpOptions{Pull: g.o.Pull, Timeout: g.o.UpTimeout, Limits: g.engineLimits(), OwnedOnly: !g.o.Trust})
		switch {
		case ctx.Err() != nil:
			return nil, nil, ctx.Err()
		case err != nil && !isNotReady(err):
			return nil, nil, fmt.Errorf("start the stack: %w", err)
		case err != nil:
			// A service that exits is the submission's to explain: verify
			// diagnoses it from its logs.
			say("not every service became ready: %s", textutil.OneLine(err.Error()))
		default:
			say("up in %s", res.Elapsed.Round(100*time.Millisecond))
		}
	}
	// The lab discovered from the containers, its facts located in the
	// submission's files (the lines its diagnoses give).
	co := open.ComposeOptions{
		Project: project, ComposeFile: relTo(sub.CodeDir, composeFile),
		ContainerAddrs: g.local && runtime.GOOS == "linux" && g.o.Stack == StackRunning,
	}
	if fl, err := files.Lab(ctx); err == nil {
		co.Files = fl.Files
	}
	l, err := open.Compose(ctx, g.api, config.Default(), co)
	if err != nil {
		return nil, nil, err
	}
	say("verifying")
	// The same verify as `labctl verify`: file rules, known causes, the
	// log watch, the expectations.
	out, err := verify.Run(ctx, verify.Options{Lab: l, Logs: open.LogsOf(g.api, l), Files: files, Timeout: g.o.VerifyTimeout,
		Expect: g.o.Rubric.Expectations, OnFinding: func(f rules.Finding) { say("%s (labctl explain %s)", f.Text(), f.Rule) }})
	if err != nil {
		return nil, nil, err
	}
	res := out.Result
	passed := 0
	for _, c := range res.Checks {
		if c.Status == checks.Pass {
			passed++
		}
	}
	say("verify: %d of %d checks passed", passed, len(res.Checks))
	return res, nil, nil
}

// engineLimits are the limits of every container of a graded project.
func (g *Grader) engineLimits() *engine.Limits {
	l := g.o.Limits
	return &engine.Limits{Memory: l.Memory, Pids: l.Pids, NanoCPUs: int64(l.CPUs * 1e9)}
}

// down removes what checkStack started, with a context of its own: an
// interrupted grading leaves nothing behind.
func (g *Grader) down(ctx context.Context, eng *engine.Engine, sub Submission, project string) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), downTimeout)
	defer cancel()
	// The stack is no use once verified: no grace period for a backend
	// that takes 10 s to stop (uvicorn flushing its spans, keep-alives).
	stop := gradeStopTimeout
	res, err := eng.Down(dctx, project, engine.DownOptions{Volumes: true, StopTimeout: &stop, BuiltImages: true})
	if err != nil {
		g.o.Progress(sub.Student, fmt.Sprintf("could not remove project %s: %s; run labctl down -p %s -v", project, textutil.OneLine(err.Error()), project))
		return
	}
	g.o.Progress(sub.Student, fmt.Sprintf("removed %d containers and %d built images of project %s", len(res.Containers), len(res.Images), project))
}

func isNotReady(err error) bool {
	var nr *engine.NotReadyError
	var nrs engine.NotReadyErrors
	return errors.As(err, &nr) || errors.As(err, &nrs)
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// relTo names file relative to dir for diagnoses (compose.yml, not /home/...).
func relTo(dir, file string) string {
	if file == "" {
		return ""
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if r, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return file
}
