package stack

import (
	"context"
	"fmt"
	"sort"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	"golang.org/x/sync/errgroup"
)

// DownOptions steer Down.
type DownOptions struct {
	// Volumes removes the project's named volumes (PostgreSQL's data) too.
	Volumes bool
}

// DownResult lists what Down removed.
type DownResult struct {
	Containers []string
	Networks   []string
	Volumes    []string
}

// Down removes the containers and networks carrying the project's label,
// and its volumes with opts.Volumes. Nothing without the label is touched;
// a second Down finds nothing and succeeds.
func (e *Engine) Down(ctx context.Context, project string, opts DownOptions) (*DownResult, error) {
	res := &DownResult{}
	items, err := e.projectContainers(ctx, project)
	if err != nil {
		return nil, err
	}
	for _, c := range items {
		res.Containers = append(res.Containers, firstName(c))
	}
	if err := e.removeInOrder(ctx, items); err != nil {
		return res, err
	}
	filter := make(client.Filters).Add("label", ProjectFilter(project))
	nets, err := e.api.NetworkList(ctx, client.NetworkListOptions{Filters: filter})
	if err != nil {
		return res, fmt.Errorf("list networks: %w", err)
	}
	for _, n := range nets.Items {
		if n.Labels[LabelProject] != project {
			continue
		}
		if _, err := e.api.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
			return res, fmt.Errorf("remove network %s: %w", n.Name, err)
		}
		res.Networks = append(res.Networks, n.Name)
		e.emit(Event{Kind: EventRemoved, Text: "network " + n.Name})
	}
	if opts.Volumes {
		vols, err := e.api.VolumeList(ctx, client.VolumeListOptions{Filters: filter})
		if err != nil {
			return res, fmt.Errorf("list volumes: %w", err)
		}
		for _, v := range vols.Items {
			if v.Labels[LabelProject] != project {
				continue
			}
			if _, err := e.api.VolumeRemove(ctx, v.Name, client.VolumeRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
				return res, fmt.Errorf("remove volume %s: %w", v.Name, err)
			}
			res.Volumes = append(res.Volumes, v.Name)
			e.emit(Event{Kind: EventRemoved, Text: "volume " + v.Name})
		}
	}
	sort.Strings(res.Containers)
	return res, nil
}

// removeInOrder stops and removes containers dependents first, as compose
// does, reading the graph from the com.docker.compose.depends_on labels:
// a backend still flushing spans to the Collector is not left to time out.
// Containers whose dependents are gone are removed in parallel.
func (e *Engine) removeInOrder(ctx context.Context, items []container.Summary) error {
	bySvc := map[string]bool{}
	for _, c := range items {
		bySvc[c.Labels[LabelService]] = true
	}
	// dependents[s] counts the containers still waiting to go that depend on s.
	dependents := map[string]int{}
	deps := map[string][]string{}
	for _, c := range items {
		for _, d := range parseDependsOn(c.Labels[LabelDependsOn]) {
			if bySvc[d] {
				dependents[d]++
				deps[c.ID] = append(deps[c.ID], d)
			}
		}
	}
	remaining := items
	for len(remaining) > 0 {
		var wave, later []container.Summary
		for _, c := range remaining {
			if dependents[c.Labels[LabelService]] == 0 {
				wave = append(wave, c)
			} else {
				later = append(later, c)
			}
		}
		if len(wave) == 0 { // a cycle: take the rest at once
			wave, later = later, nil
		}
		g, gctx := errgroup.WithContext(ctx)
		for _, c := range wave {
			g.Go(func() error {
				name := firstName(c)
				if err := e.removeContainer(gctx, c.ID); err != nil {
					return fmt.Errorf("remove container %s: %w", name, err)
				}
				e.emit(Event{Kind: EventRemoved, Service: c.Labels[LabelService], Text: "container " + name})
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		for _, c := range wave {
			for _, d := range deps[c.ID] {
				dependents[d]--
			}
		}
		remaining = later
	}
	return nil
}

// parseDependsOn reads compose's "svc:condition:restart,..." label.
func parseDependsOn(label string) []string {
	var out []string
	for _, part := range strings.Split(label, ",") {
		if name, _, _ := strings.Cut(part, ":"); name != "" {
			out = append(out, name)
		}
	}
	return out
}
