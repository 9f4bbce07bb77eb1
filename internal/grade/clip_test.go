package grade

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/logscan"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/textutil"
)

// A checklist quotes a Collector's exit cause whole: the cause names the
// component and the reason only at its end. The log is the Collector's
// own (the bed's otelcol 0.145.0 on test/student's config with the
// postgresql receiver put in the traces pipeline), the diagnosis verify's
// LAB072 on it (rules.Finding.Diagnosis, checks.CauseOf's wording).
func TestChecklistQuotesTheExitCauseWhole(t *testing.T) {
	log, err := os.ReadFile(filepath.Join("testdata", "collector-receiver-in-traces.log"))
	if err != nil {
		t.Fatal(err)
	}
	e, ok := logscan.FirstCause(string(log))
	if !ok {
		t.Fatal("no cause in the recorded log")
	}
	cause := textutil.OneLine(e.Cause)
	if !strings.HasSuffix(cause, "telemetry type is not supported") {
		t.Fatalf("the recorded log's cause is %q", cause)
	}
	f := rules.Finding{Rule: "LAB072", File: "compose.yml", Line: 31, Key: "services.otel-collector",
		Message: msg.New("rule.LAB072.cause", "otel-collector", "exited"), Fix: msg.New("rule.LAB072.fix"),
		Quote: e.Cause, Service: "otel-collector"}
	diag := msg.New("rule.diagnosis.explain", f.Diagnosis(), "LAB072")
	ev := Evidence{Checks: map[string]CheckEvidence{}}
	for _, id := range []string{checks.IDBackendTraffic, checks.IDJaegerService, checks.IDServerSpan, checks.IDDBSpan,
		checks.IDCollector, checks.IDPromScrape, checks.IDPGCommits, checks.IDPGRows} {
		ev.Checks[id] = CheckEvidence{Status: string(checks.Fail), Diagnosis: diag.English(), DiagnosisMsg: &diag}
	}
	res := Grade(DefaultRubric(), "alice", ".", ev)
	for _, c := range res.Criteria {
		if c.Proof == "check "+checks.IDCollector && !strings.Contains(c.Evidence, cause) {
			t.Errorf("the result's evidence cuts the cause:\n%s", c.Evidence)
		}
	}
	for _, lang := range []msg.Lang{msg.English, msg.French} {
		var b bytes.Buffer
		if err := WriteChecklist(&b, lang, nil, res); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), cause); n == 0 {
			t.Errorf("%s checklist does not quote the cause whole (%q):\n%s", lang, cause, b.String())
		}
	}
}
