package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	"golang.org/x/sync/errgroup"
)

// DownOptions steer Down.
type DownOptions struct {
	// Volumes removes the project's named volumes (PostgreSQL's data) too.
	Volumes bool
	// StopTimeout, when set, is how long each container gets to stop
	// before it is killed, instead of its own stop_grace_period (Docker's
	// default 10 s): grading removes a stack it no longer needs.
	StopTimeout *time.Duration
	// BuiltImages removes the images labctl built for the project's
	// containers (those with its build-hash label, none other): the grader
	// builds each submission's backend, and a class would fill the disk.
	BuiltImages bool
}

// DownResult lists what Down removed.
type DownResult struct {
	Containers []string
	Networks   []string
	Volumes    []string
	Images     []string
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
	if err := e.removeInOrder(ctx, items, opts.StopTimeout); err != nil {
		return res, err
	}
	// Networks and volumes go in parallel, once no container uses them.
	filter := make(client.Filters).Add("label", ProjectFilter(project))
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		nets, err := e.api.NetworkList(gctx, client.NetworkListOptions{Filters: filter})
		if err != nil {
			return fmt.Errorf("list networks: %w", err)
		}
		for _, n := range nets.Items {
			if n.Labels[LabelProject] != project {
				continue
			}
			if _, err := e.api.NetworkRemove(gctx, n.ID, client.NetworkRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
				return fmt.Errorf("remove network %s: %w", n.Name, err)
			}
			res.Networks = append(res.Networks, n.Name)
			e.emit(Event{Kind: EventRemoved, Text: "network " + n.Name})
		}
		return nil
	})
	if opts.Volumes {
		g.Go(func() error {
			vols, err := e.api.VolumeList(gctx, client.VolumeListOptions{Filters: filter})
			if err != nil {
				return fmt.Errorf("list volumes: %w", err)
			}
			for _, v := range vols.Items {
				if v.Labels[LabelProject] != project {
					continue
				}
				if _, err := e.api.VolumeRemove(gctx, v.Name, client.VolumeRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
					return fmt.Errorf("remove volume %s: %w", v.Name, err)
				}
				res.Volumes = append(res.Volumes, v.Name)
				e.emit(Event{Kind: EventRemoved, Text: "volume " + v.Name})
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return res, err
	}
	if opts.BuiltImages {
		if err := e.removeBuiltImages(ctx, project, items, res); err != nil {
			return res, err
		}
	}
	sort.Strings(res.Containers)
	return res, nil
}

// removeBuiltImages removes the images of the removed containers that
// labctl built for this project: carrying its build-hash label and its
// LabelBuiltFor naming this project, and run under the name labctl gave
// it (BuildImageName). An image the project named by `image:` (the
// teacher's own, even one labctl built for another project) stays; so
// does an image another container still uses (the engine refuses, and
// that is not an error here).
func (e *Engine) removeBuiltImages(ctx context.Context, project string, items []container.Summary, res *DownResult) error {
	seen := map[string]bool{}
	for _, c := range items {
		if c.ImageID == "" || seen[c.ImageID] {
			continue
		}
		seen[c.ImageID] = true
		// The list shows the image's ID instead of its name once the name
		// points elsewhere: still the image this container was built from.
		if c.Image != BuildImageName(project, c.Labels[LabelService]) && c.Image != c.ImageID {
			continue
		}
		img, err := e.api.ImageInspect(ctx, c.ImageID)
		if err != nil || img.Config == nil || img.Config.Labels[LabelBuildHash] == "" || img.Config.Labels[LabelBuiltFor] != project {
			continue
		}
		if _, err := e.api.ImageRemove(ctx, c.ImageID, client.ImageRemoveOptions{PruneChildren: true}); err != nil {
			if cerrdefs.IsNotFound(err) || cerrdefs.IsConflict(err) {
				continue
			}
			return fmt.Errorf("remove image %s: %w", c.Image, err)
		}
		res.Images = append(res.Images, c.Image)
		e.emit(Event{Kind: EventRemoved, Text: "image " + c.Image})
	}
	return e.removeOrphanBuilds(ctx, project, res)
}

// removeOrphanBuilds removes the images built for the project that no
// container ran (an up that failed after its builds): labelled for this
// project by labctl and named PROJECT-SERVICE, as above.
func (e *Engine) removeOrphanBuilds(ctx context.Context, project string, res *DownResult) error {
	imgs, err := e.api.ImageList(ctx, client.ImageListOptions{Filters: make(client.Filters).Add("label", LabelBuiltFor+"="+project)})
	if err != nil {
		return fmt.Errorf("list images: %w", err)
	}
	for _, img := range imgs.Items {
		if img.Labels[LabelBuildHash] == "" || img.Labels[LabelBuiltFor] != project {
			continue
		}
		for _, tag := range img.RepoTags {
			name := strings.TrimSuffix(tag, ":latest")
			if !strings.HasPrefix(name, project+"-") || strings.Contains(name, ":") {
				continue
			}
			if _, err := e.api.ImageRemove(ctx, img.ID, client.ImageRemoveOptions{PruneChildren: true}); err != nil {
				if cerrdefs.IsNotFound(err) || cerrdefs.IsConflict(err) {
					break
				}
				return fmt.Errorf("remove image %s: %w", name, err)
			}
			res.Images = append(res.Images, name)
			e.emit(Event{Kind: EventRemoved, Text: "image " + name})
			break
		}
	}
	return nil
}

// removeInOrder stops and removes containers dependents first, as compose
// does, reading the graph from the com.docker.compose.depends_on labels:
// a backend still flushing spans to the Collector is not left to time out.
// Each container stops as soon as every container depending on it has
// stopped; removals run alongside.
func (e *Engine) removeInOrder(ctx context.Context, items []container.Summary, stopTimeout *time.Duration) error {
	stopOpts := client.ContainerStopOptions{}
	if stopTimeout != nil {
		secs := int(stopTimeout.Seconds())
		stopOpts.Timeout = &secs
	}
	stopped := map[string]chan struct{}{} // by container ID
	bySvc := map[string][]string{}        // service → container IDs
	for _, c := range items {
		stopped[c.ID] = make(chan struct{})
		bySvc[c.Labels[LabelService]] = append(bySvc[c.Labels[LabelService]], c.ID)
	}
	// waitFor[id] are the containers that must stop before container id:
	// those whose service depends on id's service.
	waitFor := map[string][]string{}
	for _, c := range items {
		for _, d := range parseDependsOn(c.Labels[LabelDependsOn]) {
			if d == c.Labels[LabelService] {
				continue
			}
			for _, id := range bySvc[d] {
				waitFor[id] = append(waitFor[id], c.ID)
			}
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, c := range items {
		svc := c.Labels[LabelService]
		g.Go(func() error {
			name := firstName(c)
			for _, dep := range waitFor[c.ID] {
				select {
				case <-stopped[dep]:
				case <-gctx.Done():
					return gctx.Err()
				case <-time.After(time.Minute): // a cycle or a stuck stop: go on
				}
			}
			_, err := e.api.ContainerStop(gctx, c.ID, stopOpts)
			close(stopped[c.ID])
			if err != nil && !cerrdefs.IsNotFound(err) {
				return fmt.Errorf("stop container %s: %w", name, err)
			}
			// RemoveVolumes: anonymous volumes (an image's VOLUME, e.g.
			// Prometheus' /prometheus) are never reused by labctl; named
			// volumes such as PostgreSQL's stay unless --volumes.
			if _, err := e.api.ContainerRemove(gctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !cerrdefs.IsNotFound(err) {
				return fmt.Errorf("remove container %s: %w", name, err)
			}
			e.emit(Event{Kind: EventRemoved, Service: svc, Text: "container " + name})
			return nil
		})
	}
	return g.Wait()
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
