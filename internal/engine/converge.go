package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// convergeState is shared by the per-service goroutines of converge.
type convergeState struct {
	mu      sync.Mutex
	ids     map[string]string
	started map[string]chan struct{}
	done    *created
	t0      time.Time
	probes  map[string]Probe
	hints   Hints
	watch   *stateWatch
}

func (st *convergeState) setID(svc, id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.ids[svc] = id
}

func (st *convergeState) id(svc string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.ids[svc]
}

// converge creates, starts and waits for every service, each in its own
// goroutine: a service starts as soon as its dependencies' conditions hold,
// so independent services start in parallel.
func (e *Engine) converge(ctx context.Context, p *types.Project, h Hints, plans map[string]*servicePlan,
	timeout time.Duration, done *created, t0 time.Time) error {
	wctx, cancelWait := context.WithTimeoutCause(ctx, timeout, errWaitTimeout)
	defer cancelWait()
	fctx, fail := context.WithCancelCause(wctx)
	defer fail(nil)
	st := &convergeState{
		ids: map[string]string{}, started: map[string]chan struct{}{}, done: done, t0: t0,
		probes: h.Probes, hints: h, watch: e.watchStates(fctx, p.Name),
	}
	for name := range plans {
		st.started[name] = make(chan struct{})
	}
	var mu sync.Mutex
	errs := map[string]error{}
	var wg sync.WaitGroup
	for name, pl := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := e.convergeService(fctx, p, pl, st)
			if err == nil {
				return
			}
			mu.Lock()
			errs[name] = err
			mu.Unlock()
			// A timeout ends every wait at once; anything else stops the others now.
			if !errors.Is(context.Cause(wctx), errWaitTimeout) {
				fail(err)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: %w; run labctl down to remove what was started", ctx.Err())
	}
	return pickError(errs)
}

// pickError reports the root causes: services' own failures rather than
// their dependents' and the cancellations they caused.
func pickError(errs map[string]error) error {
	var notReady, waiting []*NotReadyError
	var other, deps []error
	for _, name := range sortedKeys(errs) {
		err := errs[name]
		var nr *NotReadyError
		var de *dependencyError
		switch {
		case errors.As(err, &de):
			deps = append(deps, err)
		case errors.As(err, &nr) && nr.WaitingFor != "":
			waiting = append(waiting, nr)
		case errors.As(err, &nr):
			notReady = append(notReady, nr)
		case errors.Is(err, context.Canceled):
		default:
			other = append(other, err)
		}
	}
	switch {
	case len(other) > 0:
		return other[0]
	case len(notReady) == 1:
		return notReady[0]
	case len(notReady) > 1:
		return NotReadyErrors(notReady)
	case len(deps) > 0:
		return deps[0]
	case len(waiting) == 1:
		return waiting[0]
	case len(waiting) > 1:
		return NotReadyErrors(waiting)
	}
	return nil
}

// NotReadyErrors are several services that did not become ready.
type NotReadyErrors []*NotReadyError

func (e NotReadyErrors) Error() string {
	parts := make([]string, len(e))
	for i, nr := range e {
		parts[i] = nr.Error()
	}
	return strings.Join(parts, "; ")
}

func (e *Engine) convergeService(ctx context.Context, p *types.Project, pl *servicePlan, st *convergeState) error {
	name := pl.svc.Name
	var id string
	switch pl.action {
	case actKeep, actStart:
		id = pl.old.ID
	case actRecreate:
		if err := e.removeContainer(ctx, pl.old.ID); err != nil {
			return fmt.Errorf("recreate %s: %w", name, err)
		}
		e.emit(Event{Kind: EventRemoved, Service: name, Text: "removed outdated " + firstName(*pl.old)})
		fallthrough
	case actCreate:
		netOf, err := e.sharedNetwork(ctx, pl.svc, id, st)
		if err != nil {
			return err
		}
		if id, err = e.createContainer(ctx, p, pl, netOf, st.done); err != nil {
			return err
		}
		e.emit(Event{Kind: EventCreated, Service: name, Text: ContainerName(p.Name, name), Seconds: time.Since(st.t0).Seconds()})
	}
	st.setID(name, id)
	for _, dep := range sortedKeys(pl.svc.DependsOn) {
		d := pl.svc.DependsOn[dep]
		ch, ok := st.started[dep]
		if !ok {
			if d.Required {
				return fmt.Errorf("%s depends on %s, which is not in the project", name, dep)
			}
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return e.notStarted(ctx, name, id, dep, st)
		}
		waiting := func() {
			e.emit(Event{Kind: EventWaiting, Service: name, Text: dep + " to be " + strings.TrimPrefix(d.Condition, "service_")})
		}
		if err := e.waitCondition(ctx, dep, st.id(dep), d.Condition, st.t0, waiting, st.watch); err != nil {
			if errors.Is(context.Cause(ctx), errWaitTimeout) {
				return e.notStarted(ctx, name, id, dep, st)
			}
			return &dependencyError{Service: name, Dependency: dep, Err: err}
		}
	}
	if pl.action == actKeep {
		e.emit(Event{Kind: EventUpToDate, Service: name, Text: ContainerName(p.Name, name) + " is up to date"})
	} else {
		// A start in flight is not cut by the readiness deadline (as a
		// create is not): the wait below says NotReady at that deadline.
		sctx, cancelStart := settled(ctx)
		_, err := e.api.ContainerStart(sctx, id, client.ContainerStartOptions{})
		cancelStart()
		if err != nil {
			if pe := portErrorFromStart(err, st.hints, name); pe != nil {
				return pe
			}
			return fmt.Errorf("start %s: %w", name, err)
		}
		e.emit(Event{Kind: EventStarted, Service: name, Text: ContainerName(p.Name, name), Seconds: time.Since(st.t0).Seconds()})
	}
	close(st.started[name])
	pr := st.probes[name]
	pr.Service = name
	if err := e.waitReady(ctx, name, id, pr, st.t0); err != nil {
		return err
	}
	e.emit(Event{Kind: EventReady, Service: name, Text: pr.Describe(), Seconds: time.Since(st.t0).Seconds()})
	return nil
}

