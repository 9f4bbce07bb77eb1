package grade

import (
	"fmt"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/textutil"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/policy"
)

// Evidence is everything a submission was judged on.
type Evidence struct {
	// Checks are verify's outcomes by check ID.
	Checks map[string]CheckEvidence
	// StackError says why the stack could not be checked; every
	// check-proved criterion is then unmet, with that reason.
	StackError string
	// NoStack (--no-stack): check-proved criteria are not checked.
	NoStack bool
	// Refused is what the policy for untrusted projects refused in the
	// submission's Compose files: the stack was not run, check-proved
	// criteria are not checked, and the checklist lists each key.
	Refused []policy.Refusal
	// Changed is what labctl ran otherwise than the submission's Compose
	// files asked (policy.Adjust); the checklist lists each key.
	Changed []policy.Change
	// Profiles are the Compose profiles enabled to start the services
	// the checks read (the checklist names them).
	Profiles []string
	// Report is the analysis of report.md; nil: not analysed.
	Report *ReportAnalysis
	// Deadline (--deadline); nil: on-time criteria are not checked.
	Deadline *time.Time
	// Submitted is the date of the last commit touching report.md;
	// SubmittedErr why it is unknown.
	Submitted    *time.Time
	SubmittedErr string
}

// CheckEvidence is one verify check's outcome, as grading needs it.
type CheckEvidence struct {
	Status    string `json:"status"` // pass, fail or skip
	Evidence  string `json:"evidence,omitempty"`
	Diagnosis string `json:"diagnosis,omitempty"`
	// EvidenceMsg and DiagnosisMsg are Evidence and Diagnosis as catalog
	// messages, when they are ones.
	EvidenceMsg  *msg.Message `json:"evidence_msg,omitempty"`
	DiagnosisMsg *msg.Message `json:"diagnosis_msg,omitempty"`
	// Rule is the catalogue rule the diagnosis comes from (labctl explain), "" when none.
	Rule string `json:"rule,omitempty"`
}

// CriterionResult is one criterion's verdict. Checked false means it could
// not be judged (no stack, no deadline): it is left out of Max.
type CriterionResult struct {
	ID      string `json:"id"`
	Group   string `json:"group"`
	Text    string `json:"text"`
	Main    bool   `json:"main"`
	Met     bool   `json:"met"`
	Checked bool   `json:"checked"`
	// Evidence is one line for people: what was seen, or what is missing.
	Evidence string `json:"evidence"`
	// Proof says what decided it: "check http_server_span", "report mr_link", "on_time".
	Proof string `json:"proof"`
	// File and Line point at what it rests on in the submission (report.md:12), when something does.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Quote is that line of the report, when the evidence quotes it.
	Quote string `json:"quote,omitempty"`
	// Rule is the catalogue rule (labctl explain) of the failed check's
	// diagnosis, the same as verify's on the same project; "" when none.
	Rule string `json:"rule,omitempty"`
	// EvidenceMsg is Evidence as a catalog message, so that the checklist
	// and the class sheet say it in the rubric's language; absent in
	// results older than the catalog (Evidence is then shown as is).
	EvidenceMsg *msg.Message `json:"evidence_msg,omitempty"`
}

// say sets the evidence: m's English text, and m.
func (cr *CriterionResult) say(m msg.Message) {
	cr.Evidence, cr.EvidenceMsg = m.English(), &m
}

// EvidenceIn is the evidence in the printer's language, on one line.
func (cr CriterionResult) EvidenceIn(p *msg.Printer) string {
	if cr.EvidenceMsg == nil {
		return cr.Evidence
	}
	s := clipEvidence(p.Text(*cr.EvidenceMsg), cr.EvidenceMsg)
	// Shortened inside a « quote »: close it within the same length, so
	// that the quote still shows where it ends.
	if r := []rune(s); strings.Count(s, "«") > strings.Count(s, "»") && len(r) > 3 {
		s = string(r[:len(r)-3]) + "… »"
	}
	return s
}

// ResultFormat marks a grade result's JSON, so that Collect tells it from other JSON files.
const ResultFormat = "labctl-grade/1"

