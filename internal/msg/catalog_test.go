package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// verbRE finds the fmt verbs of a format, flags and width included.
var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9*]*(?:\.[0-9*]+)?[a-zA-Z%]`)

func verbLetters(format string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	return out
}

// Every language has every key, with the same verbs in the same order: a
// message missing from one catalog, or one whose arguments do not match,
// fails here.
func TestCatalogsComplete(t *testing.T) {
	for _, l := range Langs {
		if len(catalogs[l]) == 0 {
			t.Fatalf("catalog %s is empty", l)
		}
	}
	for _, l := range Langs {
		for k, v := range catalogs[l] {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", l, k)
			}
			for _, o := range Langs {
				ov, ok := catalogs[o][k]
				if !ok {
					t.Errorf("%s is in the %s catalog but not in the %s one", k, l, o)
					continue
				}
				if a, b := verbLetters(v), verbLetters(ov); !slices.Equal(a, b) {
					t.Errorf("%s takes %v in %s but %v in %s", k, a, l, b, o)
				}
			}
			if Verbs(v) != len(verbLetters(v)) {
				t.Errorf("%s %s: Verbs counts %d, the format has %v", l, k, Verbs(v), verbLetters(v))
			}
		}
	}
}

// used is a message key the code names, and how many arguments it passes
// (-1 when they are spread from a slice).
type used struct {
	key  string
	args int
	at   string
}

// keysInSource reads every call that names a catalog key in the module's
// Go code: msg.New, msg.Errorf, and the printers' Sprintf.
func keysInSource(t *testing.T) []used {
	t.Helper()
	root := filepath.Join("..", "..")
	keyRE := regexp.MustCompile(`^[a-z_]+\.[A-Za-z0-9_.]+$`)
	var out []used
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			switch fun := call.Fun.(type) {
			case *ast.Ident: // inside package msg
				if f.Name.Name != "msg" || fun.Name != "New" && fun.Name != "Errorf" {
					return true
				}
			case *ast.SelectorExpr:
				x, _ := fun.X.(*ast.Ident)
				switch {
				case x != nil && x.Name == "msg" && (fun.Sel.Name == "New" || fun.Sel.Name == "Errorf"):
				case fun.Sel.Name == "Sprintf" && (x == nil || x.Name != "fmt"):
				default:
					return true
				}
			default:
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil || !keyRE.MatchString(key) {
				return true
			}
			u := used{key: key, args: len(call.Args) - 1, at: fset.Position(lit.Pos()).String()}
			if call.Ellipsis.IsValid() {
				u.args = -1
			}
			out = append(out, u)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every key the code names is in the catalog with as many arguments as the
// call passes, and every catalog entry is named somewhere (in Go, or as
// .T.Name in the report template), so that neither side drifts.
func TestKeysInSource(t *testing.T) {
	calls := keysInSource(t)
	if len(calls) < 150 {
		t.Fatalf("found only %d calls naming a message: is the source walk broken?", len(calls))
	}
	named := map[string]bool{}
	for _, c := range calls {
		named[c.key] = true
		f, ok := en[c.key]
		if !ok {
			t.Errorf("%s: message %q is not in the catalog", c.at, c.key)
			continue
		}
		if c.args >= 0 && c.args != Verbs(f) {
			t.Errorf("%s: %q passes %d arguments, the catalog's format takes %d", c.at, c.key, c.args, Verbs(f))
		}
	}
	tmpl, err := os.ReadFile(filepath.Join("..", "..", "templates", "report.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\.T\.([A-Za-z]+)`).FindAllStringSubmatch(string(tmpl), -1) {
		named["report."+m[1]] = true
	}
	// Keys built at run time from a value: scenario.reason.<Reason>, grade.reason.<policy.Reason>, grade.change.<policy.Did>,
	// sender.sdk.<model.SDK>, sender.place.<model.Place>, role.from.<model.RoleClue>, reach.hint.* (model.Said), reach.via.<model.Reach>.
	dynamic := []string{"scenario.reason.", "grade.reason.", "grade.change.", "sender.sdk.", "sender.place.", "role.from.", "reach.hint.", "reach.via."}
	for k := range en {
		// rule.LABnnn.fix_generic: Rule.GenericFix builds it from the rule's ID
		// (internal/rules' TestEveryRuleHasFixtures checks every rule has one).
		if !named[k] && !slices.ContainsFunc(dynamic, func(p string) bool { return strings.HasPrefix(k, p) }) && !strings.HasSuffix(k, ".fix_generic") {
			t.Errorf("message %q is in the catalog but no code names it", k)
		}
	}
}

func TestMissingKeyShows(t *testing.T) {
	if got := For(French).Sprintf("missing"); got != "!(MISSING missing)" {
		t.Errorf("missing key printed %q", got)
	}
	if got := New("missing").English(); got != "!(MISSING missing)" {
		t.Errorf("missing key in English printed %q", got)
	}
}
