package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testbed"
)

// TestMermaidRealParser parses every Mermaid block of the report goldens
// (the pipeline flowcharts and the trace gantt charts) with the real Mermaid
// library under Node, and computes each gantt's tasks as Mermaid draws them.
// Without node or the library (test/mermaid/install, which test/run calls)
// it is skipped, and fails under CI.
func TestMermaidRealParser(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		testbed.Missing(t, "node is not installed; Mermaid blocks not parsed by Mermaid")
	}
	dir := filepath.Join(testbed.Dir(), "mermaid")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid", "package.json")); err != nil {
		testbed.Missing(t, "Mermaid is not installed in %s; run test/mermaid/install", dir)
	}
	script, err := os.ReadFile(filepath.Join("..", "..", "test", "mermaid", "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	// ES modules resolve imports from the script's folder, not NODE_PATH.
	f, err := os.CreateTemp(dir, "check-*.mjs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(f.Name()) })
	if _, err := f.Write(script); err != nil {
		t.Fatal(err)
	}
	f.Close()
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.golden.md"))
	gantts := 0
	for _, g := range goldens {
		abs, _ := filepath.Abs(g)
		out, err := exec.Command(node, f.Name(), abs).CombinedOutput()
		if err != nil {
			t.Errorf("%s: Mermaid refuses a block: %v\n%s", g, err, out)
			continue
		}
		gantts += strings.Count(string(out), "ok gantt")
		if strings.Count(string(out), "ok ") != strings.Count(mustRead(t, g), "```mermaid") {
			t.Errorf("%s: not every block was parsed:\n%s", g, out)
		}
	}
	if gantts < 2 {
		t.Errorf("%d gantt charts parsed, want the fr and en trace goldens", gantts)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
