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

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Text prints one finding a line, then a summary line, in English.
func Text(w io.Writer, fs []rules.Finding) error {
	return TextIn(w, fs, english)
}

// english prints what these outputs printed before they spoke French.
var english = msg.For(msg.English)

// TextIn is Text in p's language: rule IDs, keys and what a tool said stay
// as they are.
func TextIn(w io.Writer, fs []rules.Finding, p *msg.Printer) error {
	for _, f := range fs {
		if _, err := fmt.Fprintln(w, Line(f, p)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, Summary(fs, p))
	return err
}

// Summary is how many errors and warnings, in p's language.
func Summary(fs []rules.Finding, p *msg.Printer) string {
	errs, warns := count(fs)
	return p.Sprintf("term.lint.summary", errs, warns)
}

// Line is a finding on one line in p's language: where, severity, rule,
// cause, fix, quote (Finding.Text in English).
func Line(f rules.Finding, p *msg.Printer) string {
	if p.Lang == msg.English {
		return f.Text()
	}
	s := p.Sprintf("term.lint.line", severity(f.Severity, p), f.Rule, message(f, p))
	if w := f.Where(); w != "" {
		s = w + ": " + s
	}
	return s
}

// severity is error, warning or note in p's language.
func severity(s rules.Severity, p *msg.Printer) string {
	if p.Lang == msg.English {
		return string(s)
	}
	switch s {
	case rules.Warning:
		return p.Sprintf("term.severity.warning")
	case rules.Note:
		return p.Sprintf("term.severity.note")
	}
	return p.Sprintf("term.severity.error")
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

// message is the finding's text for a single annotation, in p's
// language: cause, fix, quote.
func message(f rules.Finding, p *msg.Printer) string {
	s := p.Say(f.Message)
	if !f.Fix.IsZero() {
		s = p.Sprintf("term.lint.fix", s, p.Say(f.Fix))
	}
	if f.Quote != "" {
		src := f.Source
		if src == "" {
			src = p.Sprintf("term.lint.log")
		}
		if p.Lang == msg.English {
			s += fmt.Sprintf(" (%s: %q)", src, f.Quote)
		} else {
			s = p.Sprintf("term.lint.quote", s, src, f.Quote)
		}
	}
	return s
}

// GitHub prints workflow commands: ::error file=F,line=N,endLine=N,title=RULE::MESSAGE.
// PATH is relative to the repository root: prefix is the project's folder
// inside the repository ("" at its root). In English.
func GitHub(w io.Writer, fs []rules.Finding, prefix string) error {
	return GitHubIn(w, fs, prefix, english)
}

// GitHubIn is GitHub with the messages in p's language.
func GitHubIn(w io.Writer, fs []rules.Finding, prefix string, p *msg.Printer) error {
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
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(message(f, p))); err != nil {
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
// artifacts:reports:codequality, in English. Every issue has a path and a
// line: a finding with none is shown at line 1 of DefaultFile (or of the
// file it is about), and its description says so.
func CodeQuality(w io.Writer, fs []rules.Finding, prefix string, opts ...Option) error {
	return CodeQualityIn(w, fs, prefix, english, opts...)
}

// CodeQualityIn is CodeQuality with the descriptions in p's language; the
// fingerprints stay those of the English text, so that a finding is the
// same finding whatever the language.
func CodeQualityIn(w io.Writer, fs []rules.Finding, prefix string, p *msg.Printer, opts ...Option) error {
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
		at := locate(f, fallback, prefix, p)
		out = append(out, CodeQualityIssue{Description: f.Rule + ": " + at.withNote(message(f, p)), CheckName: f.Rule,
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