// Result is one submission graded against a rubric. Its JSON shape is what
// Collect reads back from students' CI artifacts: add fields, never rename.
type Result struct {
	Format   string            `json:"format"`
	Student  string            `json:"student"`
	Dir      string            `json:"dir"`
	Rubric   string            `json:"rubric"` // the rubric's title
	Lang     string            `json:"lang"`
	Criteria []CriterionResult `json:"criteria"`
	// Met of Max checked criteria; Note from the rubric's table.
	Met  int     `json:"met"`
	Max  int     `json:"max"`
	Note float64 `json:"note"`
	// NotChecked criteria could not be judged (--no-stack, no --deadline):
	// Note counts them as not met, so it is Provisional, and NoteMax is
	// the note if they were all met.
	NotChecked  int     `json:"not_checked,omitempty"`
	Provisional bool    `json:"provisional,omitempty"`
	NoteMax     float64 `json:"note_max,omitempty"`
	// Calculation is how the note was computed by a rubric in the base and
	// complementary scheme; nil with a count-to-note table.
	Calculation *Calculation `json:"calculation,omitempty"`
	// FirstFailure is the ID of the first checked main criterion not met,
	// else of the first secondary one; "" when none.
	FirstFailure string    `json:"first_failure,omitempty"`
	GradedAt     time.Time `json:"graded_at"`
	// Error says why grading itself did not finish (set by the caller).
	Error string `json:"error,omitempty"`
	// Refused are the keys of the submission's Compose files the policy
	// for untrusted projects refused (the stack was not run).
	Refused []policy.Refusal `json:"refused,omitempty"`
	// Changed are the keys labctl ran otherwise than asked (policy.Adjust).
	Changed []policy.Change `json:"changed,omitempty"`
	// Profiles are the Compose profiles grading enabled to start the
	// services its checks read.
	Profiles []string `json:"profiles,omitempty"`
	// RubricDigest is the rubric's Digest: --collect refuses a result
	// graded with another rubric.
	RubricDigest string `json:"rubric_digest,omitempty"`
	// LabctlVersion is the labctl that graded (set by the caller).
	LabctlVersion string `json:"labctl_version,omitempty"`
	// Flags are what --collect found in a collected result and did not
	// count (Recompute), or a --recheck that disagreed; never read back.
	Flags []string `json:"flags,omitempty"`
}

// Grade judges every criterion of r on ev. It never fails: what it cannot
// judge is a criterion not met, or not checked, with the reason.
func Grade(r *Rubric, student, dir string, ev Evidence) *Result {
	if r == nil {
		r = DefaultRubric()
	}
	res := &Result{Format: ResultFormat, Student: student, Dir: dir, Rubric: r.Title, Lang: r.Lang, GradedAt: time.Now(),
		Refused: ev.Refused, Changed: ev.Changed, Profiles: ev.Profiles, RubricDigest: r.Digest()}
	for _, g := range r.Groups {
		for _, c := range g.Criteria {
			cr := CriterionResult{ID: c.ID, Group: g.Name, Text: c.Text, Main: c.Main}
			switch {
			case c.Proof.OnTime:
				cr.Proof = "on_time"
				judgeOnTime(&cr, ev)
			case c.Proof.Report != "":
				cr.Proof = "report " + c.Proof.Report
				judgeReport(&cr, c.Proof.Report, ev.Report)
			default:
				cr.Proof = "check " + strings.Join(checkList(c.Proof), " + ")
				judgeChecks(&cr, checkList(c.Proof), ev)
			}
			cr.Evidence = clipEvidence(cr.Evidence, cr.EvidenceMsg)
			res.Criteria = append(res.Criteria, cr)
		}
	}
	res.setScore(scoreOf(r, res.Criteria))
	return res
}

// setScore stores a score in the result.
func (res *Result) setScore(s score) {
	res.Met, res.Max, res.FirstFailure, res.Note = s.met, s.max, s.firstFailure, s.note
	res.NotChecked, res.Provisional, res.NoteMax = s.notChecked, s.notChecked > 0, 0
	if res.Provisional {
		res.NoteMax = s.noteMax
	}
	res.Calculation = s.calc
}

func checkList(p Proof) []string {
	if len(p.Checks) > 0 {
		return p.Checks
	}
	if p.Check != "" {
		return []string{p.Check}
	}
	return nil
}

