package enginetest

import (
	"context"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/engine"
)

// Containers lists the containers carrying project's label, by service.
func Containers(t testing.TB, cli *client.Client, project string) map[string]container.Summary {
	t.Helper()
	res, err := cli.ContainerList(context.Background(), client.ContainerListOptions{
		All: true, Filters: make(client.Filters).Add("label", engine.ProjectFilter(project)),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]container.Summary{}
	for _, c := range res.Items {
		out[c.Labels[engine.LabelService]] = c
	}
	return out
}
