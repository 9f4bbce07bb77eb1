// Package collectorknow is what labctl knows of every OpenTelemetry
// Collector release, generated from upstream by tools/collectorknow (see
// its doc): the component types of the core and contrib distributions,
// their deprecated aliases, and the config keys of the components students
// use. knowledge.json stores each release as its change from the previous
// one; regenerate it with tools/collectorknow/regen.
package collectorknow

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:generate ../../tools/collectorknow/regen
//go:embed knowledge.json
var knowledgeJSON []byte

// Node is the keys a config accepts at one level: "*" stands for any key
// (a map), "[]" for a list's items; nil means "not checked below".
type Node map[string]Node

// Comp is a component type at a release.
type Comp struct {
	Module string   `json:"module"`
	Dists  []string `json:"dists"`
	// Alias is the deprecated type name the factory also accepts.
	Alias string `json:"alias,omitempty"`
}

type delta struct {
	Release string                      `json:"release"`
	Derived bool                        `json:"derived"`
	Types   map[string]map[string]*Comp `json:"types"`
	Keys    map[string]map[string]Node  `json:"keys"`
	NoKeys  map[string][]string         `json:"no_keys"`
}

type file struct {
	KeysFrom string  `json:"keys_from"`
	Releases []delta `json:"releases"`
}

// state is one release whole.
type state struct {
	release string
	derived bool
	types   map[string]map[string]*Comp
	keys    map[string]map[string]Node
}

type table struct {
	keysFrom Version
	states   []*state // by release, oldest first
	byMinor  map[int]int
}

// load reads the table once, on first use.
var load = sync.OnceValues(loadTable)

func loadTable() (*table, error) {
	var f file
	if err := json.Unmarshal(knowledgeJSON, &f); err != nil {
		return nil, fmt.Errorf("collectorknow: knowledge.json: %w", err)
	}
	t := &table{byMinor: map[int]int{}}
	t.keysFrom, _ = Parse(f.KeysFrom)
	prev := &state{types: map[string]map[string]*Comp{}, keys: map[string]map[string]Node{}}
	for _, d := range f.Releases {
		s := &state{release: d.Release, derived: d.Derived, types: copy2(prev.types), keys: copy2(prev.keys)}
		for sec, m := range d.Types {
			for typ, c := range m {
				if s.types[sec] == nil {
					s.types[sec] = map[string]*Comp{}
				}
				if c == nil {
					delete(s.types[sec], typ)
					delete(s.keys[sec], typ)
				} else {
					s.types[sec][typ] = c
				}
			}
		}
		for sec, m := range d.Keys {
			if s.keys[sec] == nil {
				s.keys[sec] = map[string]Node{}
			}
			for typ, n := range m {
				s.keys[sec][typ] = n
			}
		}
		for sec, list := range d.NoKeys {
			for _, typ := range list {
				delete(s.keys[sec], typ)
			}
		}
		v, err := Parse(d.Release)
		if err != nil {
			return nil, fmt.Errorf("collectorknow: knowledge.json: %w", err)
		}
		t.byMinor[v.Minor] = len(t.states)
		t.states = append(t.states, s)
		prev = s
	}
	if len(t.states) == 0 {
		return nil, fmt.Errorf("collectorknow: knowledge.json has no release")
	}
	return t, nil
}

func copy2[V any](m map[string]map[string]V) map[string]map[string]V {
	out := make(map[string]map[string]V, len(m))
	for k, inner := range m {
		c := make(map[string]V, len(inner))
		for k2, v := range inner {
			c[k2] = v
		}
		out[k] = c
	}
	return out
}

// Version is a Collector release (0.145.0).
type Version struct{ Major, Minor, Patch int }

func (v Version) String() string {
	return "v" + strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
}

// Less compares releases.
func (v Version) Less(o Version) bool {
	if v.Major != o.Major {
		return v.Major < o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor < o.Minor
	}
	return v.Patch < o.Patch
}

// Parse reads "0.145.0" or "v0.145.0".
func Parse(s string) (Version, error) {
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("%q is not a release (0.N.P)", s)
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			return Version{}, fmt.Errorf("%q is not a release (0.N.P)", s)
		}
		n[i] = x
	}
	return Version{n[0], n[1], n[2]}, nil
}

// Release is what the table knows of one release.
type Release struct {
	s *state
	// Asked is the release asked for; Version the one whose knowledge
	// answers (the newest known when Asked is newer: Newer is then true).
	Asked, Version Version
	Newer          bool
}

// At is the knowledge of a release: a patch release answers as its
// minor's .0; a release newer than the table as the newest known (Newer
// says so, for a note). false for a release older than the table, a major
// other than 0, or an unreadable table.
func At(v Version) (Release, bool) {
	t, err := load()
	if err != nil || v.Major != 0 {
		return Release{}, false
	}
	if i, ok := t.byMinor[v.Minor]; ok {
		s := t.states[i]
		rv, _ := Parse(s.release)
		return Release{s: s, Asked: v, Version: rv}, true
	}
	newest := t.states[len(t.states)-1]
	nv, _ := Parse(newest.release)
	if nv.Less(v) {
		return Release{s: newest, Asked: v, Version: nv, Newer: true}, true
	}
	return Release{}, false
}

