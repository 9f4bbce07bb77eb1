package e2e

import (
	"flag"
	"os"
	"sync"
	"testing"
)

// TestMain lets every test of the package run in parallel unless -parallel
// is given: what bounds them is not go test's count of parallel tests (by
// default the CPU count, 2 here, while a stack mostly waits on its
// containers) but the package's own gates, which a test takes for what it
// uses: takeSlot for a stack starting and alive, gradingAlone and
// gradingBeside for a labctl grade run. A test waiting at a gate holds
// nothing, so the stacks of verify tests run beside the grading ones.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", "64"); err != nil {
			panic(err) // the testing package's own flag: cannot happen
		}
	}
	os.Exit(m.Run())
}

// grading orders the tests that run labctl grade: the ones that look for any
// grading project left on the engine (leftovers) or wait for a number of
// them run alone among graders; the ones that only grade their own project
// run beside each other.
var grading sync.RWMutex

// gradingAlone makes t parallel, then waits until no other test grades; the
// next grader starts once t and its cleanups (its projects removed) are done.
func gradingAlone(t *testing.T) {
	t.Helper()
	t.Parallel()
	grading.Lock()
	t.Cleanup(grading.Unlock)
}

// gradingBeside waits until no test that grades alone runs; call it after
// t.Parallel, before takeSlot.
func gradingBeside(t *testing.T) {
	t.Helper()
	grading.RLock()
	t.Cleanup(grading.RUnlock)
}
