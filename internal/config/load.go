package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/fsutil"
)

// DefaultConfigFile is read from the working directory when --config is not given.
const DefaultConfigFile = "labctl.yaml"

// Load reads and validates a lab config. An empty path means ./labctl.yaml
// when it exists, else the defaults. Every error names the file, the line
// when there is one, and the fix.
func Load(path string) (*Config, error) {
	explicit := path != ""
	if !explicit {
		path = DefaultConfigFile
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		// A link to nothing is a config the user meant to have, not "no config".
		if dest, lerr := os.Readlink(path); lerr == nil {
			return nil, fmt.Errorf("%s is a symbolic link to %s, which does not exist; fix the link or remove it", path, dest)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		cfg := Default()
		wd, werr := os.Getwd()
		if werr != nil {
			return nil, fmt.Errorf("find working directory: %w", werr)
		}
		cfg.BaseDir = wd
		return cfg, cfg.finish()
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("config %s does not exist; check the --config path", path)
	case err != nil:
		return nil, fsutil.ReadError("config", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolve config path %s: %w", path, err)
	}
	return Parse(data, abs)
}

// Environment variables that override labctl.yaml, for CI jobs that share
// the student's file but run against a remote engine.
const (
	EnvPublishAddress = "LABCTL_PUBLISH_ADDRESS"
	EnvHost           = "LABCTL_HOST"
)

// Parse decodes labctl.yaml content over the defaults. path names the file
// in messages and sets BaseDir.
func Parse(data []byte, path string) (*Config, error) {
	cfg := Default()
	cfg.Source = path
	cfg.BaseDir = filepath.Dir(path)
	name := filepath.Base(path)

	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s; fix the YAML syntax", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if line := secondDocument(data); line > 0 {
		return nil, fmt.Errorf("%s:%d: a second YAML document starts here, and labctl reads only one; merge it into the first or remove it (and its --- line)", name, line)
	}
	if len(doc.Content) > 0 { // an empty file means "all defaults"
		root := doc.Content[0]
		if err := checkKeys(root, reflect.TypeOf(*cfg), name, ""); err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(cfg); err != nil {
			return nil, typeError(name, err)
		}
	}
	if err := cfg.finish(); err != nil {
		var env envError
		if errors.As(err, &env) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
}

// secondDocument returns the line (its ---) of a second YAML document in
// data that holds something, or 0: yaml.Unmarshal reads only the first, and
// the rest would be silently ignored. An empty one (a trailing ---) is fine.
func secondDocument(data []byte) int {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for i := 0; ; i++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		switch {
		case errors.Is(err, io.EOF):
			return 0
		case err != nil: // the first document parsed; a later one is broken
			line := 1
			fmt.Sscanf(err.Error(), "yaml: line %d:", &line)
			return line
		case i == 0:
			continue
		}
		if len(doc.Content) > 0 && doc.Content[0].Tag != "!!null" {
			return max(doc.Line, 1)
		}
	}
}

// yamlTypeErr matches yaml.v3's "line 2: cannot unmarshal !!str `eighty` into int".
var yamlTypeErr = regexp.MustCompile("line (\\d+): cannot unmarshal !!(\\w+) `([^`]*)` into (.+)")

// typeError turns yaml.v3's type error into "FILE:LINE: ..." with the fix.
func typeError(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		if m := yamlTypeErr.FindStringSubmatch(te.Errors[0]); m != nil {
			want := m[4]
			switch {
			case strings.Contains(want, "int"):
				want = "a number"
			case strings.HasPrefix(want, "[]"):
				want = "a list"
			case want == "string" || strings.HasPrefix(want, "lab."):
				want = "a plain value"
			}
			return fmt.Errorf("%s:%s: %q is a %s, but this key takes %s", file, m[1], m[3], m[2], want)
		}
	}
	return fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
}

// checkKeys walks the YAML mapping against the struct's yaml tags so that an
// unknown key is reported with its line and the keys that are valid there.
func checkKeys(n *yaml.Node, t reflect.Type, file, prefix string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case isInt(t.Kind()) && n.Kind == yaml.ScalarNode && n.Tag == "!!float":
		return fmt.Errorf("%s:%d: %s %s is not a whole number; this key takes a number like %s",
			file, n.Line, strings.TrimSuffix(prefix, "."), n.Value, wholePart(n.Value))
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				return fmt.Errorf("%s:%d: unknown key %q; valid keys%s: %s",
					file, k.Line, prefix+k.Value, where(prefix), strings.Join(sortedKeys(fields), ", "))
			}
			if err := checkKeys(v, ft, file, prefix+k.Value+"."); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Struct && n.Kind != yaml.MappingNode && n.Tag != "!!null":
		return fmt.Errorf("%s:%d: %q must be a mapping of keys, not %q", file, n.Line, strings.TrimSuffix(prefix, "."), n.Value)
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if err := checkKeys(item, t.Elem(), file, strings.TrimSuffix(prefix, ".")+"[]."); err != nil {
				return err
			}
		}
	}
	return nil
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// wholePart is the example a message gives for a fractional number: 8001 for 8001.9.
func wholePart(v string) string {
	if w, _, ok := strings.Cut(v, "."); ok && w != "" && w != "-" && w != "+" {
		return w
	}
	return "8000"
}

func where(prefix string) string {
	if prefix == "" {
		return ""
	}
	return " under " + strings.TrimSuffix(prefix, ".")
}

func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		out[tag] = f.Type
	}
	return out
}

func sortedKeys(m map[string]reflect.Type) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
