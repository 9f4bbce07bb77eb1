package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseManifest(t *testing.T) {
	got := parseManifest([]byte(`dist:
  name: otelcol-contrib
  version: 0.130.0
extensions:
  - gomod: go.opentelemetry.io/collector/extension/zpagesextension v0.130.0
exporters:
  - gomod: github.com/open-telemetry/opentelemetry-collector-contrib/exporter/lokiexporter v0.130.0
providers:
  - gomod: go.opentelemetry.io/collector/confmap/provider/envprovider v1.36.0
`))
	want := []module{
		{"extensions", "go.opentelemetry.io/collector/extension/zpagesextension", "v0.130.0"},
		{"exporters", "github.com/open-telemetry/opentelemetry-collector-contrib/exporter/lokiexporter", "v0.130.0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v (providers are not components)", got, want)
	}
}

func TestReadIdentity(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// as hostmetricsreceiver@v0.151.0 writes it: the alias in parentheses
	write("internal/metadata/generated_status.go", "package metadata\nvar (\n\tType           = component.MustNewType(\"host_metrics\")\n\tDeprecatedType = component.MustNewType(\"hostmetrics\")\n)\n")
	write("factory.go", "package x\nfunc NewFactory() receiver.Factory {\n\treturn xreceiver.NewFactory(metadata.Type, createDefaultConfig,\n\t\txreceiver.WithDeprecatedTypeAlias((metadata.DeprecatedType)))\n}\n")
	id, ok := readIdentity(dir)
	if !ok || id != (identity{Type: "host_metrics", Alias: "hostmetrics"}) {
		t.Errorf("got %+v %v", id, ok)
	}
	// a DeprecatedType the factory does not pass is no alias
	write("factory.go", "package x\nfunc NewFactory() receiver.Factory { return xreceiver.NewFactory(metadata.Type, createDefaultConfig) }\n")
	if id, _ := readIdentity(dir); id.Alias != "" {
		t.Errorf("alias %q read from metadata alone", id.Alias)
	}
}

func TestKeyPreserving(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"the receiver itself", "if err := conf.Unmarshal(cfg); err != nil { return err }\nif conf.IsSet(\"x\") && conf.Get(\"y\") != nil {}\nreturn nil", true},
		// configopaque.MapList: decodes a map, not its own fields
		{"into another value", "var m2 map[string]string\nreturn conf.Unmarshal(&m2)", false},
		{"ignoring unused keys", "return conf.Unmarshal(cfg, confmap.WithIgnoreUnused())", false},
		{"a sub-conf", "sub, _ := conf.Sub(\"x\")\n_ = sub\nreturn conf.Unmarshal(cfg)", false},
	} {
		src := "package p\nfunc (cfg *Config) Unmarshal(conf *confmap.Conf) error {\n" + c.body + "\n}\n"
		f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := keyPreserving(f.Decls[0].(*ast.FuncDecl)); got != c.want {
			t.Errorf("%s: keyPreserving = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestStructTag(t *testing.T) {
	tag := `mapstructure:"endpoint,omitempty" json:"e"`
	if got := structTag(tag, "mapstructure"); got != "endpoint,omitempty" {
		t.Errorf("got %q", got)
	}
	if got := structTag(tag, "yaml"); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestShiftVersion(t *testing.T) {
	if got := shiftVersion("v1.65.0", 3); got != "v1.68.0" {
		t.Errorf("got %s", got)
	}
	if got := shiftVersion("v0.159.0", 6); got != "v0.165.0" {
		t.Errorf("got %s", got)
	}
}
