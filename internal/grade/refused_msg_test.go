package grade_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/labctl/labctl/internal/msg"
)

// TestEveryPolicyReasonHasAMessage reads internal/policy's Reason constants
// from its source, so that a reason added there without a sentence in the
// checklist's catalog fails here.
func TestEveryPolicyReasonHasAMessage(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "policy", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Reason" {
				return true
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					continue
				}
				r, _ := strconv.Unquote(lit.Value)
				found++
				if !msg.Has("grade.reason." + r) {
					t.Errorf("policy reason %q has no message grade.reason.%s", r, r)
				}
			}
			return true
		})
	}
	if found < 5 {
		t.Fatalf("found only %d policy reasons: is the source walk broken?", found)
	}
}
