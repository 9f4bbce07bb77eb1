package msgtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// StringConsts reads the string constants of type typeName declared in the
// Go files of dir, from the source: a key built at run time from such a
// value ("grade.reason." + r) is then checked for every value, including
// one added later. It fails the test below min values (a broken walk).
func StringConsts(t *testing.T, dir, typeName string, min int) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typeName {
				return true
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	if len(out) < min {
		t.Fatalf("found only %d %s constants in %s: is the source walk broken? %v", len(out), typeName, dir, out)
	}
	return out
}
