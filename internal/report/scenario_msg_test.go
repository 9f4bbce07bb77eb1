package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/scenario"
)

// Every reason the scenario's verdict can give, read from the scenario
// package's source so that a new one cannot be missed, has its sentence in
// the catalog (the report says it in the report's language).
func TestEveryScenarioReasonHasAMessage(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "scenario", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != 1 {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Reason" {
				return true
			}
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				if r, err := strconv.Unquote(lit.Value); err == nil {
					reasons = append(reasons, r)
				}
			}
			return true
		})
	}
	if len(reasons) < 5 {
		t.Fatalf("found %d reasons in ../scenario: %v", len(reasons), reasons)
	}
	for _, r := range reasons {
		if r == string(scenario.ReasonLeak) { // proven: said by Growth and Slower
			continue
		}
		if !msg.Has("scenario.reason." + r) {
			t.Errorf("scenario reason %q has no message scenario.reason.%s", r, r)
		}
	}
}
