package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/report"
	"github.com/labctl/labctl/internal/textutil"
)

type reportOptions struct {
	lab       labFlags     // --config, --dir
	compose   composeFlags // -f, -p: a student's running Compose project
	out       string
	lang      string
	langSet   bool
	mrURL     string
	mrSet     bool
	template  string
	tasksFile string
	tasksSet  bool
	check     bool
	// Now is the clock running tasks are counted up to; tests inject one.
	Now func() time.Time
}

func newReportCmd(stdio Stdio) *cobra.Command { return newReportCmdWith(stdio, reportOptions{}) }

// newReportCmdWith builds the command from opts, so tests can set opts.Now.
func newReportCmdWith(stdio Stdio, opts reportOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Fill report.md: time table, verify result, pipeline diagram, pull/push answer",
		Long: `Write the part of report.md that labctl can fill for you, between the lines
<!-- labctl:begin --> and <!-- labctl:end -->:

  - the estimate-vs-actual table of the lab (from labctl-tasks.yaml, see
    labctl task), with a Total row and the difference per task
  - the link to your merge request (--mr-url)
  - the last labctl verify result (DIR/verify.json)
  - a Mermaid diagram of the pipeline (GitHub and GitLab draw it)
  - the answer to "when is the Collector in pull mode, when in push mode?",
    derived from the Collector config labctl render wrote (DIR/otelcol.yaml)
    or, for your own Compose project (-f, -p, or a folder with a Compose
    file), from the configs its running Collector and Prometheus read, with
    your service and exporter names

Everything outside the markers is yours and is never changed: a rerun
replaces only the block, and a report.md without markers gets the block
appended. --lang and --mr-url are remembered in the block, so a plain rerun
keeps them. No password from DIR/secrets.env is ever written.

--check writes nothing and exits 1 when report.md's block is not what
labctl report would write now (a running task always makes it stale).`,
		Example: `  # Create or update report.md, in French, with the MR link
  labctl report --lang fr --mr-url https://gitlab.com/me/dop-python/-/merge_requests/3

  # Later: refresh the block, keeping the language and the link
  labctl report

  # In CI: fail when report.md was not refreshed
  labctl report --check

  # Your own layout (a Go text/template; see templates/report.md.tmpl)
  labctl report --template my-report.md.tmpl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.langSet = cmd.Flags().Changed("lang")
			opts.mrSet = cmd.Flags().Changed("mr-url")
			opts.tasksSet = cmd.Flags().Changed("tasks")
			return runReport(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "report.md", "the report `FILE` to create or update")
	f.StringVar(&opts.lang, "lang", "", "language of the block: en or fr (default: the block's current language, else the locale's (LANG=fr_CH.UTF-8), else fr, the course's language)")
	f.StringVar(&opts.mrURL, "mr-url", "", "your merge request's `URL` (default: the one already in the block)")
	f.StringVar(&opts.template, "template", "", "Markdown template `FILE` (default: the built-in templates/report.md.tmpl)")
	f.StringVar(&opts.tasksFile, "tasks", report.DefaultTasksFile, "tasks `FILE` written by labctl task")
	f.BoolVar(&opts.check, "check", false, "write nothing; exit 1 when the block in --out is stale")
	return cmd
}

func runReport(ctx context.Context, opts reportOptions, stdio Stdio) error {
	var lang report.Lang
	if opts.langSet {
		l, err := report.ParseLang(opts.lang)
		if err != nil {
			return err
		}
		lang = l
	}
	err := report.Update(ctx, report.UpdateOptions{
		Out: opts.out, Check: opts.check, Lang: lang, MRURL: opts.mrURL, MRSet: opts.mrSet,
		Template: opts.template, TasksFile: opts.tasksFile, TasksSet: opts.tasksSet, Dir: opts.lab.Dir,
		Source: func(ctx context.Context) (*report.Source, error) {
			cfg, err := opts.lab.load()
			if err != nil {
				return nil, err
			}
			r, err := open.ReadRendered(cfg, opts.lab.Dir)
			if err != nil {
				return nil, err
			}
			lab, err := describeReport(ctx, &opts, cfg, r.Lab, stdio.Err)
			if err != nil {
				return nil, err
			}
			return &report.Source{Lab: lab, Secrets: r.Secrets, SecretsFile: r.SecretsFile}, nil
		},
		Now: opts.Now, Stdout: stdio.Out, Stderr: stdio.Err,
	})
	if report.IsStale(err) {
		return Failed(err)
	}
	return err
}

// describeReport is the lab the report is about. A student's own Compose
// project is described from its running containers, as verify checks it;
// when that fails (the project is not running, no Docker), the report is
// about labctl's lab, as before, and says why on one line. labctl's lab is
// render.Describe's description (the services and names verify checks)
// with the Collector's and Prometheus's configurations read from the files
// render wrote: those are what the containers run, and before a render
// the report says to run it.
func describeReport(ctx context.Context, opts *reportOptions, cfg *open.LabConfig, rendered *model.Lab, stderr io.Writer) (*model.Lab, error) {
	// A file the user named is their input, not a project that is down:
	// refuse it rather than report on another lab.
	if err := open.CheckComposeFiles(".", opts.compose.Files); err != nil {
		return nil, usageError(err)
	}
	choice := open.Choose(".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), cfg, open.Reading)
	if choice.Compose {
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		t, err := openTarget(c, &opts.lab, &opts.compose, model.Overrides{}, stderr) // prints note
		if err == nil {
			t.close()
			return t.Lab, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		fmt.Fprintf(stderr, "labctl: report: cannot describe your Compose project (%s); reporting on labctl's lab from %s instead\n", textutil.OneLine(err.Error()), opts.lab.Dir)
	} else if choice.Note != "" {
		fmt.Fprintln(stderr, "labctl: "+choice.Note)
	}
	return rendered, nil
}
