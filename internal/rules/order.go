package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The order verify tells causes in is derived from each rule's After (the
// rules whose causes come before its own, as the data flows: backend, then
// the Collector's traces, then its metrics, then Prometheus), not written
// in a central list: a new rule says where it stands in its own file.

// Ordered lists every rule after the rules its After names, ties broken by
// ID (so that the order is stable); an After naming no rule, or a cycle, is
// an error.
func Ordered(rules []*Rule) ([]*Rule, error) {
	byID := map[string]*Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	for _, r := range rules {
		for _, a := range r.After {
			if byID[a] == nil {
				return nil, fmt.Errorf("rules: %s comes after %s, which is no rule", r.ID, a)
			}
		}
	}
	rest := append([]*Rule{}, rules...)
	sort.Slice(rest, func(i, j int) bool { return rest[i].ID < rest[j].ID })
	placed := map[string]bool{}
	var out []*Rule
	for len(rest) > 0 {
		next := -1
		for i, r := range rest {
			ready := true
			for _, a := range r.After {
				ready = ready && placed[a]
			}
			if ready {
				next = i
				break
			}
		}
		if next < 0 {
			var ids []string
			for _, r := range rest {
				ids = append(ids, r.ID)
			}
			return nil, fmt.Errorf("rules: a cycle in After among %s", strings.Join(ids, ", "))
		}
		placed[rest[next].ID] = true
		out = append(out, rest[next])
		rest = append(rest[:next], rest[next+1:]...)
	}
	return out, nil
}

// inOrder is every registered cause rule in verify's order, sorted once,
// after every rule's init has registered it; the walk's rules (Walk) are
// no causes verify looks for, the walk says them. A cycle is a programming
// error that TestOrder catches.
var inOrder = sync.OnceValue(func() []*Rule {
	out, err := Ordered(causeRules())
	if err != nil {
		panic(err)
	}
	return out
})

// causeRules are the rules verify looks for in a lab or its logs: every
// rule but the walk's.
func causeRules() []*Rule {
	var out []*Rule
	for _, r := range All() {
		if !r.Walk {
			out = append(out, r)
		}
	}
	return out
}
