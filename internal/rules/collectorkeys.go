package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/collectorknow"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"gopkg.in/yaml.v3"
)

// keyNode is the keys accepted at one level of a component's config: "*"
// stands for any key (a map), "[]" for a list's items; nil means "not
// checked below" (a scalar, or a part that decodes itself). The trees come
// from the generated knowledge (internal/collectorknow), read from each
// component's own config struct at each release.
type keyNode = collectorknow.Node

// componentKeys is the keys of a component type (or deprecated alias) at
// the image's release, when the knowledge has them: an unknown release
// (latest, a digest, a custom build) or a component whose keys are not
// read gives nothing: better no finding than a wrong one. A release newer
// than the table answers as the newest known.
func componentKeys(image, section, typ string) (keyNode, bool) {
	r, ok := collectorRelease(image)
	if !ok || r.Version.Less(collectorknow.KeysFrom()) {
		return nil, false
	}
	return r.Keys(section, typ)
}

// unknownKey is a key the component's config struct does not have.
type unknownKey struct {
	Section, ID string
	// Path is the key's path under the component (tls.insecur).
	Path []string
	Line int
	// Near is the accepted key at that level nearest to it ("" if none is near).
	Near string
	// Under is, when nothing is near, the section one level down that has
	// this very key ("insecure" written beside tls instead of under it).
	Under string
}

func (u unknownKey) key() string {
	return u.Section + "." + u.ID + "." + strings.Join(u.Path, ".")
}

// name is the key itself (its last part).
func (u unknownKey) name() string { return u.Path[len(u.Path)-1] }

// unknownKeys lists the keys, in the Collector config, that the
// components' config structs do not have (in file order).
func unknownKeys(l *model.Lab) []unknownKey {
	var out []unknownKey
	image := collectorImage(l)
	for _, section := range componentSections {
		for _, id := range definedIDs(l.Files.Collector.Doc, section) {
			typ, _, _ := strings.Cut(id, "/")
			keys, ok := componentKeys(image, section, typ)
			if !ok {
				continue
			}
			walkKeys(valueOf(valueOf(l.Files.Collector.Doc, section), id), keys, nil, func(u unknownKey) {
				u.Section, u.ID = section, id
				out = append(out, u)
			})
		}
	}
	return out
}

// unknownKeyNamed is the unknown key of a component with that name (the
// validator names the key, not always its path); false when the table
// does not apply or does not find it.
func unknownKeyNamed(l *model.Lab, section, id, name string) (unknownKey, bool) {
	for _, u := range unknownKeys(l) {
		if u.Section == section && u.ID == id && u.name() == name {
			return u, true
		}
	}
	return unknownKey{}, false
}

// walkKeys compares a YAML value with the keys accepted there and calls
// found for each key that is not.
func walkKeys(n *yaml.Node, keys keyNode, path []string, found func(unknownKey)) {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || keys == nil {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		if items, ok := keys["[]"]; ok {
			for i, c := range n.Content {
				walkKeys(c, items, with(path, fmt.Sprintf("[%d]", i)), found)
			}
		}
	case yaml.MappingNode:
		if anyKey, ok := keys["*"]; ok {
			for i := 0; i+1 < len(n.Content); i += 2 {
				walkKeys(n.Content[i+1], anyKey, with(path, n.Content[i].Value), found)
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			// "<<" merges an anchor; "a::b" is confmap's nested path:
			// neither is read here.
			if k == "<<" || strings.Contains(k, "::") {
				continue
			}
			sub := with(path, k)
			if child, ok := keys[k]; ok {
				walkKeys(n.Content[i+1], child, sub, found)
				continue
			}
			u := unknownKey{Path: sub, Line: n.Content[i].Line, Near: DidYouMean(k, keyNames(keys))}
			if u.Near == "" {
				u.Under = sectionWith(keys, k)
			}
			found(u)
		}
	}
}

// with is path and one more key, in a new slice (paths are kept).
func with(path []string, k string) []string {
	return append(append(make([]string, 0, len(path)+1), path...), k)
}

// sectionWith is the one sub-section at this level that accepts key; ""
// when none or several do.
func sectionWith(k keyNode, key string) string {
	found := ""
	for _, name := range keyNames(k) {
		if _, ok := k[name][key]; ok {
			if found != "" {
				return ""
			}
			found = name
		}
	}
	return found
}

// names are the keys accepted at a level, sorted.
func keyNames(k keyNode) []string {
	out := make([]string, 0, len(k))
	for name := range k {
		if name != "*" && name != "[]" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

var _ = register(&Rule{
	ID: "LAB023", Slug: "collector-unknown-key",
	Title:  "A Collector component's config sets a key the component does not have",
	Blocks: allChecks,
	Page: `Each Collector component decodes its config into its own Go struct and refuses any key
the struct does not have: the whole config is refused and the Collector exits, e.g.
  'postgresqlreceiver.Config' has invalid keys: databse
  'tls' has invalid keys: insecur
labctl knows, for every Collector release since v0.100.0 and the components configs
commonly use (otlp, prometheus, postgresql, hostmetrics, filelog, docker_stats receivers;
batch, memory_limiter, resource, attributes, filter, transform processors; otlp_grpc,
otlp_http, debug, prometheus, loadbalancing, file exporters; spanmetrics; health_check,
pprof, zpages), every key their config structs accept at that release, read from the
components' own source (tools/collectorknow), and names the nearest accepted key at the
same level. For an image whose release is not in its tag (latest, a digest) or a custom
build, or a component outside that list, labctl says nothing here; the image's own
validator (LAB050) still answers when Docker runs.`,
	Needs: NeedFiles,
	Check: func(r *Rule, l *model.Lab) []Finding {
		var out []Finding
		for _, u := range unknownKeys(l) {
			f := r.says(l.Files.Collector.File, u.Line, u.key(), newerNote(collectorImage(l), unknownKeyMessage(u)))
			if fix := unknownKeyFix(u); !fix.IsZero() {
				f.Fix = fix
			}
			out = append(out, f)
		}
		return out
	},
})

func unknownKeyMessage(u unknownKey) msg.Message {
	where := u.Section + "." + u.ID
	if len(u.Path) > 1 {
		where += "." + strings.Join(u.Path[:len(u.Path)-1], ".")
	}
	m := msg.New("rule.LAB023.no_setting", where, u.name())
	switch {
	case u.Near != "":
		m = msg.New("rule.did_you_mean", m, u.Near)
	case u.Under != "":
		m = msg.New("rule.LAB023.one_level_down", m, u.Under)
	}
	return m
}

// unknownKeyFix is the precise fix ("" when the rule's generic one is all
// that can be said).
func unknownKeyFix(u unknownKey) msg.Message {
	switch {
	case u.Near != "":
		return msg.New("rule.LAB023.fix_write", u.Near, u.name())
	case u.Under != "":
		return msg.New("rule.LAB023.fix_move", u.name(), u.Under, u.Under, u.name())
	}
	return msg.Message{}
}
