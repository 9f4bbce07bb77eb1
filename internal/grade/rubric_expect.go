package grade

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/expect"
)

// A rubric may hold the course's own expectations (`expectations:`, the
// format of labctl-expect.yaml) and a criterion may name them
// (`expect: insert_under_post` or a list): it is met when verify's checks
// expect.<id> all pass, and its evidence quotes the spans.

// expectationsOf reads the rubric's `expectations:` list; file names the
// rubric in messages. Their requests must be in the traffic grading sends.
func (p *rubricParser) expectationsOf(r *Rubric, n *yaml.Node) error {
	exps, err := expect.ParseList(n, p.file)
	if err != nil {
		return err
	}
	var reqs []expect.Request
	for _, q := range config.Default().Traffic {
		reqs = append(reqs, expect.Request{Method: q.Method, Path: q.Path})
	}
	if err := expect.CheckTraffic(exps, reqs); err != nil {
		return err
	}
	r.Expectations = exps
	return nil
}

// expectProof reads a criterion's `expect:` into its checks.
func (p *rubricParser) expectProof(pr *Proof, n *yaml.Node) error {
	var items []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		items = []*yaml.Node{n}
	case yaml.SequenceNode:
		items = n.Content
	}
	if len(items) == 0 {
		return p.errf(n, "expect takes the id of an expectation of this rubric's `expectations:`, or a list of them")
	}
	for _, it := range items {
		id, err := p.str(it, "expect")
		if err != nil {
			return err
		}
		cid := expect.CheckPrefix + id
		if contains(pr.Checks, cid) {
			return p.errf(it, "expectation %q is listed twice; keep one", id)
		}
		pr.Checks = append(pr.Checks, cid)
		p.expectRefs = append(p.expectRefs, expectRef{id, it.Line})
	}
	pr.Check = pr.Checks[0]
	return nil
}

type expectRef struct {
	id   string
	line int
}

// checkExpectRefs refuses a criterion that names an expectation the rubric
// does not define (`expectations:` may come after the groups).
func (p *rubricParser) checkExpectRefs(r *Rubric) error {
	var ids []string
	for _, e := range r.Expectations {
		ids = append(ids, e.ID)
	}
	for _, ref := range p.expectRefs {
		if !contains(ids, ref.id) {
			have := "the rubric defines none; add `expectations:` (the format of labctl-expect.yaml)"
			if len(ids) > 0 {
				have = "its expectations: " + strings.Join(ids, ", ")
			}
			return fmt.Errorf("%s:%d: no expectation %q in this rubric; %s", p.file, ref.line, ref.id, have)
		}
	}
	return nil
}
