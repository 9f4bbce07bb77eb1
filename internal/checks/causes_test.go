package checks

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// One cause, shown once: the first check it blocks carries it with its
// rule, the others point there; a check no finding covers keeps its own
// diagnosis.
func TestDiagnoseShowsARootCauseOnce(t *testing.T) {
	fs := []rules.Finding{{Rule: "LAB070", Blocks: []string{IDJaegerService, IDServerSpan}, File: "compose.yml", Message: msg.New("rule.LAB073.cause"), Fix: msg.Raw("f")}}
	out := []Outcome{{ID: IDBackendTraffic, Status: Pass}, {ID: IDJaegerService, Status: Fail}, {ID: IDServerSpan, Status: Fail}, {ID: IDPGRows, Status: Fail}}
	list := []Check{{}, {}, {}, {Diagnose: func(Snapshot) msg.Message { return msg.Raw("own") }}}
	diagnose(out, list, Snapshot{}, fs)
	if out[1].Diagnosis != "compose.yml: the Collector has no traces pipeline; f" || out[1].BlockedBy != "" || out[1].Rule != "LAB070" {
		t.Errorf("root: %+v", out[1])
	}
	if out[1].DiagnosisMsg == nil || !strings.HasPrefix(msg.For(msg.French).Text(*out[1].DiagnosisMsg), "compose.yml : le Collector n'a pas de pipeline traces") {
		t.Errorf("root in French: %+v", out[1].DiagnosisMsg)
	}
	if out[2].BlockedBy != IDJaegerService || out[2].Diagnosis != "blocked by jaeger_service: the Collector has no traces pipeline" || out[2].Rule != "LAB070" {
		t.Errorf("blocked: %+v", out[2])
	}
	if out[2].DiagnosisMsg == nil || msg.For(msg.French).Text(*out[2].DiagnosisMsg) != "bloqué par jaeger_service : le Collector n'a pas de pipeline traces" {
		t.Errorf("blocked in French: %+v", out[2].DiagnosisMsg)
	}
	if out[3].Diagnosis != "own" || out[3].Rule != "" || out[0].Diagnosis != "" {
		t.Errorf("others: %+v %+v", out[3], out[0])
	}
}

// A diagnosis from a rule survives verify.json: read back, it says the
// same in French, the log line quoted, and keeps its rule.
func TestRuleDiagnosisRoundTrips(t *testing.T) {
	f := rules.Finding{Rule: "LAB066", Blocks: []string{IDPGCommits}, File: "otel-collector-config.yaml", Line: 10, Key: "receivers.postgresql.username",
		Message: msg.New("rule.LAB066.cause", "postgresql", "otel"), Fix: msg.New("rule.LAB066.fix"),
		Quote: `pq: role "otel" does not exist`, Source: "otel-collector log", Service: "otel-collector"}
	out := []Outcome{{ID: IDPGCommits, Status: Fail}}
	diagnose(out, []Check{{}}, Snapshot{}, []rules.Finding{f})
	data, err := json.Marshal(out[0])
	if err != nil {
		t.Fatal(err)
	}
	var back Outcome
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	want := `otel-collector-config.yaml:10 receivers.postgresql.username: the postgresql receiver logs in as "otel", a role PostgreSQL does not have; use the database's user, or create the role (CREATE USER ... ; GRANT pg_monitor TO ...) (otel-collector log: pq: role "otel" does not exist)`
	if back.Diagnosis != want || back.DiagnosisText().English() != want || back.Rule != "LAB066" {
		t.Errorf("read back:\n  %s\n  %s\nwant\n  %s", back.Diagnosis, back.DiagnosisText().English(), want)
	}
	fr := msg.For(msg.French).Text(back.DiagnosisText())
	if !strings.Contains(fr, "un rôle que PostgreSQL n'a pas") || !strings.Contains(fr, `(journal de otel-collector : « pq: role "otel" does not exist »)`) {
		t.Errorf("in French: %s", fr)
	}
}
