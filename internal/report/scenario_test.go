package report

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/scenario"
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
	c := CountChart(s, `a "title"`, "x", "y")
	if n := strings.Count(c, ","); n != 2*(scenarioMaxPoints-1) {
		t.Errorf("%d commas, want %d points on each axis:\n%s", n, scenarioMaxPoints, c)
	}
	if !strings.Contains(c, `"99"]`) || !strings.Contains(c, "1000]") || !strings.Contains(c, `title "a 'title'"`) {
		t.Errorf("last point or title missing:\n%s", c)
	}
	// Misses less than a second apart: distinct labels, with a decimal.
	dense := []scenario.SeriesPoint{{T: 0, Count: 12}, {T: 0.4, Count: 27}, {T: 1.1, Count: 46}}
	c = CountChart(dense, "t", "x", "y")
	if !strings.Contains(c, `["0.0", "0.4", "1.1"]`) || !strings.Contains(c, "[12, 27, 46]") {
		t.Errorf("dense series:\n%s", c)
	}
}
