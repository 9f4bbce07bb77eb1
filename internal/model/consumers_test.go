package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testbed"
)

// consumers are the packages downstream of the model's producers (render,
// discover): they read a Lab and derive nothing, so none of them writes a
// port of the lab or an in-network address in its code. Comments and tests
// may; the parser skips comments, and _test.go files are not read.
var consumers = []string{"checks", "report", "scenario", "waterfall", "submission", "grade", "cli", "jaeger", "open"}

// labPorts are the lab's well-known ports (model/wellknown.go).
var labPorts = []int{4317, 4318, 16686, 16685, 8888, 8889, 9090, 5432, 13133}

// inNetwork matches an in-network address or one of the course's service
// names, as a literal would write it.
var inNetwork = regexp.MustCompile(`\b(otel-collector|database|jaeger|collector|postgres|postgresql|prometheus|backend)(:\d+)\b|^(otel-collector|database)$`)

// TestConsumersWriteNoLabFacts greps the consumers' code (string and
// number literals) for the lab's ports and in-network addresses.
func TestConsumersWriteNoLabFacts(t *testing.T) {
	ports := map[string]bool{}
	for _, p := range labPorts {
		ports[strconv.Itoa(p)] = true
	}
	portRe := regexp.MustCompile(`\b(4317|4318|16686|16685|8888|8889|9090|5432|13133)\b`)
	for _, pkg := range consumers {
		dir := filepath.Join("..", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok {
					return true
				}
				switch lit.Kind {
				case token.INT:
					if ports[lit.Value] {
						t.Errorf("%s: port %s written in a consumer; read it from the Lab (or model's table)", fset.Position(lit.Pos()), lit.Value)
					}
				case token.STRING:
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						return true
					}
					if m := portRe.FindString(s); m != "" {
						t.Errorf("%s: port %s written in a consumer's string %q; read it from the Lab", fset.Position(lit.Pos()), m, s)
					}
					if m := inNetwork.FindString(s); m != "" {
						t.Errorf("%s: in-network name %q written in a consumer's string %q; read it from the Lab", fset.Position(lit.Pos()), m, s)
					}
				}
				return true
			})
		}
	}
}

// TestConsumersImportNoProducer: checks, waterfall, scenario and report
// read a Lab and Jaeger's traces; they pull in neither the renderer nor the
// engine. The model itself imports no labctl package.
func TestConsumersImportNoProducer(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		testbed.Lacks(t, "a go command")
	}
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", "github.com/labctl/labctl/internal/"+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	for _, pkg := range []string{"checks", "waterfall", "scenario", "report"} {
		for _, d := range deps(pkg) {
			if strings.HasSuffix(d, "/internal/render") || strings.HasSuffix(d, "/internal/engine") || strings.HasSuffix(d, "/internal/config") {
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
	for _, d := range deps("model") {
		if strings.Contains(d, "github.com/labctl/labctl/") && !strings.HasSuffix(d, "/internal/model") {
			t.Errorf("model imports %s", d)
		}
	}
}
