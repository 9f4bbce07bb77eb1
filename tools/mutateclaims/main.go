// Command mutateclaims shows that the walk's truth tests can fail: it flips
// each comparison of internal/checks/claims.go one at a time (a Go AST
// rewrite, not sed), runs the diagnosis tests against the mutant, and
// records whether they caught it. A mutant no test fails is a claim that
// could be wrong without anyone knowing: strengthen the tests
// (internal/checks/truth_test.go, the snapshot generator) until none is
// missed.
//
// The mutant is handed to the compiler with `go test -overlay`, so the
// worktree's claims.go is never written: an interrupted run leaves nothing
// behind.
//
// Run it from the module root (scripts/mutate-claims wraps it, niced):
//
//	go run ./tools/mutateclaims [-run REGEXP] [-only N] [-v]
//
// It exits 1 when a mutant is missed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const target = "internal/checks/claims.go"

// mutation is one flip: where, what it was, what it becomes, and how to
// apply and undo it on the parsed file.
type mutation struct {
	pos         token.Position
	claim       string
	from, to    string
	apply, undo func()
}

func main() {
	run := flag.String("run", "TestDiagnoses|FuzzDiagnoseClaims", "the tests that must catch each mutant (go test -run)")
	only := flag.Int("only", 0, "run only mutation N (1-based; 0: all)")
	list := flag.Bool("list", false, "list the mutations without running them")
	verbose := flag.Bool("v", false, "print the test output of missed mutants")
	timeout := flag.Duration("timeout", 5*time.Minute, "the most one mutant's test may take")
	flag.Parse()
	// Stopped (Ctrl-C, kill), the run ends its go test and removes its
	// mutants before it exits.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mutateAll(ctx, *run, *only, *list, *verbose, *timeout); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "mutateclaims:", err)
		os.Exit(1)
	}
}

func mutateAll(ctx context.Context, run string, only int, list, verbose bool, timeout time.Duration) error {
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return fmt.Errorf("read %s (run from the module root): %w", target, err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, abs, src, parser.ParseComments)
	if err != nil {
		return err
	}
	muts := mutations(fset, file)
	if list {
		for i, m := range muts {
			fmt.Printf("%3d  %s:%d  %-52s %s  ->  %s\n", i+1, target, m.pos.Line, m.claim, m.from, m.to)
		}
		return nil
	}
	tmp, err := os.MkdirTemp("", "mutateclaims-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The tests must pass on the code as it is, or no mutant proves anything.
	if out, ok, err := goTest(ctx, run, "", timeout); err != nil || !ok {
		return fmt.Errorf("the tests fail before any mutation (%v):\n%s", err, out)
	}
	var caught, missed, broken int
	for i, m := range muts {
		if only > 0 && i+1 != only {
			continue
		}
		m.apply()
		var buf bytes.Buffer
		err := format.Node(&buf, fset, file)
		m.undo()
		if err != nil {
			return fmt.Errorf("print mutant %d: %w", i+1, err)
		}
		mutant := filepath.Join(tmp, fmt.Sprintf("claims_%d.go", i+1))
		overlay := filepath.Join(tmp, fmt.Sprintf("overlay_%d.json", i+1))
		if err := os.WriteFile(mutant, buf.Bytes(), 0o600); err != nil {
			return err
		}
		ov, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: mutant}})
		if err := os.WriteFile(overlay, ov, 0o600); err != nil {
			return err
		}
		start := time.Now()
		out, ok, err := goTest(ctx, run, overlay, timeout)
		verdict := "caught"
		switch {
		case err != nil:
			return fmt.Errorf("mutant %d: %w", i+1, err)
		case strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]"):
			verdict = "does not compile"
			broken++
		case ok:
			verdict = "MISSED"
			missed++
		default:
			caught++
		}
		fmt.Printf("%3d  %-16s %s:%d  %-52s %s  ->  %s  (%s)\n", i+1, verdict, target, m.pos.Line, m.claim, m.from, m.to, time.Since(start).Round(time.Second))
		if verdict == "MISSED" && verbose {
			fmt.Println(indent(out))
		}
	}
	fmt.Printf("\n%d mutations of %s: %d caught, %d missed, %d did not compile (go test -run '%s')\n",
		caught+missed+broken, target, caught, missed, broken, run)
	if missed > 0 || broken > 0 {
		return fmt.Errorf("%d mutants missed, %d did not compile", missed, broken)
	}
	return nil
}

// goTest runs the checks package's tests, with overlay when set; ok is
// whether they passed.
func goTest(ctx context.Context, run, overlay string, timeout time.Duration) (string, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{"test", "-count=1", "-run", run}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, "./internal/checks/")
	cmd := exec.CommandContext(ctx, "go", args...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), false, fmt.Errorf("go test stopped (%w; a mutant may take %s)", context.Cause(ctx), timeout)
	}
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		return string(out), false, err
	}
	return string(out), err == nil, nil
}

