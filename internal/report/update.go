package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/tasks"
	"github.com/labctl/labctl/templates"
)

// Source is what the report is about, as the command found it.
type Source struct {
	// Lab is the lab described (labctl's own, or a student's project).
	Lab *model.Lab
	// Secrets are the passwords labctl generated (searched for and never
	// written), read from SecretsFile.
	Secrets     []string
	SecretsFile string
}

// UpdateOptions say which report.md `labctl report` writes, and from what.
type UpdateOptions struct {
	// Out is report.md's path; Check only compares its labctl block with
	// what Update would write.
	Out   string
	Check bool
	// Lang is --lang ("" = the block's remembered language, else the locale's, else French).
	Lang Lang
	// MRURL is --mr when MRSet (else the block's remembered one).
	MRURL string
	MRSet bool
	// Template is --template ("" = the built-in one).
	Template string
	// TasksFile is --tasks; TasksSet when the user gave it.
	TasksFile string
	TasksSet  bool
	// Dir is the lab folder render writes (verify.json, secrets.env).
	Dir string
	// Source is the lab the report is about and the passwords labctl
	// generated for it, found by the command (labctl.yaml, the files render
	// wrote, or a running Compose project): report reads no configuration.
	Source func(ctx context.Context) (*Source, error)
	// Now is the clock running tasks are counted up to (nil: time.Now).
	Now func() time.Time
	// Stdout gets report.md's path when it changed, Stderr what happened.
	Stdout, Stderr io.Writer
}

// StaleError is Update's verdict with Check: report.md's block is not
// what labctl report writes now (labctl exits with 1 for it).
type StaleError struct{ Err error }

func (e StaleError) Error() string { return e.Err.Error() }
func (e StaleError) Unwrap() error { return e.Err }

// Stale wraps err as a StaleError.
func Stale(err error) error { return StaleError{err} }

// IsStale reports whether err is a StaleError.
func IsStale(err error) bool {
	var s StaleError
	return errors.As(err, &s)
}

// Update writes (or with Check, compares) the labctl block of report.md,
// leaving the rest of the file as the student wrote it.
func Update(ctx context.Context, opts UpdateOptions) error {
	lang := opts.Lang
	existing, exists, err := readReport(opts.Out)
	if err != nil {
		return err
	}
	current, err := Current(existing, opts.Out)
	if err != nil {
		return err
	}
	block, err := build(ctx, opts, lang, ParseSettings(current))
	if err != nil {
		return err
	}
	if opts.Check {
		switch {
		case current == block:
			fmt.Fprintf(opts.Stdout, "%s is up to date\n", opts.Out)
			return nil
		case !exists:
			return Stale(fmt.Errorf("%s does not exist; run labctl report to create it", opts.Out))
		case current == "":
			return Stale(fmt.Errorf("%s has no labctl block; run labctl report to add it", opts.Out))
		default:
			return Stale(fmt.Errorf("%s is stale: its labctl block differs from what labctl report writes now; run labctl report", opts.Out))
		}
	}
	merged, err := Merge(existing, block, opts.Out)
	if err != nil {
		return err
	}
	if exists && merged == existing {
		fmt.Fprintf(opts.Stderr, "%s is already up to date\n", opts.Out)
		return nil
	}
	if err := fsutil.WriteFile(opts.Out, []byte(merged), 0o644); err != nil {
		return err
	}
	switch {
	case !exists:
		fmt.Fprintf(opts.Stderr, "created %s\n", opts.Out)
	case current == "":
		fmt.Fprintf(opts.Stderr, "appended the labctl block to %s; your text above it is unchanged\n", opts.Out)
	default:
		fmt.Fprintf(opts.Stderr, "updated the labctl block of %s; the rest is unchanged\n", opts.Out)
	}
	fmt.Fprintln(opts.Stdout, opts.Out)
	return nil
}

// build gathers the inputs and renders the block. Flags win over
// the settings remembered in the current block.
func build(ctx context.Context, opts UpdateOptions, lang Lang, prev Settings) (string, error) {
	stderr := opts.Stderr
	if opts.TasksSet {
		// A --tasks file that is not there is a mistyped path, not "no tasks yet".
		if _, err := os.Stat(opts.TasksFile); errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("--tasks %s does not exist; check the path, or drop --tasks to use %s", opts.TasksFile, tasks.DefaultFile)
		}
	}
	tf, err := tasks.Load(opts.TasksFile)
	if err != nil {
		return "", err
	}
	gen, err := ReadGenerated(opts.Dir)
	if err != nil {
		return "", err
	}
	src, err := opts.Source(ctx)
	if err != nil {
		return "", err
	}
	secrets := src.Secrets
	if n := WeakSecrets(secrets); n > 0 {
		fmt.Fprintf(stderr, "warning: %d password(s) in %s are shorter than %d characters: easy to guess, and too short for labctl to search the report for them; "+
			"to get generated ones, delete it and run labctl down --volumes\n",
			n, src.SecretsFile, MinSecretLength)
	}
	described := src.Lab
	tmpl := templates.ReportTemplate
	if opts.Template != "" {
		data, err := os.ReadFile(opts.Template)
		if err != nil {
			return "", fmt.Errorf("read --template: %w", err)
		}
		tmpl = string(data)
	}
	if lang == "" {
		lang = prev.Lang
	}
	if lang == "" {
		// The course is taught, and its reports written, in French, unless
		// the locale says English (LC_ALL, LC_MESSAGES, LANG).
		lang, _ = msg.Choose("", os.Getenv, French)
	}
	mr := prev.MRURL
	if opts.MRSet {
		mr = opts.MRURL
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	trace, traceURL := verifiedTrace(ctx, described, gen.Verify)
	return Build(Input{
		Trace:    trace,
		TraceURL: traceURL,
		Lang:     lang,
		Now:      now(),
		Lab:      described,
		Tasks:    tf.Tasks,
		Verify:   gen.Verify,
		Scenario: gen.Scenario,
		Dir:      filepath.ToSlash(filepath.Clean(opts.Dir)),
		MRURL:    mr,
		Secrets:  secrets,
		Template: tmpl,
	})
}

// readReport returns the report's text; a missing file is empty.
func readReport(path string) (string, bool, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("read %s: %w", path, err)
	}
	return string(data), true, nil
}

// verifiedTrace fetches the trace verify checked, for the report's chart, and
// its Jaeger UI link. Nothing (nil, "") when verify saw no trace or Jaeger
// does not answer within a few seconds: the report then leaves the chart
// out, and nothing else changes.
func verifiedTrace(ctx context.Context, l *model.Lab, r *checks.Result) (*jaeger.Trace, string) {
	id := r.TraceID()
	if id == "" || l == nil {
		return nil, ""
	}
	conn, err := jaeger.For(l, nil)
	if err != nil {
		return nil, ""
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	tr, err := conn.GetTrace(ctx, id)
	if err != nil {
		return nil, ""
	}
	return &tr, conn.TraceURL(tr.ID)
}

// DefaultTasksFile is where labctl task keeps the tasks (tasks.DefaultFile).
const DefaultTasksFile = tasks.DefaultFile
