package cli

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

var reWhere = regexp.MustCompile(`^([\w./-]+\.(?:ya?ml|py|env|toml)):(\d+): (.*)$`)

// annotateVerify prints, under GitHub Actions, each file finding and each
// failed check whose diagnosis names a file:line as a workflow command, so
// that it sits on that line of the pull request.
func annotateVerify(w io.Writer, found []rules.Finding, res *checks.Result, prefix string, p *msg.Printer) error {
	if os.Getenv("GITHUB_ACTIONS") != "true" {
		return nil
	}
	all := append([]rules.Finding{}, found...)
	for _, c := range res.Checks {
		if c.Status != checks.Fail || c.Diagnosis == "" || c.BlockedBy != "" || hasRule(found, c.Rule) {
			continue // shown once: a cause a finding says is annotated there
		}
		f := rules.Finding{Rule: c.ID, Severity: rules.Error, Message: c.DiagnosisText()}
		if m := reWhere.FindStringSubmatch(strings.TrimSpace(c.Diagnosis)); m != nil {
			f.File = m[1]
			f.Line, _ = strconv.Atoi(m[2])
			if p.Lang == msg.English { // the file:line is the annotation's
				f.Message = msg.Raw(m[3])
			}
		}
		if c.Level != checks.Required {
			f.Severity = rules.Warning
		}
		all = append(all, f)
	}
	if err := annotate.GitHubIn(w, all, prefix, p); err != nil {
		return fmt.Errorf("print annotations: %w", err)
	}
	return nil
}

func hasRule(fs []rules.Finding, rule string) bool {
	for _, f := range fs {
		if rule != "" && f.Rule == rule {
			return true
		}
	}
	return false
}
