package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/labctl/labctl/internal/fsutil"
)

// FlagFile is flagd's flag file (demo.flagd.json) as read from disk.
type FlagFile struct {
	Path string
	Data []byte
}

// Flag is one flag of the file, as the scenario needs it.
type Flag struct {
	Name           string
	DefaultVariant string
	State          string   // ENABLED or DISABLED
	Variants       []string // the variants' names, sorted
	// valueStart and valueEnd delimit defaultVariant's JSON string in the
	// file, quotes included: the only bytes an edit changes.
	valueStart, valueEnd int
}

// On says whether the flag's default variant is its "on" variant.
func (f Flag) On() bool { return f.DefaultVariant == "on" && f.State != "DISABLED" }

// ErrNoFlag means the file has none of the flag names asked for.
var ErrNoFlag = errors.New("no such flag in the file")

// ReadFlagFile reads path.
func ReadFlagFile(path string) (*FlagFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fsutil.ReadError("flag file", path, err)
	}
	return &FlagFile{Path: path, Data: data}, nil
}

// Flag finds the first of names in the file.
func (f *FlagFile) Flag(names ...string) (Flag, error) {
	flags, err := parseFlags(f.Data)
	if err != nil {
		return Flag{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	for _, n := range names {
		if fl, ok := flags[n]; ok {
			return fl, nil
		}
	}
	return Flag{}, fmt.Errorf("%s has no flag %s: %w", f.Path, orList(names), ErrNoFlag)
}

// SetDefaultVariant returns data with the flag's defaultVariant set to
// variant, every other byte unchanged, and the value it had.
func SetDefaultVariant(data []byte, flag, variant string) ([]byte, string, error) {
	flags, err := parseFlags(data)
	if err != nil {
		return nil, "", err
	}
	fl, ok := flags[flag]
	if !ok {
		return nil, "", fmt.Errorf("flag %s: %w", flag, ErrNoFlag)
	}
	if !slices.Contains(fl.Variants, variant) {
		return nil, "", fmt.Errorf("flag %s has no variant %q (it has %v)", flag, variant, fl.Variants)
	}
	if fl.valueStart == 0 {
		return nil, "", fmt.Errorf("flag %s has no defaultVariant to change", flag)
	}
	lit, err := jsonString(variant)
	if err != nil {
		return nil, "", err
	}
	out := make([]byte, 0, len(data)+len(lit))
	out = append(out, data[:fl.valueStart]...)
	out = append(out, lit...)
	out = append(out, data[fl.valueEnd:]...)
	return out, fl.DefaultVariant, nil
}

// Set writes the flag's new default variant to the file (fsutil.WriteFile:
// atomic, mode kept, a symlink followed) and returns the old one. The demo
// mounts the file's folder, not the file, so flagd sees the replaced file.
func (f *FlagFile) Set(flag, variant string) (string, error) {
	out, old, err := SetDefaultVariant(f.Data, flag, variant)
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	if old == variant {
		return old, nil
	}
	if err := fsutil.WriteFile(f.Path, out, 0o644); err != nil {
		return "", err
	}
	f.Data = out
	return old, nil
}

func jsonString(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// parseFlags reads every flags.NAME object with the position of its
// defaultVariant value, by walking the file's tokens.
func parseFlags(data []byte) (map[string]Flag, error) {
	var doc struct {
		Flags map[string]struct {
			State          string                     `json:"state"`
			DefaultVariant string                     `json:"defaultVariant"`
			Variants       map[string]json.RawMessage `json:"variants"`
		} `json:"flags"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a flagd flag file: %w", err)
	}
	flags := make(map[string]Flag, len(doc.Flags))
	for name, f := range doc.Flags {
		fl := Flag{Name: name, State: f.State, DefaultVariant: f.DefaultVariant}
		for v := range f.Variants {
			fl.Variants = append(fl.Variants, v)
		}
		slices.Sort(fl.Variants)
		flags[name] = fl
	}
	if err := locateDefaults(data, flags); err != nil {
		return nil, err
	}
	return flags, nil
}

// locateDefaults sets valueStart/valueEnd of each flag from the position of
// the string at flags.NAME.defaultVariant. With a key given twice, the last
// one wins, as json.Unmarshal decides.
func locateDefaults(data []byte, flags map[string]Flag) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type level struct {
		object    bool
		expectKey bool
		key       string
	}
	var stack []level
	path := func() []string {
		p := make([]string, 0, len(stack))
		for _, l := range stack {
			p = append(p, l.key)
		}
		return p
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not a flagd flag file: %w", err)
		}
		var top *level
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if top != nil && top.object && top.expectKey {
			if k, ok := tok.(string); ok {
				top.key, top.expectKey = k, false
				continue
			}
		}
		// A value (or the end of the container the value would be in).
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, level{object: tok == json.Delim('{'), expectKey: tok == json.Delim('{')})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			p := path()
			if s, ok := tok.(string); ok && len(p) == 3 && p[0] == "flags" && p[2] == "defaultVariant" {
				if fl, ok := flags[p[1]]; ok {
					// Between the key and the value are only blanks and a
					// colon: the value starts at the next quote.
					end := int(dec.InputOffset())
					start := before + int64(bytes.IndexByte(data[before:end], '"'))
					if start < before || !validString(data[start:end], s) {
						return fmt.Errorf("flag %s: cannot locate its defaultVariant", p[1])
					}
					fl.valueStart, fl.valueEnd = int(start), end
					flags[p[1]] = fl
				}
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].expectKey = true
		}
	}
}

// validString says whether raw is a JSON string literal of s (escapes and all).
func validString(raw []byte, s string) bool {
	u, err := strconv.Unquote(string(raw))
	if err == nil && u == s {
		return true
	}
	var v string
	return json.Unmarshal(raw, &v) == nil && v == s
}

func orList(names []string) string {
	switch len(names) {
	case 0:
		return "(none)"
	case 1:
		return names[0]
	}
	s := ""
	for i, n := range names {
		if i > 0 {
			s += " or "
		}
		s += n
	}
	return s
}
