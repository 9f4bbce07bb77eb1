package grade

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/expect"
)

// Rubric is the course's checklist for one lab: groups of criteria, each
// main (bold) or secondary (italic) and tied to what proves it, and the
// table from the number of criteria met to the note.
type Rubric struct {
	Title  string    `json:"title"`
	Lang   string    `json:"lang"` // fr or en: the checklist's words
	Groups []Group   `json:"groups"`
	Notes  []NoteRow `json:"notes"`
	// Scheme, when set, grades by base and complementary criteria (the
	// course's second scheme, scheme.go) instead of the Notes table.
	Scheme *Scheme `json:"scheme,omitempty"`
	// Limits bound each submission while it is graded (limits:); zero
	// fields take the flags' or labctl's defaults.
	Limits Limits `json:"limits,omitzero"`
	// Source is the file it was read from, "" for the built-in one.
	Source string `json:"source,omitempty"`
	// Expectations are the rubric's own (rubric_expect.go): verify runs
	// them as checks expect.<id>, which criteria name with expect:.
	Expectations []expect.Expectation `json:"-"`
	// langSet says the rubric's file names its lang: (the built-in one's
	// does not count): then it decides the checklist's language over the
	// locale (Rubric.ChooseLang). Not part of the Digest.
	langSet bool
}

// Group is one heading of the checklist.
type Group struct {
	Name     string      `json:"name"`
	Criteria []Criterion `json:"criteria"`
}

// Criterion is one line of the checklist.
type Criterion struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Main  bool   `json:"main"`
	Proof Proof  `json:"proof"`
	Line  int    `json:"line,omitempty"` // in the rubric file
}

// Proof is what decides a criterion: exactly one of a verify check (or
// several that must all pass), a report finding, or the hand-in date.
type Proof struct {
	// Check is a verify check ID; Checks holds it and any others that must
	// pass with it (`check: [postgresql_commits, postgresql_rows]`).
	Check  string   `json:"check,omitempty"`
	Checks []string `json:"checks,omitempty"`
	Report string   `json:"report,omitempty"` // a finding ID (FindingIDs)
	OnTime bool     `json:"on_time,omitempty"`
}

// NoteRow maps a number of criteria met to a note: Met or more gives Note,
// up to the next row.
type NoteRow struct {
	Met  int     `json:"met"`
	Note float64 `json:"note"`
}

// CheckIDs are the verify checks a rubric may name.
var CheckIDs = []string{
	checks.IDBackendTraffic, checks.IDJaegerService, checks.IDServerSpan, checks.IDDBSpan,
	checks.IDCollector, checks.IDPromScrape, checks.IDPGCommits, checks.IDPGRows,
}

// Item is a criterion with the name of its group.
type Item struct {
	Group string
	Criterion
}

// Criteria lists every criterion in checklist order, with its group.
func (r *Rubric) Criteria() []Item {
	var out []Item
	for _, g := range r.Groups {
		for _, c := range g.Criteria {
			out = append(out, Item{g.Name, c})
		}
	}
	return out
}

// Note is the note for met criteria: the Notes row with the largest Met not
// above met; without a table, the course's 1 + 0.5 per criterion, capped at 6.
func (r *Rubric) Note(met int) float64 {
	if met < 0 {
		met = 0
	}
	if r == nil || len(r.Notes) == 0 {
		return math.Min(6, 1+0.5*float64(met))
	}
	note := r.Notes[0].Note
	for _, row := range r.Notes {
		if row.Met <= met {
			note = row.Note
		}
	}
	return note
}

// DefaultNotes is the course's table: 0 criteria give 1, each one half a
// point more, 10 or more give 6.
func DefaultNotes() []NoteRow {
	rows := make([]NoteRow, 11)
	for i := range rows {
		rows[i] = NoteRow{Met: i, Note: 1 + 0.5*float64(i)}
	}
	return rows
}

// LoadRubric reads and validates a rubric file (--rubric).
func LoadRubric(path string) (*Rubric, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("rubric %s does not exist; check the --rubric path, or write the default with `labctl init --rubric`", path)
	case err != nil:
		return nil, fmt.Errorf("read rubric %s: %w", path, err)
	}
	return ParseRubric(data, path)
}

// ParseRubric decodes and validates a rubric; file names it in messages.
// Every error is one line: FILE:LINE: what is wrong; the fix.
func ParseRubric(data []byte, file string) (*Rubric, error) {
	name := filepath.Base(file)
	if file == "" {
		name = "rubric"
	}
	p := &rubricParser{file: name, ids: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return nil, fmt.Errorf("%s:%s: %s; fix the YAML syntax", name, m[1], m[2])
		}
		return nil, fmt.Errorf("%s: %s; fix the YAML syntax", name, msg)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s is empty; start from the default with `labctl init --rubric`", name)
	}
	r, err := p.rubric(doc.Content[0])
	if err != nil {
		return nil, err
	}
	r.Source = file
	return r, nil
}

