package stack

import (
	"context"
	"fmt"
	"sort"

	cerrdefs "github.com/containerd/errdefs"
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
	g, gctx := errgroup.WithContext(ctx)
	for _, c := range items {
		name := firstName(c)
		res.Containers = append(res.Containers, name)
		g.Go(func() error {
			if err := e.removeContainer(gctx, c.ID); err != nil {
				return fmt.Errorf("remove container %s: %w", name, err)
			}
			e.emit(Event{Kind: EventRemoved, Service: c.Labels[LabelService], Text: "container " + name})
			return nil
		})
	}
	if err := g.Wait(); err != nil {
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
