package tasks

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/fsutil"
)

// header starts every saved file; it tells students they may edit it.
const header = `# labctl time tracking: the estimate-vs-actual table of report.md.
# Edit it freely or use "labctl task". Durations: 10m, 90m, 2h, 1h30.
# running_since marks the running task. Comments in this file are not kept.
`

// Load reads a tasks file. A missing file is an empty list, so that the
// first `labctl task add` creates it. Errors name the file and the line.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path}, nil
	}
	if err != nil {
		return nil, fsutil.ReadError("tasks file", path, err)
	}
	return Parse(data, path)
}

// Edit loads the tasks file for a change and holds its lock (a sidecar,
// labctl-tasks.yaml.lock, see fsutil.Lock) until done is called, so that
// concurrent labctl task commands lose no update: load, change, Save, done.
func Edit(path string) (f *File, done func(), err error) {
	unlock, err := fsutil.Lock(path)
	if err != nil {
		return nil, nil, err
	}
	if f, err = Load(path); err != nil {
		unlock()
		return nil, nil, err
	}
	return f, unlock, nil
}

// Parse decodes tasks file content; path names it in messages.
func Parse(data []byte, path string) (*File, error) {
	f := &File{Path: path}
	bad := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s; fix the YAML on that line", yamlError(path, err))
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, bad(root.Line, "expected a mapping with a \"tasks:\" list; fix the file or delete it to start over")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "tasks" {
			return nil, bad(k.Line, "unknown key %q; the only top-level key is \"tasks\"", k.Value)
		}
		if v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return nil, bad(v.Line, "\"tasks\" must be a list of tasks (lines starting with \"- name:\")")
		}
		for _, item := range v.Content {
			t, err := parseTask(item, bad)
			if err != nil {
				return nil, err
			}
			if j := f.index(t.Name); j >= 0 {
				return nil, bad(t.Line, "%v: %q is also on line %d; rename or merge one of them", ErrDuplicate, t.Name, f.Tasks[j].Line)
			}
			if r := f.Running(); r != nil && t.Running() {
				return nil, bad(t.Line, "%q and %q (line %d) are both running; remove running_since from one of them", t.Name, r.Name, r.Line)
			}
			f.Tasks = append(f.Tasks, t)
		}
	}
	return f, nil
}

func parseTask(n *yaml.Node, bad func(int, string, ...any) error) (Task, error) {
	t := Task{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return t, bad(n.Line, "a task must be a mapping (name:, estimate:, spent:, comment:)")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return t, bad(v.Line, "%s must be a single value", k.Value)
		}
		switch k.Value {
		case "name":
			if err := CheckName(v.Value); err != nil {
				return t, bad(v.Line, "%v", err)
			}
			t.Name = v.Value
		case "estimate", "spent":
			if v.Tag == "!!null" {
				continue
			}
			d, err := ParseDuration(v.Value)
			if err != nil {
				return t, bad(v.Line, "%s: %v", k.Value, err)
			}
			if k.Value == "spent" {
				t.Spent = d
			} else {
				t.Estimate = &d
			}
		case "comment":
			if v.Tag != "!!null" {
				t.Comment = v.Value
			}
		case "running_since":
			if v.Tag == "!!null" {
				continue
			}
			at, err := time.Parse(time.RFC3339, v.Value)
			if err != nil {
				return t, bad(v.Line, "running_since %q is not a time like 2006-01-02T15:04:05+01:00; fix it or remove the line", v.Value)
			}
			t.RunningSince = &at
		default:
			return t, bad(k.Line, "unknown key %q; a task has name, estimate, spent, comment and running_since", k.Value)
		}
	}
	if t.Name == "" {
		return t, bad(n.Line, "task without a name; add \"name: ...\" or remove the task")
	}
	return t, nil
}

// yamlError turns "yaml: line 3: msg" into "path:3: msg".
func yamlError(path string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ":")
		return fmt.Sprintf("%s:%d:%s", path, line, rest)
	}
	return path + ": " + msg
}

// fileTask is the saved shape of a task; durations are written canonically.
type fileTask struct {
	Name         string `yaml:"name"`
	Estimate     string `yaml:"estimate,omitempty"`
	Spent        string `yaml:"spent"`
	Comment      string `yaml:"comment,omitempty"`
	RunningSince string `yaml:"running_since,omitempty"`
}

// Marshal renders the file as saved: a header comment and the tasks.
func (f *File) Marshal() ([]byte, error) {
	out := struct {
		Tasks []fileTask `yaml:"tasks"`
	}{Tasks: make([]fileTask, 0, len(f.Tasks))}
	for _, t := range f.Tasks {
		ft := fileTask{Name: t.Name, Spent: t.Spent.String(), Comment: t.Comment}
		if t.Estimate != nil {
			ft.Estimate = t.Estimate.String()
		}
		if t.RunningSince != nil {
			ft.RunningSince = t.RunningSince.Format(time.RFC3339)
		}
		out.Tasks = append(out.Tasks, ft)
	}
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("encode tasks: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode tasks: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the file with fsutil.WriteFile: atomically, keeping its mode,
// through a symbolic link to its target, never over a read-only file.
func (f *File) Save() error {
	data, err := f.Marshal()
	if err != nil {
		return err
	}
	if err := fsutil.WriteFile(f.Path, data, 0o644); err != nil {
		return fmt.Errorf("save tasks: %w", err)
	}
	return nil
}
