package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/api/types/container"
	"golang.org/x/sync/errgroup"
)

// DefaultUpTimeout bounds the wait for readiness when UpOptions has none.
const DefaultUpTimeout = 3 * time.Minute

// UpOptions steer Up.
type UpOptions struct {
	Pull    PullPolicy
	NoBuild bool
	// Timeout bounds the whole wait: dependencies' conditions and readiness.
	Timeout time.Duration
	// Limits, when set, bound every container of a project labctl did not
	// write (labctl grade), and its bind mounts are hashed by path alone:
	// the project chose them, so reading them is a cost it would choose.
	Limits *Limits
	// OwnedOnly joins an existing network or volume of the project's only
	// when it carries the project's label: a project labctl did not write
	// (labctl grade) never uses one of the same name made by someone else
	// (docker network create, docker volume create, without labels).
	// External ones are not concerned (the policy refuses them).
	OwnedOnly bool
}

// Limits bound one container; a zero field leaves that resource unbounded.
type Limits struct {
	Memory   int64 // bytes, swap included
	Pids     int64
	NanoCPUs int64 // 1e9 is one CPU
}

// UpResult says what Up did and where each service is.
type UpResult struct {
	Services  []ServiceStatus
	Created   []string // services whose container was created
	Recreated []string // services whose container was replaced (config changed)
	Started   []string // services whose existing container was started
	Kept      []string // services left running as they were
	Elapsed   time.Duration
}

// Changed reports whether Up changed anything.
func (r *UpResult) Changed() bool {
	return len(r.Created)+len(r.Recreated)+len(r.Started) > 0
}

type action int

const (
	actKeep     action = iota // running with the same config hash
	actStart                  // same config hash, not running
	actCreate                 // no container
	actRecreate               // config hash changed
)

// servicePlan is what Up does with one service.
type servicePlan struct {
	svc     types.ServiceConfig
	image   string
	imageID string
	hash    string
	limits  *Limits
	old     *container.Summary
	action  action
}

type imageRef struct{ ref, id string }

// Up brings the project up and waits until every service is ready. It is
// idempotent: running containers whose config hash is unchanged are kept.
func (e *Engine) Up(ctx context.Context, p *types.Project, h Hints, opts UpOptions) (*UpResult, error) {
	t0 := time.Now()
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultUpTimeout
	}
	if opts.Pull == "" {
		opts.Pull = PullMissing
	}
	items, err := e.projectContainers(ctx, p.Name)
	if err != nil {
		return nil, err
	}
	bySvc, _ := serviceContainers(items)
	from := startedFrom(p, items)
	// After the first request, so the client has negotiated its version.
	e.versionNotes(p, e.features())
	if e.Local {
		if err := checkPorts(p, h, heldPorts(items)); err != nil {
			return nil, err
		}
	}
	images, err := e.resolveImages(ctx, p, h, opts)
	if err != nil {
		return nil, err
	}
	plans, err := makePlans(p, bySvc, images, opts.Limits)
	if err != nil {
		return nil, err
	}
	done := &created{}
	res := &UpResult{}
	if err := e.ensureNetworks(ctx, p, opts.OwnedOnly, done); err != nil {
		return nil, err
	}
	if err := e.ensureVolumes(ctx, p, h, opts.OwnedOnly, done); err != nil {
		var vm *VolumeMismatchError
		if errors.As(err, &vm) {
			vm.StartedFrom = from
		}
		return nil, err
	}
	if from != "" {
		// Said once the takeover can go on: a refused up replaces nothing.
		e.emit(Event{Kind: EventInfo, Text: fmt.Sprintf("project %s runs from %s; its containers are replaced by this folder's (%s)", p.Name, from, p.WorkingDir)})
	}
	for _, name := range sortedKeys(plans) {
		switch plans[name].action {
		case actKeep:
			res.Kept = append(res.Kept, name)
		case actStart:
			res.Started = append(res.Started, name)
		case actCreate:
			res.Created = append(res.Created, name)
		case actRecreate:
			res.Recreated = append(res.Recreated, name)
		}
	}
	if err := e.converge(ctx, p, h, plans, opts.Timeout, done, t0); err != nil {
		var pe *PortInUseError
		if errors.As(err, &pe) {
			e.undo(done)
		}
		return res, err
	}
	res.Services, err = e.Status(ctx, p.Name, h, p.ServiceNames(), false)
	res.Elapsed = time.Since(t0)
	return res, err
}

// resolveImages pulls or builds every service's image, in parallel.
func (e *Engine) resolveImages(ctx context.Context, p *types.Project, h Hints, opts UpOptions) (map[string]imageRef, error) {
	var mu sync.Mutex
	out := map[string]imageRef{}
	g, gctx := errgroup.WithContext(ctx)
	// Services sharing an image pull it once.
	pulls := map[string]func() (string, error){}
	for _, name := range p.ServiceNames() {
		if s := p.Services[name]; s.Build == nil {
			ref := serviceImage(p, s)
			if pulls[ref] == nil {
				pulls[ref] = sync.OnceValues(func() (string, error) {
					return e.ensureImage(gctx, ref, name, h.imageKey(name), opts.Pull)
				})
			}
		}
	}
	for _, name := range p.ServiceNames() {
		s := p.Services[name]
		g.Go(func() error {
			ref := serviceImage(p, s)
			var id string
			var err error
			if s.Build != nil {
				id, err = e.ensureBuilt(gctx, p, s, BuildOptions{Pull: opts.Pull, NoBuild: opts.NoBuild, Key: h.imageKey(name), Private: h.Private, Limits: opts.Limits})
			} else {
				id, err = pulls[ref]()
			}
			if err != nil {
				return err
			}
			mu.Lock()
			out[name] = imageRef{ref: ref, id: id}
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return out, nil
}

func makePlans(p *types.Project, bySvc map[string]container.Summary, images map[string]imageRef, limits *Limits) (map[string]*servicePlan, error) {
	plans := map[string]*servicePlan{}
	for _, name := range p.ServiceNames() {
		s := p.Services[name]
		img := images[name]
		hash, err := configHash(s, img.id, limits)
		if err != nil {
			return nil, err
		}
		pl := &servicePlan{svc: s, image: img.ref, imageID: img.id, hash: hash, limits: limits, action: actCreate}
		if c, ok := bySvc[name]; ok {
			pl.old = &c
			switch {
			case c.Labels[LabelConfigHash] != hash:
				pl.action = actRecreate
			case c.State == container.StateRunning:
				pl.action = actKeep
			default:
				pl.action = actStart
			}
		}
		plans[name] = pl
	}
	return plans, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// startedFrom is the folder the project's containers were started from
// when it is not this one (a second lab directory with the same project
// name, or the same project under docker compose elsewhere); up replaces
// them, and that is said, not silent.
func startedFrom(p *types.Project, items []container.Summary) string {
	if p.WorkingDir == "" {
		return ""
	}
	for _, c := range items {
		if dir := c.Labels[LabelWorkingDir]; dir != "" && dir != p.WorkingDir {
			return dir
		}
	}
	return ""
}
