// Package submission runs one student submission: it brings up its Compose project
// (or finds it running), verifies it, reads its report and fills in the
// rubric; for a class, many submissions at once, each in isolation. What a
// criterion means and how a note is computed is internal/grade's; this
// package only gathers the evidence.
package submission

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/policy"
	"github.com/labctl/labctl/internal/textutil"
)

// StackMode says what grading does with a submission's Compose project.
type StackMode string

const (
	// StackUp brings the project up through labctl's engine, isolated,
	// verifies it and removes everything it started.
	StackUp StackMode = "up"
	// StackRunning verifies the project already running under its own name.
	StackRunning StackMode = "running"
	// StackNone grades the report alone.
	StackNone StackMode = "none"
)

// Submission is one student's work: the report's folder and the Compose
// project's (the same folder unless the course splits them).
type Submission struct {
	Student   string
	ReportDir string
	CodeDir   string
}

// Options steer grading.
type Options struct {
	Rubric *grade.Rubric
	Stack  StackMode
	// ComposeFiles are the Compose files, relative to the code folder
	// (none: the folder's compose.yaml, compose.yml, ...).
	ComposeFiles []string
	// Env is added to what the Compose files are interpolated with.
	Env map[string]string
	// Deadline, when set, makes the report's last commit count.
	Deadline      *time.Time
	UpTimeout     time.Duration
	VerifyTimeout time.Duration
	Pull          engine.PullPolicy
	// Progress is told what happens to a submission, one line at a time.
	Progress func(student, line string)
	// Trust runs each project as it asks (--trust): the rules for
	// untrusted projects (internal/policy) are lifted; Limits still apply.
	Trust bool
	// Limits bound every container and each submission's wall time
	// (MergeLimits: flags, then the rubric, then DefaultLimits).
	Limits grade.Limits
	// Version is the labctl that grades, recorded in each result.
	Version string
	// Lang is the language of each student's checklist written into a
	// class's Out ("": the rubric's; see grade.Rubric.ChooseLang).
	Lang msg.Lang
}

// DefaultLimits are what a submission gets when neither the rubric nor a
// flag says otherwise: enough for the lab's five services, not enough for
// one container to take the machine.
var DefaultLimits = grade.Limits{Memory: 1 << 30, Pids: 512, CPUs: 1, WallTime: 10 * time.Minute}

// MergeLimits takes each limit from flags, else from the rubric, else
// from DefaultLimits.
func MergeLimits(flags, rubric grade.Limits) grade.Limits {
	pick := func(vs ...int64) int64 {
		for _, v := range vs {
			if v > 0 {
				return v
			}
		}
		return 0
	}
	out := grade.Limits{
		Memory:   pick(flags.Memory, rubric.Memory, DefaultLimits.Memory),
		Pids:     pick(flags.Pids, rubric.Pids, DefaultLimits.Pids),
		WallTime: time.Duration(pick(int64(flags.WallTime), int64(rubric.WallTime), int64(DefaultLimits.WallTime))),
		CPUs:     DefaultLimits.CPUs,
	}
	for _, c := range []float64{rubric.CPUs, flags.CPUs} {
		if c > 0 {
			out.CPUs = c
		}
	}
	return out
}

// Grader grades with one Docker client (nil for StackNone).
type Grader struct {
	o     Options
	api   *client.Client
	local bool
	// changed holds, by student, what checkStack ran otherwise than the
	// submission asked (policy.Change), until One puts it in the evidence.
	changed sync.Map
}

// New returns a grader; api may be nil when o.Stack is StackNone.
func New(api *client.Client, local bool, o Options) *Grader {
	if o.Rubric == nil {
		o.Rubric = grade.DefaultRubric()
	}
	if o.UpTimeout <= 0 {
		o.UpTimeout = engine.DefaultUpTimeout
	}
	if o.VerifyTimeout <= 0 {
		o.VerifyTimeout = 90 * time.Second
	}
	if o.Progress == nil {
		o.Progress = func(string, string) {}
	}
	o.Limits = MergeLimits(o.Limits, o.Rubric.Limits)
	return &Grader{o: o, api: api, local: local}
}

