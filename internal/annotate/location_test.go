package annotate

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// placeless are findings without a place of their own: no file, or a file
// and no line.
var placeless = []rules.Finding{
	{Rule: "LAB050", Severity: rules.Error, Message: msg.Raw("no file known")},
	{Rule: "LAB021", Severity: rules.Warning, File: "prometheus.yml", Message: msg.Raw("a file, no line")},
	{Rule: "LAB004", Severity: rules.Error, File: "otel-collector-config.yaml", Line: 39, Message: msg.Raw("a file and a line")},
}

// where is what a report says of one finding's place.
type where struct {
	path    string
	line    int
	message string
}

func sarifPlaces(t *testing.T, fs []rules.Finding, opts ...Option) []where {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, fs, "student", "test", opts...); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Message   struct{ Text string } `json:"message"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation *struct{ URI string } `json:"artifactLocation"`
						Region           *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var out []where
	for i, r := range log.Runs[0].Results {
		if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation == nil ||
			r.Locations[0].PhysicalLocation.ArtifactLocation == nil || r.Locations[0].PhysicalLocation.Region == nil {
			t.Errorf("SARIF result %d has no physicalLocation with artifactLocation and region (GitHub refuses it): %s", i, b.String())
			continue
		}
		pl := r.Locations[0].PhysicalLocation
		out = append(out, where{pl.ArtifactLocation.URI, pl.Region.StartLine, r.Message.Text})
	}
	return out
}

func codeQualityPlaces(t *testing.T, fs []rules.Finding, opts ...Option) []where {
	t.Helper()
	var b bytes.Buffer
	if err := CodeQuality(&b, fs, "student", opts...); err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		Description string `json:"description"`
		Location    *struct {
			Path  string `json:"path"`
			Lines *struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	var out []where
	for i, is := range issues {
		if is.Location == nil || is.Location.Lines == nil {
			t.Errorf("Code Quality issue %d has no location.path and lines.begin: %s", i, b.String())
			continue
		}
		out = append(out, where{is.Location.Path, is.Location.Lines.Begin, is.Description})
	}
	return out
}

// TestEveryResultHasALocation: GitHub code scanning refuses a SARIF result
// without a physical location, and GitLab's Code Quality needs a path and
// a line; a finding without a place of its own is shown at line 1 of the
// project's Compose file (or of its own file), and says so.
func TestEveryResultHasALocation(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want []where // message: a part of it
	}{
		{"compose file given", []Option{DefaultFile("compose.yml")}, []where{
			{"student/compose.yml", 1, "the whole project, not one line: shown at line 1 of compose.yml"},
			{"student/prometheus.yml", 1, "no line of its own in prometheus.yml"},
			{"student/otel-collector-config.yaml", 39, "a file and a line"},
		}},
		{"no compose file given: the file most findings are about", nil, []where{
			{"student/prometheus.yml", 1, "shown at line 1 of prometheus.yml"},
			{"student/prometheus.yml", 1, "no line of its own"},
			{"student/otel-collector-config.yaml", 39, "a file and a line"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for report, got := range map[string][]where{"SARIF": sarifPlaces(t, placeless, tc.opts...), "Code Quality": codeQualityPlaces(t, placeless, tc.opts...)} {
				if len(got) != len(tc.want) {
					t.Fatalf("%s: %d results, want %d", report, len(got), len(tc.want))
				}
				for i, w := range tc.want {
					g := got[i]
					if g.path != w.path || g.line != w.line || g.line < 1 || !strings.Contains(g.message, w.message) {
						t.Errorf("%s result %d: %s:%d %q; want %s:%d and a message with %q", report, i, g.path, g.line, g.message, w.path, w.line, w.message)
					}
				}
				if strings.Contains(got[2].message, "line 1") {
					t.Errorf("%s: a finding with its own line says it is shown elsewhere: %q", report, got[2].message)
				}
			}
		})
	}
}

// TestLocationNoteInBothLanguages: the sentence is in the catalog in
// English and French.
func TestLocationNoteInBothLanguages(t *testing.T) {
	for _, key := range []string{"annotate.no_file", "annotate.no_line"} {
		for _, l := range msg.Langs {
			if s := msg.For(l).Text(msg.New(key, "compose.yml")); strings.Contains(s, "MISSING") || !strings.Contains(s, "compose.yml") {
				t.Errorf("%s in %s: %q", key, l, s)
			}
		}
	}
}

// TestLocationNoteInPrintersLanguage: SARIFIn and CodeQualityIn locate a
// placeless finding as SARIF and CodeQuality do, and say where it is shown
// in the printer's language.
func TestLocationNoteInPrintersLanguage(t *testing.T) {
	fr := msg.For(msg.French)
	var sarif, cq bytes.Buffer
	if err := SARIFIn(&sarif, placeless[:1], "student", "test", fr, DefaultFile("compose.yml")); err != nil {
		t.Fatal(err)
	}
	if err := CodeQualityIn(&cq, placeless[:1], "student", fr, DefaultFile("compose.yml")); err != nil {
		t.Fatal(err)
	}
	for report, out := range map[string]string{"SARIF": sarif.String(), "Code Quality": cq.String()} {
		if !strings.Contains(out, "affiché à la ligne 1 de compose.yml") || strings.Contains(out, "shown at line 1") {
			t.Errorf("%s in French: the note is not French:\n%s", report, out)
		}
		if !strings.Contains(out, `"student/compose.yml"`) {
			t.Errorf("%s in French: not located at the Compose file:\n%s", report, out)
		}
	}
}
