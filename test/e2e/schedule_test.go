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
// uses: takeSlot for a stack starting and alive, gradingAlone for a class
// graded. A test waiting at a gate holds nothing.
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

// grading orders the tests that run labctl grade against everything else:
// a test that grades a class (gradingAlone) runs alone, with no other
// stack on the engine, since it looks for any grading project left
// (leftovers) or waits for a number of them, and its builds and a hostile
// class's load disturbed the stacks beside it; the stacks of verify tests
// (takeSlot) run beside each other between two graded classes.
var grading sync.RWMutex

// gradingAlone makes t parallel, then waits until no other test grades or
// runs a stack; the next one starts once t and its cleanups (its projects
// removed) are done.
func gradingAlone(t *testing.T) {
	t.Helper()
	t.Parallel()
	grading.Lock()
	t.Cleanup(grading.Unlock)
}
