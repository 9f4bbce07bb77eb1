package engine

import (
	"context"
	"fmt"
	"sort"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// projectContainers lists every container carrying the project's label.
func (e *Engine) projectContainers(ctx context.Context, project string) ([]container.Summary, error) {
	res, err := e.api.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: make(client.Filters).Add("label", ProjectFilter(project)),
	})
	if err != nil {
		return nil, fmt.Errorf("list containers of project %s: %w", project, err)
	}
	items := res.Items
	sort.Slice(items, func(i, j int) bool { return firstName(items[i]) < firstName(items[j]) })
	return items, nil
}

// serviceContainers maps each service to its container (number 1, not
// one-off); others are returned apart.
func serviceContainers(items []container.Summary) (map[string]container.Summary, []container.Summary) {
	bySvc := map[string]container.Summary{}
	var other []container.Summary
	for _, c := range items {
		svc := c.Labels[LabelService]
		if svc == "" || c.Labels[LabelOneoff] == "True" || c.Labels[LabelContainerNumber] != "1" {
			other = append(other, c)
			continue
		}
		if _, dup := bySvc[svc]; dup {
			other = append(other, c)
			continue
		}
		bySvc[svc] = c
	}
	return bySvc, other
}

// heldPorts are the host ports published by the project's running containers.
func heldPorts(items []container.Summary) map[int]bool {
	held := map[int]bool{}
	for _, c := range items {
		if c.State != container.StateRunning {
			continue
		}
		for _, p := range c.Ports {
			if p.PublicPort != 0 {
				held[int(p.PublicPort)] = true
			}
		}
	}
	return held
}

func firstName(c container.Summary) string {
	if len(c.Names) == 0 {
		return c.ID
	}
	n := c.Names[0]
	if len(n) > 0 && n[0] == '/' {
		n = n[1:]
	}
	return n
}