type rubricParser struct {
	file       string
	ids        map[string]int // criterion ID → its line
	expectRefs []expectRef    // the expectations criteria name
}

func (p *rubricParser) errf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// fields walks a mapping: every key must be one of keys, at most once.
func (p *rubricParser) fields(n *yaml.Node, what string, keys []string, each func(k string, key, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping of keys (%s)", what, strings.Join(keys, ", "))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contains(keys, k.Value) {
			return p.errf(k, "unknown key %q in %s; valid keys: %s", k.Value, what, strings.Join(keys, ", "))
		}
		if at, dup := seen[k.Value]; dup {
			return p.errf(k, "key %q is given twice in %s (first at line %d); keep one", k.Value, what, at)
		}
		seen[k.Value] = k.Line
		if err := each(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *rubricParser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a plain text value", key)
	}
	return strings.TrimSpace(n.Value), nil
}

func (p *rubricParser) rubric(root *yaml.Node) (*Rubric, error) {
	r := &Rubric{}
	var groupsNode, notesNode, baseNode, compNode *yaml.Node
	err := p.fields(root, "the rubric", []string{"title", "lang", "groups", "notes", "base", "complementary", "limits", "expectations"}, func(k string, key, v *yaml.Node) error {
		var err error
		switch k {
		case "title":
			r.Title, err = p.str(v, "title")
		case "lang":
			r.Lang, err = p.str(v, "lang")
			r.langSet = true
			if err == nil && r.Lang != "fr" && r.Lang != "en" {
				err = p.errf(v, "lang %q is not a language labctl writes; use fr or en", r.Lang)
			}
		case "groups":
			groupsNode = v
			err = p.groups(r, v)
		case "notes":
			notesNode = v
			err = p.notesTable(r, v)
		case "base":
			baseNode = v
			err = p.baseScheme(r, v)
		case "complementary":
			compNode = v
			err = p.complementaryScheme(r, v)
		case "limits":
			err = p.limits(r, v)
		case "expectations":
			err = p.expectationsOf(r, v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if r.Lang == "" {
		r.Lang = "fr"
	}
	if r.Title == "" {
		r.Title = printer(r.Lang).Sprintf("grade.Title")
	}
	if groupsNode == nil || len(r.Groups) == 0 {
		return nil, p.errf(root, "the rubric has no groups; add `groups:` with at least one group and its criteria")
	}
	if err := p.checkScheme(r, root, notesNode, baseNode, compNode); err != nil {
		return nil, err
	}
	if err := p.checkNotes(r, notesNode); err != nil {
		return nil, err
	}
	if err := p.checkExpectRefs(r); err != nil {
		return nil, err
	}
	return r, nil
}

func (p *rubricParser) groups(r *Rubric, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "groups must be a list of groups (- name: ..., criteria: [...])")
	}
	for _, gn := range n.Content {
		g := Group{}
		var crit *yaml.Node
		err := p.fields(gn, "a group", []string{"name", "criteria"}, func(k string, key, v *yaml.Node) error {
			var err error
			switch k {
			case "name":
				g.Name, err = p.str(v, "name")
			case "criteria":
				crit = v
			}
			return err
		})
		if err != nil {
			return err
		}
		if g.Name == "" {
			return p.errf(gn, "this group has no name; add `name:` (its heading in the checklist)")
		}
		if crit == nil || crit.Kind != yaml.SequenceNode || len(crit.Content) == 0 {
			return p.errf(gn, "group %q has no criteria; add `criteria:` with at least one", g.Name)
		}
		for _, cn := range crit.Content {
			c, err := p.criterion(cn)
			if err != nil {
				return err
			}
			g.Criteria = append(g.Criteria, c)
		}
		r.Groups = append(r.Groups, g)
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

var criterionID = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)

func (p *rubricParser) criterion(n *yaml.Node) (Criterion, error) {
	c := Criterion{Line: n.Line}
	var proofs []string
	err := p.fields(n, "a criterion", []string{"id", "text", "main", "check", "expect", "report", "on_time"}, func(k string, key, v *yaml.Node) error {
		var err error
		switch k {
		case "id":
			c.ID, err = p.str(v, "id")
			if err == nil && !criterionID.MatchString(c.ID) {
				err = p.errf(v, "criterion id %q must be lowercase letters, digits, _ . or -, like traces_jaeger", c.ID)
			}
		case "text":
			c.Text, err = p.str(v, "text")
		case "main":
			c.Main, err = p.boolean(v, "main")
		case "check":
			proofs = append(proofs, "check")
			err = p.checkProof(&c.Proof, v)
		case "expect":
			proofs = append(proofs, "expect")
			err = p.expectProof(&c.Proof, v)
		case "report":
			proofs = append(proofs, "report")
			c.Proof.Report, err = p.str(v, "report")
			if err == nil && !contains(FindingIDs, c.Proof.Report) {
				err = p.errf(v, "unknown report finding %q; use one of: %s", c.Proof.Report, strings.Join(FindingIDs, ", "))
			}
		case "on_time":
			proofs = append(proofs, "on_time")
			c.Proof.OnTime, err = p.boolean(v, "on_time")
			if err == nil && !c.Proof.OnTime {
				err = p.errf(v, "on_time: false proves nothing; give on_time: true, or a check: or report: instead")
			}
		}
		return err
	})
	if err != nil {
		return c, err
	}
	switch {
	case c.ID == "":
		return c, p.errf(n, "this criterion has no id; add `id:` (a short name like traces_jaeger)")
	case c.Text == "":
		return c, p.errf(n, "criterion %q has no text; add `text:` (its line in the checklist)", c.ID)
	case len(proofs) == 0:
		return c, p.errf(n, "criterion %q says nothing about what proves it; give one of check: (a verify check), expect: (an expectation of the rubric), report: (a report finding) or on_time: true", c.ID)
	case len(proofs) > 1:
		return c, p.errf(n, "criterion %q has two proofs (%s); keep one, or split it into two criteria", c.ID, strings.Join(proofs, " and "))
	}
	if at, dup := p.ids[c.ID]; dup {
		return c, p.errf(n, "criterion id %q is already used at line %d; give each criterion its own id", c.ID, at)
	}
	p.ids[c.ID] = n.Line
	return c, nil
}

func (p *rubricParser) boolean(n *yaml.Node, key string) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err == nil {
			return b, nil
		}
	}
	return false, p.errf(n, "%s takes true or false, not %q", key, n.Value)
}

func (p *rubricParser) checkProof(pr *Proof, n *yaml.Node) error {
	var items []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		items = []*yaml.Node{n}
	case yaml.SequenceNode:
		items = n.Content
	}
	if len(items) == 0 {
		return p.errf(n, "check takes a verify check id, or a list of them; valid ids: %s", strings.Join(CheckIDs, ", "))
	}
	for _, it := range items {
		id, err := p.str(it, "check")
		if err != nil {
			return err
		}
		if !contains(CheckIDs, id) {
			return p.errf(it, "unknown verify check %q; use one of: %s", id, strings.Join(CheckIDs, ", "))
		}
		if contains(pr.Checks, id) {
			return p.errf(it, "check %q is listed twice; keep one", id)
		}
		pr.Checks = append(pr.Checks, id)
	}
	pr.Check = pr.Checks[0]
	return nil
}

