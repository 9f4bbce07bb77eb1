package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	gounits "github.com/docker/go-units"
	"gopkg.in/yaml.v3"
)

// Limits bound each submission's containers and its wall time, from the
// rubric's limits: section (flags override them; zero: labctl's default).
type Limits struct {
	Memory   int64         `json:"memory,omitempty"`    // bytes per container
	Pids     int64         `json:"pids,omitempty"`      // processes per container
	CPUs     float64       `json:"cpus,omitempty"`      // CPUs per container
	WallTime time.Duration `json:"wall_time,omitempty"` // per submission
}

// limits parses the rubric's `limits: {memory: 1g, pids: 512, cpus: 1, wall_time: 10m}`.
func (p *rubricParser) limits(r *Rubric, n *yaml.Node) error {
	return p.fields(n, "limits", []string{"memory", "pids", "cpus", "wall_time"}, func(k string, key, v *yaml.Node) error {
		s := strings.TrimSpace(v.Value)
		bad := func(want string) error {
			return p.errf(v, "limits.%s %q is not %s", k, s, want)
		}
		switch k {
		case "memory":
			b, err := gounits.RAMInBytes(s)
			if err != nil || b < 6<<20 {
				return bad("a memory size of at least 6m (e.g. 512m, 1g)")
			}
			r.Limits.Memory = b
		case "pids":
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 1 {
				return bad("a number of processes (e.g. 512)")
			}
			r.Limits.Pids = n
		case "cpus":
			c, err := strconv.ParseFloat(s, 64)
			if err != nil || c <= 0 {
				return bad("a number of CPUs (e.g. 1 or 0.5)")
			}
			r.Limits.CPUs = c
		case "wall_time":
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return bad("a duration (e.g. 10m)")
			}
			r.Limits.WallTime = d
		}
		return nil
	})
}

// Digest identifies what the rubric grades with: its groups, criteria,
// proofs, notes, language and limits, not where it was read from nor its
// layout. A result carries it, so that --collect refuses results graded
// with another rubric.
func (r *Rubric) Digest() string {
	c := *r
	c.Source = ""
	c.Groups = make([]Group, len(r.Groups))
	for i, g := range r.Groups {
		c.Groups[i] = Group{Name: g.Name, Criteria: make([]Criterion, len(g.Criteria))}
		for j, cr := range g.Criteria {
			cr.Line = 0
			c.Groups[i].Criteria[j] = cr
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("a rubric that does not marshal: %v", err)) // plain data: cannot happen
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
