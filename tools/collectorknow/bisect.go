package main

import (
	"context"
	"errors"
)

// bisector reads a module's identity (type, alias) at the releases that
// build it, downloading as few versions as it can: the identity at the
// first and last release, and between two that differ, the middle one.
type bisector struct {
	ctx  context.Context
	f    *fetcher
	rels []*release
	key  string // "section path"
	at   []int  // indexes of rels that build the module
	memo map[int]*identity
}

// read is the identity at at[j]; nil when the proxy does not serve it.
func (b *bisector) read(j int) (*identity, error) {
	if b.memo == nil {
		b.memo = map[int]*identity{}
	}
	if id, ok := b.memo[j]; ok {
		return id, nil
	}
	m := b.rels[b.at[j]].Modules[b.key]
	dir, err := b.f.dir(b.ctx, m.Path, m.Version)
	var miss *errMissing
	if errors.As(err, &miss) {
		b.memo[j] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	id, ok := readIdentity(dir)
	if !ok {
		b.memo[j] = nil
		return nil, nil
	}
	b.memo[j] = &id
	return &id, nil
}

// served is the first j in [lo, hi] (stepping by step) whose identity is
// read, -1 when none.
func (b *bisector) served(lo, hi, step int) (int, error) {
	for j := lo; (step > 0 && j <= hi) || (step < 0 && j >= hi); j += step {
		id, err := b.read(j)
		if err != nil {
			return -1, err
		}
		if id != nil {
			return j, nil
		}
	}
	return -1, nil
}

// run gives the identity at every release index that builds the module
// and whose identity could be read or inferred.
func (b *bisector) run() (map[int]identity, error) {
	out := map[int]identity{}
	lo, err := b.served(0, len(b.at)-1, 1)
	if err != nil || lo < 0 {
		return out, err
	}
	hi, err := b.served(len(b.at)-1, lo, -1)
	if err != nil {
		return out, err
	}
	// Before the first served version: its identity (a mirror's gap).
	for j := 0; j < lo; j++ {
		out[b.at[j]] = *b.memo[lo]
	}
	for j := hi + 1; j < len(b.at); j++ {
		out[b.at[j]] = *b.memo[hi]
	}
	return out, b.fill(lo, hi, out)
}

// fill sets the identities of at[lo..hi], both read.
func (b *bisector) fill(lo, hi int, out map[int]identity) error {
	a, z := *b.memo[lo], *b.memo[hi]
	if a == z || hi-lo <= 1 {
		for j := lo; j < hi; j++ {
			out[b.at[j]] = a
		}
		out[b.at[hi]] = z
		return nil
	}
	mid, err := b.served((lo+hi)/2, hi-1, 1)
	if err != nil {
		return err
	}
	if mid < 0 {
		mid, err = b.served((lo+hi)/2-1, lo+1, -1)
		if err != nil {
			return err
		}
	}
	if mid < 0 { // nothing served between: the change is somewhere in there
		for j := lo; j < hi; j++ {
			out[b.at[j]] = a
		}
		out[b.at[hi]] = z
		return nil
	}
	if err := b.fill(lo, mid, out); err != nil {
		return err
	}
	return b.fill(mid, hi, out)
}
