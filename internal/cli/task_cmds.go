package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/tasks"
)

// The task subcommands, as the other commands are written: cobra parses
// the flags into an options struct, and a run function does the work with
// nothing but that struct and Stdio, so tests call it without a terminal
// or a cobra.Command (task_test.go).

// durationFlag parses a duration flag given on the command line; nil when
// the flag was not given.
func durationFlag(cmd *cobra.Command, name, value string) (*tasks.Duration, error) {
	if !cmd.Flags().Changed(name) {
		return nil, nil
	}
	d, err := tasks.ParseDuration(value)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	return &d, nil
}

// taskAddOptions: labctl task add NAME... [--estimate DURATION].
type taskAddOptions struct {
	task     *taskOptions
	args     []string        // the name, in one or several words
	estimate *tasks.Duration // nil: not given
}

func newTaskAddCmd(stdio Stdio, task *taskOptions) *cobra.Command {
	var estimate string
	cmd := &cobra.Command{
		Use:   "add NAME [--estimate DURATION]",
		Short: "Add a task with its estimate",
		Example: `  labctl task add Estimation --estimate 10m
  labctl task add Instrumenter FastAPI --estimate 1h30`,
		Args: needName,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := taskAddOptions{task: task, args: args}
			var err error
			if opts.estimate, err = durationFlag(cmd, "estimate", estimate); err != nil {
				return err
			}
			return runTaskAdd(opts, stdio)
		},
	}
	cmd.Flags().StringVar(&estimate, "estimate", "", "estimated `DURATION`: 10m, 90m, 2h, 1h30")
	return cmd
}

func runTaskAdd(opts taskAddOptions, stdio Stdio) error {
	if err := durationInName(opts.args, opts.estimate); err != nil {
		return err
	}
	f, done, err := opts.task.edit(true)
	if err != nil {
		return err
	}
	defer done()
	t, err := f.Add(taskName(opts.args), opts.estimate)
	if err != nil {
		return err
	}
	if err := f.Save(); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Out, "added %q (estimate %s)\n", t.Name, estimateText(t.Estimate))
	return nil
}

// taskStartOptions: labctl task start NAME...
type taskStartOptions struct {
	task *taskOptions
	args []string
}

func newTaskStartCmd(stdio Stdio, task *taskOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "start NAME",
		Short:   "Start a task (stops the running one)",
		Example: `  labctl task start Estimation`,
		Args:    needName,
		RunE: func(_ *cobra.Command, args []string) error {
			return runTaskStart(taskStartOptions{task: task, args: args}, stdio)
		},
	}
}

func runTaskStart(opts taskStartOptions, stdio Stdio) error {
	f, done, err := opts.task.edit(false)
	if err != nil {
		return err
	}
	defer done()
	res, err := f.Start(taskName(opts.args), opts.task.now())
	if err != nil {
		return err
	}
	if res.AlreadyRunning {
		fmt.Fprintf(stdio.Out, "%q is already running\n", res.Task)
		return nil
	}
	if err := f.Save(); err != nil {
		return err
	}
	if s := res.Stopped; s != nil {
		fmt.Fprintf(stdio.Out, "stopped %q after %s (total %s)\n", s.Task, s.Elapsed, s.Total)
	}
	fmt.Fprintf(stdio.Out, "started %q\n", res.Task)
	return nil
}

// taskStopOptions: labctl task stop [NAME...] [--comment TEXT].
type taskStopOptions struct {
	task    *taskOptions
	args    []string // optional; when given, the running task's name
	comment string
}

func newTaskStopCmd(stdio Stdio, task *taskOptions) *cobra.Command {
	opts := taskStopOptions{task: task}
	cmd := &cobra.Command{
		Use:   "stop [NAME] [--comment TEXT]",
		Short: "Stop the running task and add the time to it",
		Long: `Stop the running task and add the time since it started (to the nearest
minute) to its time spent. --comment is appended to the task's comment.
Naming the task is optional; when given, it must be the running one.`,
		Example: `  labctl task stop
  labctl task stop --comment "batch processor added"`,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.args = args
			return runTaskStop(opts, stdio)
		},
	}
	cmd.Flags().StringVar(&opts.comment, "comment", "", "note to append to the task's comment")
	return cmd
}