// notStarted is the error of a service whose wait for a dependency ended:
// at the readiness timeout, a NotReadyError saying what it waited for.
func (e *Engine) notStarted(ctx context.Context, name, id, dep string, st *convergeState) error {
	if !errors.Is(context.Cause(ctx), errWaitTimeout) {
		return context.Canceled
	}
	pr := st.probes[name]
	nr := e.notReady(name, id, pr, "not started, still waiting for "+dep, nil, st.t0)
	nr.Exited, nr.WaitingFor = false, dep
	return nr
}

// sharedNetwork is the network mode of a service with `network_mode:
// service:NAME`: Docker joins another container's network by its ID, so
// NAME's container must have started; "" for any other service.
func (e *Engine) sharedNetwork(ctx context.Context, s types.ServiceConfig, id string, st *convergeState) (string, error) {
	dep, ok := strings.CutPrefix(s.NetworkMode, types.ServicePrefix)
	if !ok {
		return "", nil
	}
	ch, ok := st.started[dep]
	if !ok {
		return "", fmt.Errorf("%s: network_mode %s names a service that is not in the project", s.Name, s.NetworkMode)
	}
	select {
	case <-ch:
	case <-ctx.Done():
		return "", e.notStarted(ctx, s.Name, id, dep, st)
	}
	return "container:" + st.id(dep), nil
}

func (e *Engine) createContainer(ctx context.Context, p *types.Project, pl *servicePlan, netOf string, done *created) (string, error) {
	name := pl.svc.Name
	spec, extra, err := containerSpec(p, pl.svc, pl.image, pl.imageID, pl.hash, e.features())
	if err != nil {
		return "", err
	}
	if netOf != "" {
		spec.HostConfig.NetworkMode = container.NetworkMode(netOf)
	}
	if l := pl.limits; l != nil {
		r := &spec.HostConfig.Resources
		r.NanoCPUs = l.NanoCPUs
		if l.Memory > 0 {
			r.Memory, r.MemorySwap = l.Memory, l.Memory // no swap beyond it
		}
		if l.Pids > 0 {
			pids := l.Pids
			r.PidsLimit = &pids
		}
	}
	cctx, cancel := settled(ctx)
	res, err := e.api.ContainerCreate(cctx, spec)
	cancel()
	if err != nil {
		if cerrdefs.IsConflict(err) {
			return "", fmt.Errorf("create %s: the name %s is taken by a container that is not this project's; remove it (docker rm -f %s) or change project in labctl.yaml",
				name, spec.Name, spec.Name)
		}
		return "", fmt.Errorf("create %s: %w", name, err)
	}
	done.add(res.ID)
	if err := ctx.Err(); err != nil {
		return "", err
	}
	for _, key := range extra {
		if _, err := e.api.NetworkConnect(ctx, p.Networks[key].Name, client.NetworkConnectOptions{
			Container: res.ID, EndpointConfig: endpointSettings(pl.svc, key),
		}); err != nil {
			return "", fmt.Errorf("connect %s to network %s: %w", name, p.Networks[key].Name, err)
		}
	}
	return res.ID, nil
}

func (c *created) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.containers = append(c.containers, id)
}

// removeContainer stops (gracefully, with the container's stop timeout)
// and removes a container.
func (e *Engine) removeContainer(ctx context.Context, id string) error {
	if _, err := e.api.ContainerStop(ctx, id, client.ContainerStopOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("stop: %w", err)
	}
	if _, err := e.api.ContainerRemove(ctx, id, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("remove: %w", err)
	}
	return nil
}

// undo removes what this Up created, after a start failed on a taken port.
func (e *Engine) undo(done *created) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, id := range done.containers {
		_, _ = e.api.ContainerRemove(ctx, id, client.ContainerRemoveOptions{Force: true})
	}
	for _, n := range done.networks {
		_, _ = e.api.NetworkRemove(ctx, n, client.NetworkRemoveOptions{})
	}
	for _, v := range done.volumes {
		_, _ = e.api.VolumeRemove(ctx, v, client.VolumeRemoveOptions{})
	}
}
