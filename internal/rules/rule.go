// Package rules is labctl's catalogue of diagnoses: each rule has a stable
// ID, a one-line title, the checks it blocks, and a fix; a finding is one
// rule seen in one lab, with its evidence (file:line, key, the line a real
// tool or a log printed).
//
// A rule is one file, LABnnn_slug.go, as staticcheck's analyzers are: its
// ID, slug, title, page, severity, the facts it needs (Needs), the rules
// whose causes come before its own (After), and its Check (or Log) over
// model.Lab, whichever producer built the lab (lint's files, discovery,
// rendering). Its fixtures are testdata/LABnnn/fires and near, run by one
// generic test (fixtures_test.go). README.md says how to add one. The
// other files hold what several rules share: facts.go (what rules ask of
// the model), lab.go (verify's order and diagnosis), logs*.go and
// log_postgres.go (reading logs), validators.go (the images' validators).
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Severity is how bad a finding is. Only errors fail lint.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// The checks of `labctl verify` a rule can block (checks.ID* values).
const (
	BlocksTraces  = "jaeger_service"
	BlocksSpans   = "http_server_span"
	BlocksDBSpan  = "db_client_span"
	BlocksCollect = "collector_pipeline"
	BlocksScrape  = "prometheus_scrape"
	BlocksPG      = "postgresql_commits"
	BlocksPGRows  = "postgresql_rows"
)

var (
	// A span that does not reach Jaeger fails every span check.
	traceChecks  = []string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}
	metricChecks = []string{BlocksScrape, BlocksPG, BlocksPGRows}
	pgChecks     = []string{BlocksPG, BlocksPGRows}
	allChecks    = append(append([]string{}, traceChecks...), metricChecks...)
)

// Rule is one entry of the catalogue.
type Rule struct {
	// ID is stable (LAB0xx) and never reused; Slug is its readable name.
	ID, Slug string
	Title    string
	Severity Severity
	// Blocks are the verify checks this cause makes fail.
	Blocks []string
	// Fix is the generic fix in English, a finding may say it more
	// precisely. register fills it from the catalog (rule.LABnnn.fix_generic
	// in internal/msg/catalog_fixes.go), which says it in every language:
	// a rule's file does not set it.
	Fix string
	// Page is the explanation `labctl explain` prints: why it happens,
	// what the real tool says, where it was reported upstream.
	Page string
	// After are the rules whose causes are told before this one's, as
	// the data flows (backend, Collector, Prometheus): verify shows a
	// cause on the first failed check it blocks, so the one upstream wins.
	After []string
	// Needs are the facts Check reads beyond what every lab has (its
	// services, their settings, the Collector's and Prometheus's parsed
	// configs): a rule runs on a lab that has them. Lint's lab has the
	// files; verify's has the containers and its expectations.
	Needs Needs
	// Check finds the rule in a lab's model, whichever producer built it
	// (lint's files, discovery, rendering), within its Needs; nil for rules
	// fed by a validator or a log.
	Check func(r *Rule, l *model.Lab) []Finding
	// Log finds the rule in the services' logs, once verify has failed.
	Log func(r *Rule, l *model.Lab, logs Logs) []Finding
	// Fallback marks a log rule that quotes any error of a component: it
	// says nothing of one an earlier, more precise log rule explains.
	Fallback bool
	// Walk marks a sentence of verify's pipeline walk (walk.go, LAB1xx):
	// no file or log finds it, only the walk over the pipeline's snapshot,
	// so it has no Check, no Log, no fixtures (checks'
	// TestEveryWalkSentenceHasARule covers it instead) and no place in
	// verify's order of causes.
	Walk bool
}

// Needs are facts some labs have and others lack.
type Needs uint8

const (
	// NeedFiles: the project's files, with their YAML trees and lines
	// (Lab.Files): lint's lab.
	NeedFiles Needs = 1 << iota
	// NeedContainers: the containers' states, as the engine reports them.
	NeedContainers
	// NeedExpectations: what verify expects of the lab (the service name
	// it looks for, the metrics it requires, where spans should go), set
	// by rendering and discovery.
	NeedExpectations
)

// has are the facts a lab has.
func has(l *model.Lab) Needs {
	var n Needs
	if l.Files != nil {
		n |= NeedFiles
	}
	if l.Origin != model.OriginFiles {
		n |= NeedContainers | NeedExpectations
	}
	return n
}

// runsOn says whether the rule's Check can read l.
func (r *Rule) runsOn(l *model.Lab) bool { return r.Check != nil && r.Needs&^has(l) == 0 }

// Finding is one rule seen in one project.
type Finding struct {
	Rule     string
	Severity Severity
	// File is relative to the project root; Line 1-based (0: unknown).
	File string
	Line int
	// Key is the setting's path (services.backend.environment.X).
	Key string
	// Message says the cause, in one line; Fix what to write instead. Both
	// are catalog messages (msg.Raw where a rule has no entry yet), so
	// that verify's report says them in the course's language.
	Message msg.Message
	Fix     msg.Message
	// Quote is the line a real tool or a log printed, verbatim.
	Quote string
	// Source names who said Quote ("otelcol validate (labctl-bed/otelcol:0.145.0)").
	Source string
	// Service is the service whose log Quote comes from ("" for a tool).
	Service string
	// Blocks are the verify checks this finding makes fail: its rule's,
	// or fewer where the finding knows better.
	Blocks []string

	// evidence, set by a Lab rule, says in which log verify looks for the
	// line that proves the finding (lab.go fills Quote from it).
	evidence *logWords
}

