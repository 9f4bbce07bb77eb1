package submission

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/labctl/labctl/internal/grade"
)

// Recheck grades again, here and contained, n of the collected results
// chosen at random with seed (the same seed chooses the same ones), from
// the submissions subs (matched by student name), and adds a flag to each
// whose criteria differ from what its CI reported. Results refused by
// --collect and students without a submission are not chosen. It returns
// the students graded again, in the order chosen.
func (g *Grader) Recheck(ctx context.Context, collected []*grade.Result, subs []Submission, n int, seed uint64) ([]string, error) {
	bySlug := map[string]Submission{}
	for _, s := range subs {
		bySlug[slug(s.Student)] = s
	}
	var pool []*grade.Result
	for _, r := range collected {
		if _, ok := bySlug[slug(r.Student)]; ok && r.Error == "" {
			pool = append(pool, r)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	if n > len(pool) {
		n = len(pool)
	}
	var done []string
	for _, r := range pool[:n] {
		here := g.One(ctx, bySlug[slug(r.Student)])
		if ctx.Err() != nil {
			return done, ctx.Err()
		}
		done = append(done, r.Student)
		if diff := grade.Differences(r, here); len(diff) > 0 {
			for _, d := range diff {
				r.Flags = append(r.Flags, "recheck: "+d)
			}
			g.o.Progress(r.Student, fmt.Sprintf("recheck: %d criteria differ from its CI's", len(diff)))
		} else {
			g.o.Progress(r.Student, "recheck: the same criteria as its CI's")
		}
	}
	return done, nil
}
