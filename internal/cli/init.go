package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/scaffold"
)

type initOptions struct {
	CI        string
	Classroom bool
	Rubric    bool
	Scheme    string
	Expect    bool
	Force     bool
}

func newInitCmd(stdio Stdio) *cobra.Command {
	var opts initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a starter labctl.yaml and, optionally, a CI workflow",
		Long: `Write a commented labctl.yaml with every key at its default into the current
directory. With --ci, also write a CI workflow that installs labctl, runs
labctl up and labctl verify --junit, uploads the JUnit report and the logs,
and always runs labctl down. Existing files are never replaced without --force;
with --ci, an existing labctl.yaml is kept (even with --force) and only the
workflow is written.

For teachers: --ci github --classroom writes GitHub Classroom's autograding
workflow (.github/workflows/classroom.yml: labctl grade --classroom on each
push, the points shown by Classroom's grading reporter); --rubric writes the
traces lab's grading rubric (rubric.yaml) for labctl grade --rubric: with
--scheme count (the default) a count-to-note table (note = 1 + 0.5 per
criterion met), with --scheme base the course's base and complementary
criteria (all base criteria give 4, −0.5 each one missed; +0.25 for each
complementary one met, up to 6).

--expect writes labctl-expect.yaml: a commented example of expectations
(your own span and metric checks), starting with labctl's own checks written
in that format; labctl verify picks the file up.`,
		Example: `  labctl init
  labctl init --ci github    # .github/workflows/labctl.yml
  labctl init --ci gitlab    # .gitlab-ci.yml (Docker-in-Docker)

  # A GitHub Classroom assignment that grades itself on each push
  labctl init --ci github --classroom

  # The default grading rubric, to edit
  labctl init --rubric && labctl grade --rubric rubric.yaml submissions/*
  labctl init --rubric --scheme base   # base and complementary criteria

  # Your own checks, then verify them
  labctl init --expect && labctl verify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(opts, stdio)
		},
	}
	cmd.Flags().StringVar(&opts.CI, "ci", "", "also write a CI workflow: github or gitlab")
	cmd.Flags().BoolVar(&opts.Classroom, "classroom", false, "with --ci github: GitHub Classroom's autograding workflow (labctl grade)")
	cmd.Flags().BoolVar(&opts.Rubric, "rubric", false, "write the traces lab's grading rubric (rubric.yaml) alone, to edit")
	cmd.Flags().StringVar(&opts.Scheme, "scheme", "", "with --rubric: count (a count-to-note table, the default) or base (base and complementary criteria)")
	_ = cmd.RegisterFlagCompletionFunc("scheme", cobra.FixedCompletions([]string{"count", "base"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().BoolVar(&opts.Expect, "expect", false, "write an example expectations file (labctl-expect.yaml) alone, to edit")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace existing files")
	_ = cmd.RegisterFlagCompletionFunc("ci", cobra.FixedCompletions([]string{"github", "gitlab"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runInit(opts initOptions, stdio Stdio) error {
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find working directory: %w", err)
	}
	res, err := scaffold.Write(scaffold.Options{Dir: wd, CI: scaffold.CI(opts.CI), Classroom: opts.Classroom, Rubric: opts.Rubric, Scheme: opts.Scheme, Expect: opts.Expect, Force: opts.Force, Version: currentVersion()})
	for _, f := range res.Written {
		fmt.Fprintln(stdio.Out, "wrote", f)
	}
	if err != nil {
		return err
	}
	for _, f := range res.Kept {
		fmt.Fprintf(stdio.Err, "kept your %s; the workflow uses it\n", f)
	}
	return nil
}