func runTaskStop(opts taskStopOptions, stdio Stdio) error {
	f, done, err := opts.task.edit(false)
	if err != nil {
		return err
	}
	defer done()
	t0 := opts.task.now()
	s, err := f.Stop(taskName(opts.args), opts.comment, t0)
	if err != nil {
		return err
	}
	if err := f.Save(); err != nil {
		return err
	}
	t, _ := f.Find(s.Task)
	fmt.Fprintf(stdio.Out, "stopped %q after %s (total %s, estimate %s%s)\n",
		s.Task, s.Elapsed, s.Total, estimateText(t.Estimate), diffText(t, t0))
	return nil
}

// taskSetOptions: labctl task set NAME... [--spent D] [--estimate D] [--comment TEXT].
type taskSetOptions struct {
	task   *taskOptions
	args   []string
	change tasks.Change // the flags given; nil fields are left as they are
}

func newTaskSetCmd(stdio Stdio, task *taskOptions) *cobra.Command {
	var spent, estimate, comment string
	cmd := &cobra.Command{
		Use:   "set NAME [--spent DURATION] [--estimate DURATION] [--comment TEXT]",
		Short: "Record time tracked elsewhere, or change an estimate or comment",
		Long: `Set a task's time spent (replacing what was recorded), its estimate or its
comment (replacing it). For a running task, --spent is the whole time so far
and the running session restarts now.`,
		Example: `  labctl task set Demo --spent 1h30
  labctl task set Estimation --estimate 15m --comment "first estimate was 10m"`,
		Args: needName,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := taskSetOptions{task: task, args: args}
			var err error
			if opts.change.Spent, err = durationFlag(cmd, "spent", spent); err != nil {
				return err
			}
			if opts.change.Estimate, err = durationFlag(cmd, "estimate", estimate); err != nil {
				return err
			}
			if cmd.Flags().Changed("comment") {
				opts.change.Comment = &comment
			}
			return runTaskSet(opts, stdio)
		},
	}
	f := cmd.Flags()
	f.StringVar(&spent, "spent", "", "time spent so far, `DURATION`: 10m, 90m, 2h, 1h30")
	f.StringVar(&estimate, "estimate", "", "estimated `DURATION`")
	f.StringVar(&comment, "comment", "", "comment (replaces the current one; \"\" clears it)")
	return cmd
}

func runTaskSet(opts taskSetOptions, stdio Stdio) error {
	if opts.change == (tasks.Change{}) {
		return fmt.Errorf("task set %s: nothing to change; give --spent, --estimate or --comment", taskName(opts.args))
	}
	f, done, err := opts.task.edit(false)
	if err != nil {
		return err
	}
	defer done()
	t0 := opts.task.now()
	t, err := f.Set(taskName(opts.args), opts.change, t0)
	if err != nil {
		return err
	}
	if err := f.Save(); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Out, "%q: spent %s, estimate %s%s\n", t.Name, t.SpentAt(t0), estimateText(t.Estimate), diffText(t, t0))
	return nil
}

// taskListOptions: labctl task list.
type taskListOptions struct {
	task *taskOptions
}

func newTaskListCmd(stdio Stdio, task *taskOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "Show the tasks, their estimate and the time spent",
		Example: `  labctl task list`,
		Args:    cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			return runTaskList(taskListOptions{task: task}, stdio)
		},
	}
}

func runTaskList(opts taskListOptions, stdio Stdio) error {
	f, err := opts.task.load()
	if err != nil {
		return err
	}
	if len(f.Tasks) == 0 {
		fmt.Fprintf(stdio.Err, "no tasks in %s yet; add one with: labctl task add NAME --estimate 30m\n", f.Path)
		return nil
	}
	printTasks(stdio.Out, f, opts.task.now())
	return nil
}
