package checks

import (
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// Level says whether a failing check fails verify.
type Level string

const (
	Required Level = "required"
	Bonus    Level = "bonus"
)

// Status is the outcome of one check.
type Status string

const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Result is what one verify run found. It is written to DIR/verify.json and
// read back by `labctl report`, so its JSON shape is a contract: add fields,
// never rename them.
type Result struct {
	// StartedAt and FinishedAt bound the run; TrafficFrom/TrafficTo bound the traffic window.
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	TrafficFrom time.Time `json:"traffic_from"`
	TrafficTo   time.Time `json:"traffic_to"`
	Service     string    `json:"service"`
	Topology    string    `json:"topology"`
	// Source says what was checked: labctl's lab or a Compose project.
	Source string    `json:"source,omitempty"`
	Checks []Outcome `json:"checks"`
	// Unverified says why the traces could not be checked at all (the
	// backend or Jaeger not reachable from this machine); Passed is then false.
	Unverified []string `json:"unverified,omitempty"`
	// Passed is true when every required check passed.
	Passed bool `json:"passed"`
}

// Outcome is one check's result.
type Outcome struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Status Status `json:"status"`
	// Evidence is short proof for people: a trace ID, a span count, a metric value.
	Evidence string `json:"evidence,omitempty"`
	// Facts are the same evidence for machines (trace_id, value, ...).
	Facts map[string]string `json:"facts,omitempty"`
	// Diagnosis says, for a failure, where the pipeline broke and what to change.
	Diagnosis string `json:"diagnosis,omitempty"`
	// BlockedBy names the check whose diagnosis is this failure's root
	// cause: the cause is shown once, there.
	BlockedBy string        `json:"blocked_by,omitempty"`
	Duration  time.Duration `json:"duration_ns"`
	// NameMsg and EvidenceMsg are Name and Evidence as catalog messages,
	// for the report and the checklist in the course's language; absent
	// when the text has no catalog entry (a tool's error), and in results
	// older than the catalog.
	NameMsg     *msg.Message `json:"name_msg,omitempty"`
	EvidenceMsg *msg.Message `json:"evidence_msg,omitempty"`
	// DiagnosisMsg is Diagnosis as a catalog message (absent when it has
	// no entry yet); Rule the catalogue rule it comes from (labctl explain).
	DiagnosisMsg *msg.Message `json:"diagnosis_msg,omitempty"`
	// causeAtLine: the runner's cause named a file's line (Cause.AtLine).
	causeAtLine bool
	Rule        string `json:"rule,omitempty"`
	// EndedEarly says that the check stopped waiting before the deadline
	// because a cause Rule names was known (from the files or a log) and
	// the check did not pass in the grace it was given.
	EndedEarly bool `json:"ended_early,omitempty"`
}

// Title is the check's name as a message: NameMsg, else Name as is.
func (o Outcome) Title() msg.Message {
	if o.NameMsg != nil {
		return *o.NameMsg
	}
	return msg.Raw(o.Name)
}

// EvidenceText is the evidence as a message: EvidenceMsg, else Evidence as is.
func (o Outcome) EvidenceText() msg.Message {
	if o.EvidenceMsg != nil {
		return *o.EvidenceMsg
	}
	return msg.Raw(o.Evidence)
}

// DiagnosisText is the diagnosis as a message: DiagnosisMsg, else Diagnosis as is.
func (o Outcome) DiagnosisText() msg.Message {
	if o.DiagnosisMsg != nil {
		return *o.DiagnosisMsg
	}
	return msg.Raw(o.Diagnosis)
}

// setDiagnosis records m as the diagnosis: its English text, and m itself when it is in the catalog.
func (o *Outcome) setDiagnosis(m msg.Message) {
	o.Diagnosis, o.DiagnosisMsg = m.English(), nil
	if m.Key != "" {
		o.DiagnosisMsg = &m
	}
}

// setEvidence records m as the evidence: its English text, and m itself when it is in the catalog.
func (o *Outcome) setEvidence(m msg.Message) {
	o.Evidence, o.EvidenceMsg = m.English(), nil
	if m.Key != "" {
		o.EvidenceMsg = &m
	}
}
