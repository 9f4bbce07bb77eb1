package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// identity is what a component's source says its type is.
type identity struct {
	Type string `json:"type"`
	// Alias is the deprecated type name the factory still accepts
	// (WithDeprecatedTypeAlias), "" when none.
	Alias string `json:"alias,omitempty"`
}

var (
	// internal/metadata/generated_status.go (mdatagen): Type =
	// component.MustNewType("otlp"); older releases: Type =
	// component.Type("otlp") or a string constant.
	metadataType       = regexp.MustCompile(`(?m)^\s*Type\s*(?:component\.Type\s*)?=\s*(?:component\.(?:MustNewType|Type)\()?"([^"]+)"`)
	metadataDeprecated = regexp.MustCompile(`(?m)^\s*DeprecatedType\s*(?:component\.Type\s*)?=\s*(?:component\.(?:MustNewType|Type)\()?"([^"]+)"`)
	// factories before mdatagen: typeStr = "jaeger".
	typeStr = regexp.MustCompile(`(?m)\btypeStr\s*(?:component\.Type\s*)?=\s*(?:component\.(?:MustNewType|Type)\()?"([^"]+)"`)
)

// readIdentity reads a component's type and deprecated alias from its
// module's source: the factory (NewFactory in the package root) and its
// generated metadata.
func readIdentity(dir string) (identity, bool) {
	var id identity
	meta, _ := os.ReadFile(filepath.Join(dir, "internal", "metadata", "generated_status.go"))
	if m := metadataType.FindSubmatch(meta); m != nil {
		id.Type = string(m[1])
	}
	root := goSources(dir)
	if id.Type == "" {
		for _, src := range root {
			if m := typeStr.FindSubmatch(src); m != nil {
				id.Type = string(m[1])
				break
			}
		}
	}
	if id.Type == "" {
		return id, false
	}
	for _, src := range root {
		for _, call := range aliasCalls(src) {
			switch {
			case call.lit != "":
				id.Alias = call.lit
			case call.ref == "metadata.DeprecatedType":
				if m := metadataDeprecated.FindSubmatch(meta); m != nil {
					id.Alias = string(m[1])
				}
			}
		}
	}
	return id, true
}

// goSources are the non-test Go files of a package directory.
func goSources(dir string) map[string][]byte {
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
			out[n] = data
		}
	}
	return out
}

type aliasCall struct{ lit, ref string }

// aliasCalls finds the factory's WithDeprecatedTypeAlias(...) options
// (xreceiver, xexporter, xprocessor, xconnector, xextension) in a file.
func aliasCalls(src []byte) []aliasCall {
	if !strings.Contains(string(src), "WithDeprecatedTypeAlias") {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []aliasCall
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "WithDeprecatedTypeAlias" {
			return true
		}
		arg := call.Args[0]
		for {
			p, ok := arg.(*ast.ParenExpr)
			if !ok {
				break
			}
			arg = p.X
		}
		switch a := arg.(type) {
		case *ast.CallExpr: // component.MustNewType("otlp")
			if len(a.Args) == 1 {
				if lit, ok := a.Args[0].(*ast.BasicLit); ok {
					out = append(out, aliasCall{lit: strings.Trim(lit.Value, "\"`")})
				}
			}
		case *ast.SelectorExpr: // metadata.DeprecatedType
			if x, ok := a.X.(*ast.Ident); ok {
				out = append(out, aliasCall{ref: x.Name + "." + a.Sel.Name})
			}
		}
		return true
	})
	return out
}
