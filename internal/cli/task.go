package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/tasks"
)

// taskOptions are shared by the task subcommands.
type taskOptions struct {
	file string
	// fileSet: --file was given, so a missing file is a mistyped path, not
	// a project without tasks yet.
	fileSet bool
	// Now is the clock; tests inject a fixed one.
	Now func() time.Time
}

// load reads the tasks file, for commands that only read it.
func (o *taskOptions) load() (*tasks.File, error) {
	if err := o.checkExists(); err != nil {
		return nil, err
	}
	return tasks.Load(o.file)
}

// edit reads the tasks file under its lock, for a command that changes it;
// call done once saved. create: the command may make a new file (add).
func (o *taskOptions) edit(create bool) (*tasks.File, func(), error) {
	if !create {
		if err := o.checkExists(); err != nil {
			return nil, nil, err
		}
	}
	return tasks.Edit(o.file)
}

func (o *taskOptions) checkExists() error {
	if !o.fileSet {
		return nil
	}
	if _, err := os.Stat(o.file); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--file %s does not exist; check the path (labctl task add NAME --file %s creates it)", o.file, o.file)
	}
	return nil
}

func (o *taskOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func newTaskCmd(stdio Stdio) *cobra.Command { return newTaskCmdWith(stdio, &taskOptions{}) }

// newTaskCmdWith builds the command around opts, so tests can set opts.Now.
func newTaskCmdWith(stdio Stdio, opts *taskOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "task",
		Short: "Track the time spent per task, for the estimate-vs-actual table of report.md",
		Long: `Track your estimate and the time really spent per task, as the lab asks.

Tasks live in labctl-tasks.yaml in the current directory, a plain YAML file
you may also edit by hand. Durations are written like the lab's table: 10m,
90m, 2h, 1h30 (or 1h30m). Starting a task stops the one that was running.
labctl report turns the file into the table of report.md.`,
		Example: `  labctl task add Estimation --estimate 10m
  labctl task add "Collector + Jaeger" --estimate 45m
  labctl task start Estimation
  labctl task start "Collector + Jaeger"   # stops Estimation
  labctl task stop --comment "otlp exporter needed tls.insecure"
  labctl task set Demo --spent 1h30 --comment "done on the school cluster"
  labctl task list`,
		Args: cobra.NoArgs,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if f := cmd.Flag("file"); f != nil {
				opts.fileSet = f.Changed
			}
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&opts.file, "file", tasks.DefaultFile, "tasks `FILE`")
	cmd.AddCommand(
		newTaskAddCmd(stdio, opts),
		newTaskStartCmd(stdio, opts),
		newTaskStopCmd(stdio, opts),
		newTaskSetCmd(stdio, opts),
		newTaskListCmd(stdio, opts),
	)
	return cmd
}

// taskName joins the arguments, so `task add Instrumenter FastAPI` works unquoted.
func taskName(args []string) string { return strings.Join(args, " ") }

// needName requires a task name argument, with a message that says how.
func needName(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s needs a task NAME, for example `%s Estimation`; see `labctl task list`", cmd.CommandPath(), cmd.CommandPath())
	}
	return nil
}

// durationInName refuses `task add Estimation 10m`: without --estimate, a
// last word that is a duration was meant as the estimate, not as part of
// the name. Quoting the whole name keeps it ("Estimation 10m").
func durationInName(args []string, est *tasks.Duration) error {
	if len(args) < 2 || est != nil {
		return nil
	}
	last := args[len(args)-1]
	if _, err := tasks.ParseDuration(last); err != nil {
		return nil
	}
	name := strings.Join(args[:len(args)-1], " ")
	return fmt.Errorf("%q ends with a duration: did you mean `labctl task add %s --estimate %s`? (to name the task %q, quote the name)",
		taskName(args), strconv.Quote(name), last, taskName(args))
}

func printTasks(w io.Writer, f *tasks.File, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tESTIMATE\tSPENT\tDIFF\tCOMMENT")
	for i := range f.Tasks {
		t := &f.Tasks[i]
		spent := t.SpentAt(now).String()
		if t.Running() {
			spent += " (running)"
		}
		diff := strings.TrimPrefix(diffText(t, now), ": ")
		if diff == "" {
			diff = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, estimateText(t.Estimate), spent, diff, t.Comment)
	}
	est, spent := f.Total(now)
	diff := "-"
	if est != nil {
		diff = (spent - *est).Signed()
	}
	fmt.Fprintf(tw, "Total\t%s\t%s\t%s\t\n", estimateText(est), spent, diff)
	_ = tw.Flush()
}

func estimateText(d *tasks.Duration) string {
	if d == nil {
		return "-"
	}
	return d.String()
}

// diffText is ": +5m" (spent minus estimate), or "" without an estimate.
func diffText(t *tasks.Task, now time.Time) string {
	if t.Estimate == nil {
		return ""
	}
	return ": " + (t.SpentAt(now) - *t.Estimate).Signed()
}