// mutations finds every flip in the file: each comparison negated (== to
// !=, < to >=, ...) and moved by one (< to <=, > to >=), each integer
// literal compared against moved by one (== 0 to == 1), each && and ||
// swapped, each ! dropped, and each bare boolean a bool function returns
// or tests (if ok) negated.
func mutations(fset *token.FileSet, file *ast.File) []mutation {
	var out []mutation
	negate := map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	boundary := map[token.Token]token.Token{token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR}
	logic := map[token.Token]token.Token{token.LAND: token.LOR, token.LOR: token.LAND}
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		where := func(at ast.Node) (token.Position, string) { return fset.Position(at.Pos()), claimOf(stack) }
		add := func(at ast.Node, from, to string, apply, undo func()) {
			p, c := where(at)
			out = append(out, mutation{pos: p, claim: c, from: from, to: to, apply: apply, undo: undo})
		}
		switch x := n.(type) {
		case *ast.BinaryExpr:
			op := x.Op
			text := func() string { return exprString(fset, x) }
			for _, table := range []map[token.Token]token.Token{negate, boundary, logic} {
				if to, ok := table[op]; ok {
					from := text()
					x.Op = to
					after := text()
					x.Op = op
					add(x, from, after, func() { x.Op = to }, func() { x.Op = op })
				}
			}
			if _, ok := negate[op]; ok {
				for _, side := range []*ast.Expr{&x.X, &x.Y} {
					lit, ok := (*side).(*ast.BasicLit)
					if !ok || lit.Kind != token.INT {
						continue
					}
					v, err := strconv.Atoi(lit.Value)
					if err != nil {
						continue
					}
					old := lit.Value
					from := text()
					lit.Value = strconv.Itoa(v + 1)
					after := text()
					lit.Value = old
					add(x, from, after, func() { lit.Value = strconv.Itoa(v + 1) }, func() { lit.Value = old })
				}
			}
		case *ast.UnaryExpr:
			if x.Op != token.NOT || !inBoolFunc(stack) {
				return true
			}
			_, field := parentSlot(stack, x)
			if field == nil {
				return true
			}
			from := exprString(fset, x)
			to := exprString(fset, x.X)
			add(x, from, to, func() { *field = x.X }, func() { *field = x })
		case *ast.IfStmt:
			switch c := x.Cond.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr:
				if !inBoolFunc(stack) {
					return true
				}
				neg := &ast.UnaryExpr{Op: token.NOT, X: c}
				from := exprString(fset, c)
				add(x, "if "+from, "if !"+from, func() { x.Cond = neg }, func() { x.Cond = c })
			}
		case *ast.ReturnStmt:
			if len(x.Results) != 1 || !inBoolFunc(stack) {
				return true
			}
			switch r := x.Results[0].(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr:
				if id, ok := r.(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
					return true
				}
				neg := &ast.UnaryExpr{Op: token.NOT, X: r}
				from := exprString(fset, r)
				add(x, "return "+from, "return !"+from, func() { x.Results[0] = neg }, func() { x.Results[0] = r })
			}
		}
		return true
	})
	return out
}

// inBoolFunc says whether the innermost function around the node returns
// exactly one bool (a claim's holds, or a helper a claim asks).
func inBoolFunc(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			ft = f.Type
		case *ast.FuncDecl:
			ft = f.Type
		default:
			continue
		}
		if ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
			return false
		}
		id, ok := ft.Results.List[0].Type.(*ast.Ident)
		return ok && id.Name == "bool"
	}
	return false
}

// parentSlot finds the field of the node's parent that holds it, so that a
// mutation can replace the node.
func parentSlot(stack []ast.Node, child ast.Expr) (ast.Node, *ast.Expr) {
	if len(stack) < 2 {
		return nil, nil
	}
	parent := stack[len(stack)-2]
	switch p := parent.(type) {
	case *ast.ReturnStmt:
		for i := range p.Results {
			if p.Results[i] == child {
				return p, &p.Results[i]
			}
		}
	case *ast.BinaryExpr:
		if p.X == child {
			return p, &p.X
		}
		if p.Y == child {
			return p, &p.Y
		}
	case *ast.IfStmt:
		if p.Cond == child {
			return p, &p.Cond
		}
	case *ast.ParenExpr:
		return p, &p.X
	case *ast.AssignStmt:
		for i := range p.Rhs {
			if p.Rhs[i] == child {
				return p, &p.Rhs[i]
			}
		}
	}
	return nil, nil
}

// claimOf names the claim (its variable) or the function the node is in.
func claimOf(stack []ast.Node) string {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ValueSpec:
			if len(n.Names) > 0 {
				return n.Names[0].Name
			}
		case *ast.FuncDecl:
			return n.Name.Name + "()"
		}
	}
	return "?"
}

func exprString(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, n); err != nil {
		return "?"
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return s
}

func indent(s string) string {
	return "      " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n      ")
}
