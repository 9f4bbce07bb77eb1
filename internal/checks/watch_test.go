package checks

import (
	"context"
	"testing"

	"github.com/labctl/labctl/internal/rules"
)

// One tick of the log watch reads each service's log once: the lab model's
// log rules (which read the Collector's) and the caller's watch (which
// reads the Collector's and the backend's, internal/verify) share it.
func TestWatchReadsEachLogOncePerTick(t *testing.T) {
	reads := map[string]int{}
	e := &env{lab: defaultLab(), opts: Options{Logs: func(_ context.Context, service string) []string {
		reads[service]++
		return []string{"a line of " + service}
	}}}
	var got map[string][]string
	caller := func(_ context.Context, logs rules.Logs) []Cause {
		got = map[string][]string{}
		for _, s := range []string{"collector", "backend", "collector"} {
			got[s] = logs(s)
		}
		return nil
	}
	tick := e.watch(caller)
	for n := 1; n <= 2; n++ {
		tick(context.Background())
		for _, s := range []string{"collector", "backend"} {
			if reads[s] != n {
				t.Errorf("after %d ticks the %s log was read %d times, want %d", n, s, reads[s], n)
			}
			if len(got[s]) != 1 || got[s][0] != "a line of "+s {
				t.Errorf("the caller got %q for %s", got[s], s)
			}
		}
	}
}
