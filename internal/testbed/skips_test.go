package testbed

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// skipAllowed are the files that may call Skip, Skipf or SkipNow
// directly, each for a reason that is not a missing part (under CI too).
var skipAllowed = map[string]string{
	// The helpers themselves: under CI they fail instead of skipping.
	"internal/testbed/testbed.go": "Missing, Lacks and SkipShort",
	// A mode asked for by a flag, not a part the machine lacks: it
	// re-records testdata from a real Jaeger only with -record.
	"internal/expect/record_test.go": "-record",
}

// TestNoDirectSkips reads every Go file of the module for a direct Skip,
// Skipf or SkipNow: a test that
// skips for a missing part goes through Missing or Lacks, which fail
// under CI=true, so that CI never passes by skipping what it must prove.
func TestNoDirectSkips(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == root {
				return nil
			}
			if name := d.Name(); strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" {
				return filepath.SkipDir
			}
			// Another module (tools/) cannot import internal/testbed; a
			// corpus of published projects is not labctl's tests.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil || filepath.ToSlash(path) == filepath.ToSlash(filepath.Join(root, "test", "corpus")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "Skip", "Skipf", "SkipNow":
				if _, ok := skipAllowed[rel]; !ok {
					t.Errorf("%s: a direct %s: a test that skips for a missing part calls testbed.Missing (the test bed) or testbed.Lacks (the machine), which fail under CI; a skip for another reason goes into skipAllowed with it", fset.Position(call.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read only %d Go files under %s: is the walk broken?", files, root)
	}
	for rel := range skipAllowed {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Errorf("skipAllowed names %s: %v", rel, err)
		}
	}
}