func judgeChecks(cr *CriterionResult, ids []string, ev Evidence) {
	switch {
	case len(ids) == 0:
		cr.Checked = true
		cr.say(msg.New("grade.no_proof"))
		return
	case ev.NoStack:
		cr.say(msg.New("grade.no_stack"))
		return
	case len(ev.Refused) > 0:
		cr.say(msg.New("grade.refused", len(ev.Refused)))
		return
	case ev.StackError != "":
		cr.Checked = true
		cr.say(msg.New("grade.stack_error", msg.Quote(ev.StackError)))
		return
	}
	cr.Checked, cr.Met = true, true
	var seen *msg.Message
	for _, id := range ids {
		ce, ok := ev.Checks[id]
		switch {
		case !ok:
			cr.Met = false
			cr.say(msg.New("grade.check.not_run", id))
			return
		case ce.Status == string(checks.Pass):
			m := msg.New("grade.check.passed", id, ce.evidence(msg.New("grade.passed")))
			if seen != nil {
				m = msg.New("grade.and", *seen, m)
			}
			seen = &m
		case ce.Status == string(checks.Skip):
			cr.Met = false
			cr.say(msg.New("grade.check.skipped", id, ce.evidence(msg.New("grade.not_checked"))))
			return
		default:
			cr.Met = false
			why := ce.evidence(msg.New("grade.no_diagnosis"))
			switch {
			case ce.DiagnosisMsg != nil && ce.DiagnosisMsg.Key != "":
				why = msg.New("grade.diagnosis_msg", *ce.DiagnosisMsg)
			case ce.Diagnosis != "": // no catalog entry: quoted, in English
				why = msg.New("grade.diagnosis", ce.Diagnosis)
			}
			cr.say(msg.New("grade.check.failed", id, why))
			cr.Rule = ce.Rule
			return
		}
	}
	if seen != nil {
		cr.say(*seen)
	}
}

// evidence is the check's evidence as a message, else the message none.
func (ce CheckEvidence) evidence(none msg.Message) msg.Message {
	switch {
	case ce.EvidenceMsg != nil:
		return *ce.EvidenceMsg
	case ce.Evidence != "":
		return msg.Quote(ce.Evidence)
	}
	return none
}

func judgeReport(cr *CriterionResult, id string, a *ReportAnalysis) {
	cr.Checked = true
	switch {
	case a == nil:
		cr.Checked = false
		cr.say(msg.New("grade.report.not_analysed"))
		return
	case !a.Found:
		cr.say(msg.New("grade.report.missing"))
		cr.File = "report.md"
		return
	}
	cr.File = "report.md"
	f, ok := a.Findings[id]
	if !ok {
		cr.say(msg.New("grade.report.not_analysed_for", id))
		return
	}
	cr.Met, cr.Line = f.OK, f.Line
	detail := f.Msg
	if detail.IsZero() || detail.English() != f.Detail {
		detail = msg.Raw(f.Detail)
	}
	switch {
	case f.OK && f.Line > 0 && f.Quote != "":
		cr.Quote = f.Quote
		cr.say(msg.New("grade.report.quote", fmt.Sprint(f.Line), detail, f.Quote))
	case f.Line > 0:
		cr.say(msg.New("grade.report.line", fmt.Sprint(f.Line), detail))
	default:
		cr.say(msg.New("grade.report.detail", detail))
	}
}

// judgeOnTime: without a deadline the criterion is not checked (left out of
// Max), since there is nothing to be late for.
func judgeOnTime(cr *CriterionResult, ev Evidence) {
	cr.File = "report.md"
	switch {
	case ev.Deadline == nil:
		cr.say(msg.New("grade.on_time.no_deadline"))
		return
	case ev.SubmittedErr != "":
		cr.Checked = true
		cr.say(msg.New("grade.on_time.unknown", msg.Quote(ev.SubmittedErr)))
		return
	case ev.Submitted == nil:
		cr.Checked = true
		cr.say(msg.New("grade.on_time.never"))
		return
	}
	cr.Checked = true
	at, dl := ev.Submitted.Format(time.RFC3339), ev.Deadline.Format(time.RFC3339)
	if ev.Submitted.After(*ev.Deadline) {
		cr.say(msg.New("grade.on_time.late", at, dl, msg.Duration(roundLate(ev.Submitted.Sub(*ev.Deadline)))))
		return
	}
	cr.Met = true
	cr.say(msg.New("grade.on_time.ok", at, dl))
}

func roundLate(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Minute)
}

// FromVerify adapts verify's result to grading's evidence. nil gives nil.
func FromVerify(res *checks.Result) map[string]CheckEvidence {
	if res == nil {
		return nil
	}
	out := make(map[string]CheckEvidence, len(res.Checks))
	for _, o := range res.Checks {
		out[o.ID] = CheckEvidence{Status: string(o.Status), Evidence: o.Evidence, Diagnosis: o.Diagnosis, EvidenceMsg: o.EvidenceMsg, DiagnosisMsg: o.DiagnosisMsg, Rule: o.Rule}
	}
	return out
}

// maxEvidence is how long a line of evidence gets (clipLine).
const maxEvidence = 300

// clipLine keeps evidence on one line (textutil.OneLine) of reasonable
// length: it goes into a Markdown list item, a CSV cell and a Classroom
// message.
func clipLine(s string) string {
	s = textutil.OneLine(s)
	if r := []rune(s); len(r) > maxEvidence {
		return string(r[:maxEvidence-1]) + "…"
	}
	return s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
