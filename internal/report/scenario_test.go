package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/scenario"
	"github.com/labctl/labctl/internal/testutil"
)

func loadScenario(t *testing.T, dir string) *scenario.Evidence {
	t.Helper()
	e, err := scenario.LoadEvidence(dir)
	if err != nil || e == nil {
		t.Fatalf("LoadEvidence(%s) = %v, %v", dir, e, err)
	}
	return e
}

func TestScenarioSectionOnlyWithEvidence(t *testing.T) {
	in := fixture(t, English, true)
	without, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(without, "labctl scenario") {
		t.Error("a scenario section without scenario.json")
	}
	in.Scenario = loadScenario(t, "testdata")
	with, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	// The section sits between verify and the pipeline; nothing else moves.
	head := without[:strings.Index(without, "## Pipeline")]
	if !strings.HasPrefix(with, head) || !strings.HasSuffix(with, without[len(head):]) {
		t.Errorf("the scenario section changed more than its own place:\n%s", with)
	}
}

func TestCountChartThinsLongSeries(t *testing.T) {
	var s []scenario.SeriesPoint
	for i := range 100 {
		s = append(s, scenario.SeriesPoint{T: float64(i), Count: 10 * (i + 1)})
	}
	c := CountChart(s, msg.For(msg.English), `a "title"`, "x", "y")
	if n := strings.Count(c, ","); n != 2*(scenarioMaxPoints-1) {
		t.Errorf("%d commas, want %d points on each axis:\n%s", n, scenarioMaxPoints, c)
	}
	if !strings.Contains(c, `"99"]`) || !strings.Contains(c, "1000]") || !strings.Contains(c, `title "a 'title'"`) {
		t.Errorf("last point or title missing:\n%s", c)
	}
	// Misses less than a second apart: distinct labels, with a decimal.
	dense := []scenario.SeriesPoint{{T: 0, Count: 12}, {T: 0.4, Count: 27}, {T: 1.1, Count: 46}}
	c = CountChart(dense, msg.For(msg.English), "t", "x", "y")
	if !strings.Contains(c, `["0.0", "0.4", "1.1"]`) || !strings.Contains(c, "[12, 27, 46]") {
		t.Errorf("dense series:\n%s", c)
	}
}

// The chart's numbers a person reads (the x axis's labels) are in the
// report's language; what Mermaid parses (the y range, the line) stays in
// its syntax, and the y range makes Mermaid draw whole ticks, never "0.5".
// The goldens are parsed by the real Mermaid too (TestMermaidRealParser).
func TestCountChartLanguage(t *testing.T) {
	dense := []scenario.SeriesPoint{{T: 0, Count: 1}, {T: 0.4, Count: 2}, {T: 1.1, Count: 3}}
	long := []scenario.SeriesPoint{{T: 0, Count: 12}, {T: 640.5, Count: 480}, {T: 1250, Count: 1053}}
	tests := []struct {
		lang       Lang
		labels     string // dense's x axis
		longLabels string // long's
	}{
		{French, `["0,0", "0,4", "1,1"]`, "[\"0\", \"640\", \"1\u00a0250\"]"},
		{English, `["0.0", "0.4", "1.1"]`, `["0", "640", "1,250"]`},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			p := msg.For(tt.lang)
			c := CountChart(dense, p, p.Sprintf("scenario.ChartTitle"), p.Sprintf("scenario.XAxis"), p.Sprintf("scenario.YAxis"))
			if !strings.Contains(c, tt.labels) {
				t.Errorf("x axis not %s:\n%s", tt.labels, c)
			}
			// Mermaid's syntax whatever the language: a point-free range of
			// at least 10, the values as plain integers.
			if !strings.Contains(c, " 0 --> 10\n") || !strings.Contains(c, "    line [1, 2, 3]\n") {
				t.Errorf("y axis or line:\n%s", c)
			}
			l := CountChart(long, p, p.Sprintf("scenario.ChartTitle"), p.Sprintf("scenario.XAxis"), p.Sprintf("scenario.YAxis"))
			if !strings.Contains(l, tt.longLabels) || !strings.Contains(l, " 0 --> 2000\n") || !strings.Contains(l, "[12, 480, 1053]") {
				t.Errorf("long series:\n%s", l)
			}
			testutil.Golden(t, filepath.Join("testdata", "chart-"+string(tt.lang)+".golden.md"), []byte(c+"\n\n"+l+"\n"))
		})
	}
}
