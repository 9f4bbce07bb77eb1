// Package annotate writes findings where students look: plain text, GitHub
// Actions workflow commands (the finding sits on the line of the pull
// request's diff), GitLab Code Quality JSON (the merge request widget) and
// SARIF 2.1.0 (GitHub code scanning). lint and verify both use it.
package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/labctl/labctl/internal/rules"
)

// Text prints one finding a line, then a summary line.
func Text(w io.Writer, fs []rules.Finding) error {
	errs, warns := count(fs)
	for _, f := range fs {
		if _, err := fmt.Fprintln(w, f.Text()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d error(s), %d warning(s)\n", errs, warns)
	return err
}

func count(fs []rules.Finding) (errs, warns int) {
	for _, f := range fs {
		switch f.Severity {
		case rules.Error:
			errs++
		case rules.Warning:
			warns++
		}
	}
	return errs, warns
}

// message is the finding's text for a single annotation: cause, fix, quote.
func message(f rules.Finding) string {
	s := f.Message.English()
	if !f.Fix.IsZero() {
		s += "; fix: " + f.Fix.English()
	}
	if f.Quote != "" {
		src := f.Source
		if src == "" {
			src = "log"
		}
		s += fmt.Sprintf(" (%s: %q)", src, f.Quote)
	}
	return s
}

// GitHub prints workflow commands: ::error file=F,line=N,endLine=N,title=RULE::MESSAGE.
// PATH is relative to the repository root: prefix is the project's folder
// inside the repository ("" at its root).
func GitHub(w io.Writer, fs []rules.Finding, prefix string) error {
	for _, f := range fs {
		cmd := "error"
		switch f.Severity {
		case rules.Warning:
			cmd = "warning"
		case rules.Note:
			cmd = "notice"
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+escapeProp(joinPath(prefix, f.File)))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line), fmt.Sprintf("endLine=%d", f.Line))
			}
		}
		props = append(props, "title="+escapeProp(f.Rule))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(message(f))); err != nil {
			return err
		}
	}
	return nil
}

func joinPath(prefix, file string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" || prefix == "." {
		return file
	}
	return prefix + "/" + file
}

// escapeData and escapeProp follow the runner's escaping (toolkit's
// command.ts): % \r \n in data; also : and , in properties.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// CodeQualityIssue is one entry of GitLab's Code Quality report (the
// documented required fields).
type CodeQualityIssue struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    CQLoc  `json:"location"`
}

type CQLoc struct {
	Path  string  `json:"path"`
	Lines CQLines `json:"lines"`
}

type CQLines struct {
	Begin int `json:"begin"`
}

// CodeQuality writes the JSON array GitLab reads from
// artifacts:reports:codequality. Every issue has a path and a line: a
// finding with none is shown at line 1 of DefaultFile (or of the file it
// is about), and its description says so.
func CodeQuality(w io.Writer, fs []rules.Finding, prefix string, opts ...Option) error {
	out := make([]CodeQualityIssue, 0, len(fs))
	fallback := fallbackFile(fs, opts)
	for _, f := range fs {
		sev := "major"
		switch f.Severity {
		case rules.Warning:
			sev = "minor"
		case rules.Note:
			sev = "info"
		}
		at := locate(f, fallback, prefix)
		out = append(out, CodeQualityIssue{Description: f.Rule + ": " + at.withNote(message(f)), CheckName: f.Rule,
			Fingerprint: fingerprint(f.Rule, joinPath(prefix, f.File), f.Key, f.Message.English()), Severity: sev,
			Location: CQLoc{Path: at.path, Lines: CQLines{Begin: at.line}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// fingerprint is stable across runs for the same finding (not its line:
// an edit above it must not make it "new" in the merge request).
func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}
