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

// A quote kept whole keeps its opening « in French: the words before it
// are shortened, not the mark (the checklist's French test reads what is
// inside « » as quoted, an English hint outside them as untranslated).
func TestClipKeepsTheQuotesMark(t *testing.T) {
	hint := "the Collector serves its own metrics on localhost:8888 inside its container; set service.telemetry.metrics.readers[0].pull.exporter.prometheus.host: 0.0.0.0 in otel-collector-config.yaml"
	chain := msg.New("check.collector_pipeline.chain", "otel-collector:4317", "services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT",
		"otel-collector-config.yaml", "otlp/jaeger", "jaeger:4317")
	m := msg.New("check.collector_pipeline.inferred", chain, strings.Repeat("0123456789abcdef", 2), msg.Quote(hint))
	for _, lang := range []msg.Lang{msg.English, msg.French} {
		got := clipEvidence(msg.For(lang).Text(m), &m)
		if !strings.Contains(got, hint) {
			t.Errorf("%s: the quote is cut: %s", lang, got)
		}
		if lang == msg.French && (!strings.Contains(got, "« "+hint) || strings.Count(got, "«") != strings.Count(got, "»")) {
			t.Errorf("%s: the quote lost its mark: %s", lang, got)
		}
	}
}
