package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/validate"
)

type lintOptions struct {
	config      string
	dir         string
	files       []string
	codequality string
	sarif       string
	noDocker    bool
	prefix      string
	lang        string
}

func newLintCmd(stdio Stdio) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Check a project's files without starting it (Compose, Collector, Prometheus)",
		Long: `lint reads a project's Compose file and the Collector's and Prometheus's configs it
mounts, and names each mistake it finds with its file, line, cause and fix: the rules that
need no running container (see labctl explain). When Docker answers, it also runs the
project's own images' validators (otelcol validate, promtool check config) in throwaway
containers. Exit 1 on an error; warnings do not fail.

Under GitHub Actions (GITHUB_ACTIONS=true) each finding is also printed as a workflow
command, so that it shows on the line of the pull request's diff.`,
		Example: `  # Before committing
  labctl lint

  # In CI: annotations, GitLab Code Quality and SARIF
  labctl lint --codequality gl-code-quality.json --sarif labctl.sarif`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runLint(cmd.Context(), stdio, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.dir, "dir", "C", ".", "the project's folder")
	f.StringVar(&o.config, "config", "", "labctl.yaml whose services: mapping names the services' roles (default: the folder's labctl.yaml, when there is one)")
	f.StringArrayVarP(&o.files, "file", "f", nil, "Compose file(s), relative to the folder (default: compose.yaml, compose.yml, ...)")
	f.StringVar(&o.codequality, "codequality", "", "write GitLab Code Quality JSON to `FILE`")
	f.StringVar(&o.sarif, "sarif", "", "write SARIF 2.1.0 to `FILE` (GitHub code scanning)")
	f.BoolVar(&o.noDocker, "no-docker", false, "files only: do not run the images' validators")
	f.StringVar(&o.prefix, "path-prefix", "", "the project's folder inside the repository, for annotation paths")
	addLangFlag(cmd, &o.lang)
	return cmd
}

func runLint(ctx context.Context, stdio Stdio, o *lintOptions) error {
	p, err := termPrinter(o.lang)
	if err != nil {
		return err
	}
	d, err := open.OnDisk(o.dir, open.Flags{Config: o.config, Files: o.files})
	if err != nil {
		return err
	}
	lo := lint.Options{Dir: d.Dir, Files: d.Files, Roles: d.Roles}
	if !o.noDocker {
		lo.Validator = &validate.Docker{Timeout: 20 * time.Second}
	}
	res, err := lint.Run(ctx, lo)
	if err != nil {
		return err
	}
	if err := annotate.TextIn(stdio.Out, res.Findings, p); err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stdio.Err, p.Sprintf("term.lint.note", p.Say(n)))
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		if err := annotate.GitHubIn(stdio.Out, res.Findings, o.prefix, p); err != nil {
			return err
		}
	}
	if o.codequality != "" {
		if err := writeReport(o.codequality, func(b *bytes.Buffer) error {
			return annotate.CodeQualityIn(b, res.Findings, o.prefix, p, composeFile(res))
		}); err != nil {
			return err
		}
	}
	if o.sarif != "" {
		if err := writeReport(o.sarif, func(b *bytes.Buffer) error {
			return annotate.SARIFIn(b, res.Findings, o.prefix, currentVersion(), p, composeFile(res))
		}); err != nil {
			return err
		}
	}
	if rules.HasError(res.Findings) {
		return Failed(fmt.Errorf("lint: %s", annotate.Summary(res.Findings, p)))
	}
	return nil
}

// composeFile is where a report shows a finding about the whole project.
func composeFile(res *lint.Result) annotate.Option {
	if res.Lab == nil || res.Lab.Files == nil {
		return annotate.DefaultFile("")
	}
	return annotate.DefaultFile(res.Lab.Files.Compose)
}

func writeReport(path string, fill func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func newExplainCmd(stdio Stdio) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:     "explain [RULE]",
		Short:   "Explain a diagnosis rule (LAB0xx or its name); list them all without one",
		Args:    cobra.MaximumNArgs(1),
		Example: "  labctl explain\n  labctl explain LAB020\n  labctl explain sender-protocol-mismatch --lang fr",
		RunE: func(_ *cobra.Command, args []string) error {
			p, err := termPrinter(lang)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if p.Lang != msg.English {
					fmt.Fprintln(stdio.Out, p.Sprintf("explain.list_titles"))
				}
				for _, r := range rules.All() {
					fmt.Fprintf(stdio.Out, "%s  %-30s %-8s %s\n", r.ID, r.Slug, r.Severity, r.Title)
				}
				return nil
			}
			r, ok := rules.Lookup(args[0])
			if !ok {
				return fmt.Errorf("no rule %q; labctl explain lists them", args[0])
			}
			fmt.Fprint(stdio.Out, r.PageIn(p))
			return nil
		},
	}
	addLangFlag(cmd, &lang)
	return cmd
}
