package grade

import (
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// Finding IDs: what AnalyzeReport looks for in report.md; a rubric's
// `report:` proof names one of them.
const (
	FindReportPresent = "report_present"
	FindEstimateTable = "estimate_table"
	FindTotalMatches  = "total_matches"
	FindMRLink        = "mr_link"
	FindPullPush      = "pull_push"
	FindScenario      = "scenario"
)

// FindingIDs lists every finding ID, in the order AnalyzeReport reports them.
var FindingIDs = []string{FindReportPresent, FindEstimateTable, FindTotalMatches, FindMRLink, FindPullPush, FindScenario}

// Finding is one thing looked for in the report, and the line it rests on.
type Finding struct {
	ID string `json:"id"`
	OK bool   `json:"ok"`
	// Line is 1-based; 0 when nothing in the report supports the finding.
	Line int `json:"line,omitempty"`
	// Quote is that line, trimmed (and shortened when very long).
	Quote string `json:"quote,omitempty"`
	// Detail says in one line what was found or what is missing: Msg's
	// English text, which AnalyzeReport fills in.
	Detail string `json:"detail"`
	// Msg is Detail as a catalog message, for the checklist's language.
	Msg msg.Message `json:"-"`
}

// ReportAnalysis is what AnalyzeReport found in one report.md.
type ReportAnalysis struct {
	Path     string             `json:"path"`
	Found    bool               `json:"found"`
	Findings map[string]Finding `json:"findings"`
	// Rows are the estimate table's task rows, without its Total.
	Rows []TaskRow `json:"rows,omitempty"`
	// Total is the table's Total row, nil when it has none.
	Total *TaskRow `json:"total,omitempty"`
}

// TaskRow is one row of the estimate table. A cell that says "none" on
// purpose ("–", as labctl writes a task without an estimate) leaves its
// Has flag false; an unreadable one makes the table not count.
type TaskRow struct {
	Task        string        `json:"task"`
	Estimated   time.Duration `json:"estimated_ns"`
	Actual      time.Duration `json:"actual_ns"`
	HasEstimate bool          `json:"has_estimate"`
	HasActual   bool          `json:"has_actual"`
	Comment     string        `json:"comment,omitempty"`
	Line        int           `json:"line"`
	quote       string
}

// AnalyzeReport reads report.md's content for every finding. data nil with
// a path means the caller found no file: every finding is then unmet. It
// never fails: what it cannot read is a finding.
func AnalyzeReport(path string, data []byte) *ReportAnalysis {
	a := &ReportAnalysis{Path: path, Found: data != nil, Findings: map[string]Finding{}}
	if data == nil {
		for _, id := range FindingIDs {
			a.Findings[id] = Finding{ID: id, Msg: msg.New("find.no_report")}
		}
		return a.withDetails()
	}
	lines := splitLines(string(data))
	a.Findings[FindReportPresent] = Finding{ID: FindReportPresent, OK: true, Line: 1, Quote: firstText(lines),
		Msg: msg.New("find.report.present")}
	if strings.TrimSpace(string(data)) == "" {
		a.Findings[FindReportPresent] = Finding{ID: FindReportPresent, Msg: msg.New("find.report.empty")}
	}
	est, total := scanTables(a, lines)
	a.Findings[FindEstimateTable] = est
	a.Findings[FindTotalMatches] = total
	a.Findings[FindMRLink] = findMRLink(lines)
	a.Findings[FindPullPush] = findPullPush(lines)
	a.Findings[FindScenario] = findScenario(lines)
	return a.withDetails()
}

// withDetails writes each finding's message as its English Detail.
func (a *ReportAnalysis) withDetails() *ReportAnalysis {
	for id, f := range a.Findings {
		if !f.Msg.IsZero() {
			f.Detail = f.Msg.English()
			a.Findings[id] = f
		}
	}
	return a
}

// Missing is the analysis of a submission without report.md.
func Missing(path string) *ReportAnalysis { return AnalyzeReport(path, nil) }

func splitLines(s string) []string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(s, "\n")
}

func firstText(lines []string) string {
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			return quote(t)
		}
	}
	return ""
}

// quote trims a line and shortens it to what a one-line evidence can hold.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 160
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