// Newest is the newest release the table knows.
func Newest() Version {
	t, err := load()
	if err != nil {
		return Version{}
	}
	v, _ := Parse(t.states[len(t.states)-1].release)
	return v
}

// Oldest is the oldest release the table knows.
func Oldest() Version {
	t, err := load()
	if err != nil {
		return Version{}
	}
	v, _ := Parse(t.states[0].release)
	return v
}

// Types are the component types of a section at this release (aliases
// not included), sorted.
func (r Release) Types(section string) []string {
	out := make([]string, 0, len(r.s.types[section]))
	for typ := range r.s.types[section] {
		out = append(out, typ)
	}
	sort.Strings(out)
	return out
}

// Has says whether a section has a type at this release, by its name or
// a deprecated alias (typ is then the name it stands for).
func (r Release) Has(section, name string) (typ string, alias, ok bool) {
	if _, ok := r.s.types[section][name]; ok {
		return name, false, true
	}
	if t, ok := r.AliasOf(section, name); ok {
		return t, true, true
	}
	return "", false, false
}

// AliasOf is the type a deprecated alias stands for at this release.
func (r Release) AliasOf(section, alias string) (string, bool) {
	for typ, c := range r.s.types[section] {
		if c.Alias == alias {
			return typ, true
		}
	}
	return "", false
}

// Comp is a type's module, distributions and alias at this release.
func (r Release) Comp(section, typ string) (Comp, bool) {
	c, ok := r.s.types[section][typ]
	if !ok {
		return Comp{}, false
	}
	return *c, true
}

// Keys is the key tree of a component type (or alias) at this release;
// false when its keys are not known (not a listed component, or a release
// older than the keys' start).
func (r Release) Keys(section, name string) (Node, bool) {
	typ, _, ok := r.Has(section, name)
	if !ok {
		return nil, false
	}
	n, ok := r.s.keys[section][typ]
	return n, ok && n != nil
}

// Change is when a type name stopped being accepted.
type Change struct {
	// Since is the first release that refuses the name.
	Since Version
	// RenamedTo is the type its module gives from then on ("" when the
	// module left the distributions).
	RenamedTo string
	// Module is the Go module that provided it.
	Module string
}

// Removed says whether a type name is refused at the newest release, and
// since when: the last release where it stopped being a type or an alias
// of its section. False when the newest release accepts it, or the table
// never knew it.
func Removed(section, name string) (Change, bool) {
	t, err := load()
	if err != nil {
		return Change{}, false
	}
	accepts := func(s *state) (*Comp, bool) {
		if c, ok := s.types[section][name]; ok {
			return c, true
		}
		for _, c := range s.types[section] {
			if c.Alias == name {
				return c, true
			}
		}
		return nil, false
	}
	if _, ok := accepts(t.states[len(t.states)-1]); ok {
		return Change{}, false
	}
	for i := len(t.states) - 1; i > 0; i-- {
		c, ok := accepts(t.states[i-1])
		if !ok {
			continue
		}
		since, _ := Parse(t.states[i].release)
		ch := Change{Since: since, Module: c.Module}
		for typ, nc := range t.states[i].types[section] {
			if nc.Module == c.Module {
				ch.RenamedTo = typ
			}
		}
		return ch, true
	}
	return Change{}, false
}

// AliasSince is the first release where name is a deprecated alias of
// its section's type typ (the rename's release); false when it never is.
func AliasSince(section, name string) (typ string, since Version, ok bool) {
	t, err := load()
	if err != nil {
		return "", Version{}, false
	}
	for _, s := range t.states {
		for typ, c := range s.types[section] {
			if c.Alias == name {
				v, _ := Parse(s.release)
				return typ, v, true
			}
		}
	}
	return "", Version{}, false
}

// KeysFrom is the first release whose keys the table has.
func KeysFrom() Version {
	t, err := load()
	if err != nil {
		return Version{}
	}
	return t.keysFrom
}

// Names are the type names a section accepts at this release: its types
// and their deprecated aliases, sorted.
func (r Release) Names(section string) []string {
	out := r.Types(section)
	for _, c := range r.s.types[section] {
		if c.Alias != "" {
			out = append(out, c.Alias)
		}
	}
	sort.Strings(out)
	return out
}

// EverNames are the type names a section accepted at any known release.
func EverNames(section string) []string {
	t, err := load()
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	for _, s := range t.states {
		for typ, c := range s.types[section] {
			seen[typ] = true
			if c.Alias != "" {
				seen[c.Alias] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
