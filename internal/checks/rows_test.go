package checks

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/model"
)

type fakeProm struct{ samples map[string][]Sample }

func (f fakeProm) Query(_ context.Context, q string) ([]Sample, error) { return f.samples[q], nil }
func (f fakeProm) Targets(context.Context) ([]Target, error)           { return nil, nil }

// postgresql_rows left in Prometheus from before the run (the exporter keeps
// showing a series after the receiver lost its login) is no evidence: the
// check passes only once the receiver is seen collecting in this run.
func TestRowsNeedEvidenceFromThisRun(t *testing.T) {
	e := &env{lab: &model.Lab{}, prom: fakeProm{samples: map[string][]Sample{
		"postgresql_rows": {{Labels: map[string]string{"state": "live"}, Value: 3}},
	}}, traffic: Traffic{To: time.Now()}}
	probe := e.rowsCheck().Probe
	if _, _, err := probe(context.Background()); !errors.Is(err, errStaleRows) {
		t.Fatalf("before any collection: err = %v, want the stale-series error", err)
	}
	e.commits.observe(commitsFromPrometheus, 10)
	if _, _, err := probe(context.Background()); !errors.Is(err, errStaleRows) {
		t.Fatalf("commits seen but not risen: err = %v", err)
	}
	if d := e.rowsCheck().Diagnose(Snapshot{Commits: e.commits.get(), PromNames: []string{"postgresql_rows"}}).English(); !strings.Contains(d, "left from before") {
		t.Errorf("diagnosis %q does not say the series is stale", d)
	}
	e.commits.observe(commitsFromPrometheus, 12)
	ev, _, err := probe(context.Background())
	if err != nil || !strings.Contains(ev.English(), "1 series, 3 rows") {
		t.Fatalf("after a rise: %q, %v", ev, err)
	}
}
