package verify

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// The names a caller of Run meets in Options and Outcome, so that
// `labctl verify` needs this package only (internal/cli's import rule).
type (
	// Finding is what the files or the logs showed (rules.Finding).
	Finding = rules.Finding
	// CheckOutcome is one finished check (checks.Outcome).
	CheckOutcome = checks.Outcome
	// ExpectFile is a user's expectations file (expect.File).
	ExpectFile = expect.File
)

// FindingLine is a finding as the verify command prints it while the
// checks run: its one line, in p's language.
func FindingLine(f Finding, p *msg.Printer) msg.Message { return msg.Raw(annotate.Line(f, p)) }

// LoadExpectations reads path or, when it is empty, labctl-expect.yaml in
// the first of dirs that has one (nil, nil when none has). The error is
// bad input: nothing should run.
func LoadExpectations(path string, dirs []string) (*ExpectFile, error) {
	if path == "" {
		for _, d := range dirs {
			if path = expect.FindDefault(d); path != "" {
				break
			}
		}
		if path == "" {
			return nil, nil
		}
	}
	return expect.Load(path)
}

// ExpectDirs are the folders whose labctl-expect.yaml verify reads without
// --expect: beside labctl.yaml (config), beside the first Compose file, then
// the current folder.
func ExpectDirs(config string, composeFiles []string) []string {
	var dirs []string
	if config != "" {
		dirs = append(dirs, filepath.Dir(config))
	}
	if len(composeFiles) > 0 {
		dirs = append(dirs, filepath.Dir(composeFiles[0]))
	}
	return append(dirs, ".")
}

// CheckExpectTraffic refuses an expectation about a request verify does
// not send to l's backend (f nil: nothing to check).
func CheckExpectTraffic(f *ExpectFile, l *model.Lab) error {
	if f == nil {
		return nil
	}
	var reqs []expect.Request
	for _, r := range l.Traffic {
		reqs = append(reqs, expect.Request{Method: r.Method, Path: r.Path})
	}
	return expect.CheckTraffic(f.Expectations, reqs)
}

// Expectations are f's expectations (none when f is nil), for Options.Expect.
func Expectations(f *ExpectFile) []expect.Expectation {
	if f == nil {
		return nil
	}
	return f.Expectations
}

// WriteResult prints res on w: "json" as verify.json records it, otherwise
// as text in p's language.
func WriteResult(w io.Writer, res *checks.Result, format string, p *msg.Printer) error {
	if format == "json" {
		return checks.WriteJSON(w, res)
	}
	return checks.WriteTextIn(w, res, p)
}

// SaveJUnit writes res as JUnit XML to path.
func SaveJUnit(path string, res *checks.Result) error { return checks.SaveJUnit(path, res) }

// Save records res in dir (verify.json), for labctl report.
func Save(dir string, res *checks.Result) error { return checks.Save(dir, res) }

// FailedRequired are the IDs of the required checks that failed.
func FailedRequired(res *checks.Result) []string {
	var ids []string
	for _, c := range res.Checks {
		if c.Status == checks.Fail && c.Level == checks.Required {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

var reWhere = regexp.MustCompile(`^([\w./-]+\.(?:ya?ml|py|env|toml)):(\d+): (.*)$`)

// Annotate prints, under GitHub Actions, each file finding and each
// failed check whose diagnosis names a file:line as a workflow command, so
// that it sits on that line of the pull request.
func Annotate(w io.Writer, found []Finding, res *checks.Result, prefix string, p *msg.Printer) error {
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
