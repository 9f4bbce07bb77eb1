package cli

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const internalPrefix = "github.com/labctl/labctl/internal/"

// infrastructure is what any command file may import besides its one use
// case, and why (the package doc says the same).
var infrastructure = map[string]string{
	"open":     "the one door: every command opens its lab, labctl.yaml and its lock through it",
	"model":    "the lab's vocabulary (Overrides given to open, default ports in help texts): a leaf, no I/O",
	"msg":      "the message catalogs and printer: every sentence a person reads",
	"termsize": "the terminal's width and colour, for what a command prints",
	"textutil": "one-line error text for the terminal and JSON errors",
}

// useCase is each command file's one use-case package ("" = none: flags,
// printing and infrastructure only).
var useCase = map[string]string{
	"config.go": "", "errors.go": "", "json_error.go": "", "logging.go": "", "root.go": "",
	"target.go": "", "version.go": "",
	"down.go": "lab", "logs.go": "lab", "render.go": "lab", "status.go": "lab", "up.go": "lab",
	"grade.go":    "submission",
	"init.go":     "scaffold",
	"lint.go":     "lint",
	"report.go":   "report",
	"scenario.go": "scenario",
	"task.go":     "tasks", "task_cmds.go": "tasks",
	"termlang.go": "report", // the language report.md remembers
	"trace.go":    "traceview",
	"verify.go":   "verify",
}

// notYet are the imports a command file still has beyond its use case
// and the infrastructure: logic not yet moved out of the command (issue
// 26). This list only shrinks: the test fails when a file no longer needs
// an entry, so that it is removed with the move.
var notYet = map[string][]string{
	"lint.go": {"rules"}, // explain's listing (wt-walk changes it)
}

// maxInternalImports is how many internal packages cli imports in all
// (go list -f '{{join .Imports "\n"}}' ./internal/cli | grep -c labctl/internal):
// 28 before the move to one use case per command, 15 after. It may only go down.
const maxInternalImports = 15

// TestCommandFilesImportOneUseCase keeps cli thin: each non-test file
// imports open, at most its one use-case package and the infrastructure.
func TestCommandFilesImportOneUseCase(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		uc, known := useCase[path]
		if !known {
			t.Errorf("%s: a new file in cli; say its use-case package in useCase (imports_test.go)", path)
		}
		used := map[string]bool{}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			name, ok := strings.CutPrefix(p, internalPrefix)
			if !ok {
				continue
			}
			all[name] = true
			used[name] = true
			if _, infra := infrastructure[name]; infra || name == uc || slices.Contains(notYet[path], name) {
				continue
			}
			t.Errorf("%s imports internal/%s: a command imports open, its one use case (%q) and %s; move the logic into the use case", path, name, uc, infraList())
		}
		for _, name := range notYet[path] {
			if !used[name] {
				t.Errorf("%s no longer imports internal/%s: remove it from notYet (imports_test.go)", path, name)
			}
		}
	}
	if len(all) > maxInternalImports {
		t.Errorf("cli imports %d internal packages, more than %d: a command's logic belongs in its use-case package", len(all), maxInternalImports)
	}
}

func infraList() string {
	var names []string
	for n := range infrastructure {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
