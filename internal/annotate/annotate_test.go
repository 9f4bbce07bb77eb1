package annotate

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

var sample = []rules.Finding{
	{Rule: "LAB004", Severity: rules.Error, File: "otel-collector-config.yaml", Line: 39, Key: "service.pipelines.traces.exporters",
		Message: msg.Raw(`service::pipelines::traces: references exporter "otlp/jager" which is not configured; did you mean "otlp/jaeger"?`),
		Fix:     msg.Raw("write otlp/jaeger (defined at line 25)"), Quote: `Error: service::pipelines::traces: references exporter "otlp/jager" which is not configured`,
		Source: "otelcol validate (labctl-bed/otelcol:0.145.0)"},
	{Rule: "LAB030", Severity: rules.Warning, File: "compose.yml", Line: 43, Message: msg.Raw("jaegertracing/all-in-one:1.52 is Jaeger v1, end of life since 2025-12-31")},
	{Rule: "LAB003", Severity: rules.Note, File: "otel-collector-config.yaml", Line: 25, Message: msg.Raw("100% a note, with: colons, commas\nand a newline")},
	{Rule: "LAB050", Severity: rules.Error, Message: msg.Raw("no file known")},
}

func TestGitHubWorkflowCommands(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub(&b, sample, "student"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`::error file=student/otel-collector-config.yaml,line=39,endLine=39,title=LAB004::service::pipelines::traces: references exporter "otlp/jager" which is not configured; did you mean "otlp/jaeger"?; fix: write otlp/jaeger (defined at line 25) (otelcol validate (labctl-bed/otelcol:0.145.0): "Error: service::pipelines::traces: references exporter \"otlp/jager\" which is not configured")`,
		`::warning file=student/compose.yml,line=43,endLine=43,title=LAB030::jaegertracing/all-in-one:1.52 is Jaeger v1, end of life since 2025-12-31`,
		`::notice file=student/otel-collector-config.yaml,line=25,endLine=25,title=LAB003::100%25 a note, with: colons, commas%0Aand a newline`,
		`::error title=LAB050::no file known`,
	}
	got := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), b.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	f, err := os.Open("testdata/sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := SARIF(&b, sample, "", "test"); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate: %v\n%s", err, b.String())
	}
	// What GitHub code scanning reads: the rule, the message, the file and line.
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "LAB004" || log.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID != "LAB004" ||
		r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "otel-collector-config.yaml" || r.Locations[0].PhysicalLocation.Region.StartLine != 39 {
		t.Errorf("first result: %+v", r)
	}
	// A broken document must fail, or the check above proves nothing.
	bad := strings.Replace(b.String(), `"version": "2.1.0"`, `"version": "2.0"`, 1)
	inst, _ = jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if schema.Validate(inst) == nil {
		t.Error("the schema accepts version 2.0: the schema check is not working")
	}
}

// TestCodeQuality checks the fields GitLab documents for a Code Quality
// report (docs.gitlab.com, "Code Quality report format").
func TestCodeQuality(t *testing.T) {
	var b bytes.Buffer
	if err := CodeQuality(&b, sample, "student"); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != len(sample) {
		t.Fatalf("%d issues, want %d", len(issues), len(sample))
	}
	severities := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	prints := map[string]bool{}
	for i, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue %d: %s missing", i, k)
			}
		}
		if !severities[is["severity"].(string)] {
			t.Errorf("issue %d: severity %v", i, is["severity"])
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" {
			t.Errorf("issue %d: location.path missing", i)
		}
		if begin, _ := lines["begin"].(float64); begin < 1 {
			t.Errorf("issue %d: location.lines.begin %v", i, lines["begin"])
		}
		fp := is["fingerprint"].(string)
		if prints[fp] {
			t.Errorf("issue %d: fingerprint %s repeated", i, fp)
		}
		prints[fp] = true
	}
	if issues[0]["location"].(map[string]any)["path"] != "student/otel-collector-config.yaml" || issues[0]["severity"] != "major" {
		t.Errorf("first issue: %v", issues[0])
	}
}
