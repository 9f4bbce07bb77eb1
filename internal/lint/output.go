package lint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/validate"
)

// DockerValidator runs the project's own images' validators through the
// Docker engine (otelcol validate, promtool check config), as `labctl
// lint` does unless --no-docker.
func DockerValidator() Validator { return &validate.Docker{Timeout: 20 * time.Second} }

// WriteText prints the findings for people, in p's language.
func WriteText(w io.Writer, res *Result, p *msg.Printer) error {
	return annotate.TextIn(w, res.Findings, p)
}

// Reports say which machine-readable reports `labctl lint` writes.
type Reports struct {
	// GitHub prints GitHub Actions workflow commands on the output.
	GitHub bool
	// CodeQuality and SARIF are the paths of GitLab's Code Quality and of
	// a SARIF report ("" = not written).
	CodeQuality, SARIF string
	// Prefix is prepended to the files' paths (the project's folder in
	// the repository); Version is labctl's, for SARIF's tool.
	Prefix, Version string
}

// WriteReports writes the reports r asks for: the GitHub annotations on
// w, the files at their paths.
func WriteReports(w io.Writer, res *Result, r Reports, p *msg.Printer) error {
	if r.GitHub {
		if err := annotate.GitHubIn(w, res.Findings, r.Prefix, p); err != nil {
			return err
		}
	}
	if r.CodeQuality != "" {
		if err := writeReport(r.CodeQuality, func(b *bytes.Buffer) error {
			return annotate.CodeQualityIn(b, res.Findings, r.Prefix, p, composeFile(res))
		}); err != nil {
			return err
		}
	}
	if r.SARIF != "" {
		if err := writeReport(r.SARIF, func(b *bytes.Buffer) error {
			return annotate.SARIFIn(b, res.Findings, r.Prefix, r.Version, p, composeFile(res))
		}); err != nil {
			return err
		}
	}
	return nil
}

// Failed is the one-line summary of the errors found ("" when there is
// none: lint passes).
func Failed(res *Result, p *msg.Printer) string {
	if !rules.HasError(res.Findings) {
		return ""
	}
	return annotate.Summary(res.Findings, p)
}

// composeFile is where a report shows a finding about the whole project.
func composeFile(res *Result) annotate.Option {
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