func (p *rubricParser) notesTable(r *Rubric, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return p.errf(n, "notes must be a list of rows like `- {met: 0, note: 1}`")
	}
	for _, rn := range n.Content {
		row := NoteRow{Met: -1, Note: -1}
		err := p.fields(rn, "a notes row", []string{"met", "note"}, func(k string, key, v *yaml.Node) error {
			switch k {
			case "met":
				m, err := strconv.Atoi(v.Value)
				if v.Kind != yaml.ScalarNode || err != nil || m < 0 {
					return p.errf(v, "met takes a whole number of criteria (0, 1, 2, ...), not %q", v.Value)
				}
				row.Met = m
			case "note":
				f, err := strconv.ParseFloat(v.Value, 64)
				if v.Kind != yaml.ScalarNode || err != nil || f < 1 || f > 6 {
					return p.errf(v, "note takes a note from 1 to 6 (like 4.5), not %q", v.Value)
				}
				row.Note = f
			}
			return nil
		})
		if err != nil {
			return err
		}
		if row.Met < 0 || row.Note < 0 {
			return p.errf(rn, "a notes row needs both met: and note:")
		}
		if len(r.Notes) > 0 {
			prev := r.Notes[len(r.Notes)-1]
			if row.Met != prev.Met+1 {
				return p.errf(rn, "notes rows must count met up by one from 0: this row says %d after %d", row.Met, prev.Met)
			}
			if row.Note < prev.Note {
				return p.errf(rn, "the note must not go down as more criteria are met: %g for %d after %g for %d", row.Note, row.Met, prev.Note, prev.Met)
			}
		} else if row.Met != 0 {
			return p.errf(rn, "the notes table must start at met: 0 (the note of a submission that meets nothing)")
		}
		r.Notes = append(r.Notes, row)
	}
	return nil
}

// checkNotes fills the default table, or refuses one that asks for more
// criteria than the rubric has.
func (p *rubricParser) checkNotes(r *Rubric, notes *yaml.Node) error {
	count := len(r.Criteria())
	if r.Scheme != nil {
		return nil // no table: the scheme computes the note
	}
	if len(r.Notes) == 0 {
		r.Notes = DefaultNotes()
		if count < 10 {
			r.Notes = r.Notes[:count+1]
		}
		return nil
	}
	last := r.Notes[len(r.Notes)-1]
	if last.Met > count {
		return p.errf(notes.Content[len(notes.Content)-1], "the notes table goes up to %d criteria met but the rubric has %d; end the table at met: %d or add criteria", last.Met, count, count)
	}
	return nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
