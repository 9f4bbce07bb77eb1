package lab

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/render"
)

// DownOptions say what down removes and where it writes.
type DownOptions struct {
	// Volumes also removes the project's volumes.
	Volumes bool
	// Lock takes the lab folder's lock; called only for labctl's own lab.
	Lock func() (unlock func(), err error)
	// Err gets the engine's progress and the summary.
	Err io.Writer
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Down removes the containers and networks (and with Volumes the volumes)
// of t's project, and nothing else.
func Down(ctx context.Context, t *open.Target, o DownOptions) error {
	pr := &progressPrinter{w: o.Err}
	eng, closeEngine, err := connectEngine(ctx, pr.event)
	if err != nil {
		return err
	}
	defer closeEngine()
	project := t.ProjectName()
	if t.Project == nil {
		unlock, err := o.Lock()
		if err != nil {
			return err
		}
		defer unlock()
	}
	res, err := eng.Down(ctx, project, engine.DownOptions{Volumes: o.Volumes})
	if err != nil {
		return engineError(o.Err, err)
	}
	kept := ""
	if !o.Volumes {
		kept = "; volumes are kept (--volumes removes them)"
	}
	if len(res.Containers)+len(res.Networks)+len(res.Volumes) == 0 {
		what := "containers, networks or volumes"
		if !o.Volumes {
			what = "containers or networks"
		}
		fmt.Fprintf(o.Err, "nothing to remove: project %s has no %s%s\n", project, what, kept)
		return nil
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{len(res.Containers), "container"}, {len(res.Networks), "network"}, {len(res.Volumes), "volume"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.what))
		}
	}
	fmt.Fprintf(o.Err, "removed %s of project %s%s\n", strings.Join(parts, ", "), project, kept)
	return nil
}

// LogsOptions are docker compose logs' own.
type LogsOptions struct {
	Follow     bool
	Tail       string
	Timestamps bool
}

// CheckServices refuses a service t's project does not have, before
// Docker: a misspelt service is the user's to fix, whatever the engine does.
func CheckServices(t *open.Target, args []string) error {
	// Sorted, as a Compose project's are.
	project, services := t.ProjectName(), slices.Sorted(slices.Values(render.LabServices))
	if t.Project != nil {
		services = t.Project.Services
	}
	return checkServiceArgs(args, services, project)
}

// checkServiceArgs refuses a SERVICE argument the project does not have
// (known is nil when only the project's name is: then the engine tells).
func checkServiceArgs(args, known []string, project string) error {
	if known == nil {
		return nil
	}
	for _, a := range args {
		if !slices.Contains(known, a) {
			return fmt.Errorf("project %s has no service %q; its services: %s", project, a, strings.Join(known, ", "))
		}
	}
	return nil
}

// Logs writes the logs of services (all when empty) of t's project on out.
func Logs(ctx context.Context, t *open.Target, services []string, o LogsOptions, out io.Writer) error {
	eng, closeEngine, err := connectEngine(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEngine()
	return eng.Logs(ctx, t.ProjectName(), engine.LogsOptions{
		Services: services, Follow: o.Follow, Tail: o.Tail, Timestamps: o.Timestamps,
	}, out)
}
