package checks

import (
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
	list := []Check{{}, {}, {}, {Diagnose: func(Snapshot) string { return "own" }}}
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