// ProjectName is the Compose project a submission runs under while it is
// graded: its own, so that nothing is shared with another submission or
// with the student's own runs. The student's part has letters and digits
// only: Compose names a project's objects PROJECT_KEY (networks, volumes),
// PROJECT-SERVICE-1 (containers) and PROJECT-SERVICE (built images), and
// with a '_' or '-' in it one student's network key or service name could
// spell a classmate's object (bob's network x_default would be bob_x's
// default network).
func ProjectName(student string) string {
	return loader.NormalizeProjectName("labctl-grade-" + strings.NewReplacer("-", "", "_", "").Replace(slug(student)))
}

// One grades a submission. Failures of the submission are the result's;
// only a cancelled ctx ends it early (Result.Error says so), and whatever
// it started is removed in every case.
func (g *Grader) One(ctx context.Context, sub Submission) *grade.Result {
	t0 := time.Now()
	ev := grade.Evidence{Deadline: g.o.Deadline}
	ev.Report = g.readReport(sub)
	if g.o.Deadline != nil {
		if at, err := grade.LastCommitTouching(ctx, sub.ReportDir, "report.md"); err != nil {
			ev.SubmittedErr = err.Error()
		} else {
			ev.Submitted = &at
		}
	}
	switch g.o.Stack {
	case StackNone:
		ev.NoStack = true
	default:
		sctx, cancel := context.WithTimeout(ctx, g.o.Limits.WallTime)
		res, refused, err := g.checkStack(sctx, sub, &ev.Profiles)
		timedOut := sctx.Err() != nil
		cancel()
		if c, ok := g.changed.LoadAndDelete(sub.Student); ok {
			ev.Changed = c.([]policy.Change)
		}
		switch {
		case ctx.Err() != nil:
			r := g.grade(sub, ev)
			r.Error = "interrupted: " + ctx.Err().Error()
			return r
		case len(refused) > 0:
			ev.Refused = refused
			g.o.Progress(sub.Student, fmt.Sprintf("not run: the rules for untrusted projects refuse %d key(s) (--trust lifts them):", len(refused)))
			for _, r := range refused {
				g.o.Progress(sub.Student, "  "+r.String())
			}
		case timedOut:
			// The submission's own doing (a fork bomb, a service that never
			// answers): a failed stack, not an interrupted grading.
			ev.StackError = fmt.Sprintf("stopped at the wall-time limit of %s per submission (--timeout-per-submission)", g.o.Limits.WallTime)
			g.o.Progress(sub.Student, "the stack could not be checked: "+ev.StackError)
		case err != nil:
			ev.StackError = err.Error()
			g.o.Progress(sub.Student, "the stack could not be checked: "+textutil.OneLine(err.Error()))
		default:
			ev.Checks = grade.FromVerify(res)
		}
	}
	r := g.grade(sub, ev)
	g.o.Progress(sub.Student, fmt.Sprintf("note %s (%d/%d criteria) in %s", grade.FormatNote(r.Note), r.Met, r.Max, time.Since(t0).Round(100*time.Millisecond)))
	return r
}

func (g *Grader) grade(sub Submission, ev grade.Evidence) *grade.Result {
	r := grade.Grade(g.o.Rubric, sub.Student, sub.ReportDir, ev)
	r.LabctlVersion = g.o.Version
	return r
}

// readReport reads report.md at the root of the report's folder; a
// missing one is a finding, not an error. One that links out of the
// folder is not read (it would quote the teacher's file in the checklist).
func (g *Grader) readReport(sub Submission) *grade.ReportAnalysis {
	path := filepath.Join(sub.ReportDir, "report.md")
	if !g.o.Trust && !policy.Inside(sub.ReportDir, "report.md") {
		g.o.Progress(sub.Student, "report.md links out of the submission's folder: not read")
		return grade.Missing(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return grade.Missing(path)
	}
	return grade.AnalyzeReport(path, data)
}
