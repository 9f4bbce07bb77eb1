package checks

import (
	"context"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// metricChecks are the checks that wait for the metrics' floor, not the spans'.
var metricChecks = []string{IDPromScrape, IDPGCommits, IDPGRows}

// causes reads the lab's description (its files) and the services' logs
// for the causes the catalogue knows (internal/rules), in the order data
// flows. Each service's log is read once, for at most a few seconds.
func (e *env) causes(ctx context.Context) []rules.Finding {
	return rules.Diagnose(e.lab, func(service string) []string {
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		return e.opts.Logs(c, service)
	})
}

// diagnose gives each failed check its diagnosis: the root cause a rule's
// finding names, shown on the first check it blocks while the others point
// there; else the walk along the pipeline over the snapshot.
func diagnose(out []Outcome, list []Check, s Snapshot, fs []rules.Finding) {
	shownOn := map[int]string{}
	for i := range out {
		if out[i].Status != Fail {
			continue
		}
		fi := -1
		for j := range fs {
			if fs[j].BlocksCheck(out[i].ID) {
				fi = j
				break
			}
		}
		if fi < 0 {
			if list[i].Diagnose != nil {
				out[i].setDiagnosis(list[i].Diagnose(s))
			}
			continue
		}
		out[i].Rule = fs[fi].Rule
		if first, ok := shownOn[fi]; ok {
			out[i].BlockedBy = first
			out[i].setDiagnosis(msg.New("check.blocked_by", first, fs[fi].Message))
			continue
		}
		shownOn[fi] = out[i].ID
		out[i].setDiagnosis(fs[fi].Diagnosis())
	}
}