// Where is "file:line" (or the file alone).
func (f Finding) Where() string {
	switch {
	case f.File == "":
		return ""
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// Text is the finding on one line: where, rule, cause, fix, quote.
func (f Finding) Text() string {
	var b strings.Builder
	if w := f.Where(); w != "" {
		b.WriteString(w + ": ")
	}
	fmt.Fprintf(&b, "%s %s: %s", f.Severity, f.Rule, f.Message.English())
	if !f.Fix.IsZero() {
		b.WriteString("; fix: " + f.Fix.English())
	}
	if f.Quote != "" {
		src := f.Source
		if src == "" {
			src = "log"
		}
		fmt.Fprintf(&b, " (%s: %q)", src, f.Quote)
	}
	return b.String()
}

var registry = map[string]*Rule{}

// register adds a rule at init; a duplicate ID is a programming error.
func register(r *Rule) *Rule {
	if _, dup := registry[r.ID]; dup {
		panic("rules: duplicate ID " + r.ID)
	}
	if r.Severity == "" {
		r.Severity = Error
	}
	if r.Fix == "" && msg.Has(r.fixKey()) {
		r.Fix = msg.New(r.fixKey()).English()
	}
	registry[r.ID] = r
	return r
}

// All lists the rules by ID.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a rule by ID or slug, case-insensitively.
func Lookup(name string) (*Rule, bool) {
	name = strings.TrimSpace(name)
	for _, r := range registry {
		if strings.EqualFold(r.ID, name) || strings.EqualFold(r.Slug, name) {
			return r, true
		}
	}
	return nil, false
}

// finding starts a finding of r with its severity, the checks it blocks
// and its generic fix, saying text as is: what a tool said (a parse error,
// a validator's verdict), which no catalog translates.
func (r *Rule) finding(file string, line int, key, text string) Finding {
	return r.says(file, line, key, msg.Raw(text))
}

// says starts a finding of r whose cause is the catalog message m.
func (r *Rule) says(file string, line int, key string, m msg.Message) Finding {
	f := Finding{Rule: r.ID, Severity: r.Severity, File: file, Line: line, Key: key, Message: m, Blocks: r.Blocks}
	f.Fix = r.GenericFix()
	return f
}

// fixKey is the catalog key of the rule's generic fix.
func (r *Rule) fixKey() string { return "rule." + r.ID + ".fix_generic" }

// GenericFix is the rule's generic fix as a catalog message, said in the
// course's language where a finding knows nothing more precise; a Fix
// with no catalog entry is said as is (TestEveryRuleHasFixtures fails on it).
func (r *Rule) GenericFix() msg.Message {
	switch {
	case msg.Has(r.fixKey()):
		return msg.New(r.fixKey())
	case r.Fix != "":
		return msg.Raw(r.Fix)
	}
	return msg.Message{}
}

// Run applies every rule that can read l (lint: a lab read from its
// files), in rule order, then sorts the findings by place.
func Run(l *model.Lab) []Finding {
	var out []Finding
	for _, r := range All() {
		if r.runsOn(l) {
			out = append(out, r.Check(r, l)...)
		}
	}
	Sort(out)
	return out
}

// Sort orders findings errors first, then by file and line.
func Sort(fs []Finding) {
	rank := map[Severity]int{Error: 0, Warning: 1, Note: 2}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if rank[a.Severity] != rank[b.Severity] {
			return rank[a.Severity] < rank[b.Severity]
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// HasError says whether any finding is an error.
func HasError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Page renders a rule's explain page.
func (r *Rule) PageText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n", r.ID, r.Slug, r.Title)
	fmt.Fprintf(&b, "severity: %s\n", r.Severity)
	if len(r.Blocks) > 0 {
		fmt.Fprintf(&b, "blocks: %s\n", strings.Join(r.Blocks, ", "))
	}
	foundBy, walk := walkFoundBy(r) // the pipeline walk's family (walk.go)
	switch {
	case walk:
		b.WriteString(foundBy)
	case r.Check != nil && r.Needs == 0:
		b.WriteString("found by: labctl lint (files only) and labctl verify\n")
	case r.Check != nil && r.Needs&NeedFiles != 0:
		b.WriteString("found by: labctl lint (files only)\n")
	case r.Check != nil:
		b.WriteString("found by: labctl verify (the lab's files and containers)\n")
	case r.Log != nil:
		b.WriteString("found by: labctl verify (the services' logs)\n")
	default:
		b.WriteString("found by: labctl lint with Docker (validators) or labctl verify (logs)\n")
	}
	if r.Fix != "" {
		fmt.Fprintf(&b, "fix: %s\n", r.Fix)
	}
	if r.Page != "" {
		b.WriteString("\n" + strings.TrimSpace(r.Page) + "\n")
	}
	return b.String()
}

func sortStrings(s []string) { sort.Strings(s) }

// didYouMean adds the name the finding's misspelt one probably meant.
func (f *Finding) didYouMean(near string) {
	f.Message = msg.New("rule.did_you_mean", f.Message, near)
}
