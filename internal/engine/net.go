package engine

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/compose-spec/compose-go/v2/types"
	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// created records what one `up` created, to undo it when a start fails on
// a taken port.
type created struct {
	mu         sync.Mutex
	networks   []string
	volumes    []string
	containers []string
}

// ensureNetworks creates the project's networks that do not exist yet;
// with ownedOnly, one that exists must carry the project's label.
func (e *Engine) ensureNetworks(ctx context.Context, p *types.Project, ownedOnly bool, done *created) error {
	keys := make([]string, 0, len(p.Networks))
	for k := range p.Networks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		n := p.Networks[key]
		res, err := e.api.NetworkList(ctx, client.NetworkListOptions{Filters: make(client.Filters).Add("name", n.Name)})
		if err != nil {
			return fmt.Errorf("list networks: %w", err)
		}
		found := false
		for _, have := range res.Items {
			if have.Name != n.Name {
				continue
			}
			found = true
			if owner := have.Labels[LabelProject]; owner != "" && owner != p.Name {
				return fmt.Errorf("network %s belongs to project %s, not %s; change project in labctl.yaml", n.Name, owner, p.Name)
			}
			if ownedOnly && !bool(n.External) && have.Labels[LabelProject] != p.Name {
				return &NotOwnedError{Kind: "network", Name: n.Name, Project: p.Name}
			}
		}
		if found {
			continue
		}
		if bool(n.External) {
			return fmt.Errorf("external network %s does not exist; create it with docker network create %s", n.Name, n.Name)
		}
		driver := n.Driver
		if driver == "" {
			driver = "bridge"
		}
		labels := withOwn(n.Labels, networkLabels(p.Name, key))
		cctx, cancel := settled(ctx)
		_, err = e.api.NetworkCreate(cctx, n.Name, client.NetworkCreateOptions{
			Driver:     driver,
			Options:    n.DriverOpts,
			Internal:   n.Internal,
			Attachable: n.Attachable,
			Labels:     labels,
		})
		cancel()
		if err != nil && !cerrdefs.IsConflict(err) {
			return fmt.Errorf("create network %s: %w", n.Name, err)
		}
		if err == nil {
			done.networks = append(done.networks, n.Name)
			e.emit(Event{Kind: EventCreated, Text: "network " + n.Name})
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// ensureVolumes creates the project's named volumes that do not exist
// yet; with ownedOnly, one that exists must carry the project's label.
func (e *Engine) ensureVolumes(ctx context.Context, p *types.Project, h Hints, ownedOnly bool, done *created) error {
	for _, key := range p.VolumeNames() {
		v := p.Volumes[key]
		if bool(v.External) {
			continue
		}
		res, err := e.api.VolumeList(ctx, client.VolumeListOptions{Filters: make(client.Filters).Add("name", v.Name)})
		if err != nil {
			return fmt.Errorf("list volumes: %w", err)
		}
		found := false
		for _, have := range res.Items {
			if have.Name == v.Name {
				found = true
				if owner := have.Labels[LabelProject]; owner != "" && owner != p.Name {
					return fmt.Errorf("volume %s belongs to project %s, not %s; change project in labctl.yaml", v.Name, owner, p.Name)
				}
				if ownedOnly && have.Labels[LabelProject] != p.Name {
					return &NotOwnedError{Kind: "volume", Name: v.Name, Project: p.Name}
				}
				// A volume made before fingerprints (or by docker compose)
				// has none: nothing to compare, it is used as it is.
				want, had := h.VolumeFingerprints[key], have.Labels[LabelFingerprint]
				if want != "" && had != "" && had != want {
					return &VolumeMismatchError{Volume: v.Name, Fix: h.VolumeFix}
				}
			}
		}
		if found {
			continue
		}
		own := volumeLabels(p.Name, key)
		if fp := h.VolumeFingerprints[key]; fp != "" {
			own[LabelFingerprint] = fp
		}
		labels := withOwn(v.Labels, own)
		cctx, cancel := settled(ctx)
		_, err = e.api.VolumeCreate(cctx, client.VolumeCreateOptions{
			Name: v.Name, Driver: v.Driver, DriverOpts: v.DriverOpts, Labels: labels,
		})
		cancel()
		if err != nil {
			return fmt.Errorf("create volume %s: %w", v.Name, err)
		}
		done.volumes = append(done.volumes, v.Name)
		e.emit(Event{Kind: EventCreated, Text: "volume " + v.Name})
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// NotOwnedError: a network or volume the project would use exists and is
// not the project's (UpOptions.OwnedOnly).
type NotOwnedError struct {
	Kind, Name, Project string
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("%s %s exists and was not created for project %s: a graded project does not join it; if it is a leftover of grading, remove it (docker %s rm %s)", e.Kind, e.Name, e.Project, e.Kind, e.Name)
}

// VolumeMismatchError: an existing volume's data was made from other
// secrets than those the project runs with now.
type VolumeMismatchError struct {
	Volume string
	Fix    string
	// StartedFrom is the other folder the project runs from, if any: the
	// usual cause (a second lab folder with the same project name).
	StartedFrom string
}

func (e *VolumeMismatchError) Error() string {
	msg := fmt.Sprintf("volume %s holds data initialised with other passwords than the ones configured now", e.Volume)
	if e.StartedFrom != "" {
		msg += fmt.Sprintf(" (the project runs from %s, with its own)", e.StartedFrom)
	}
	if e.Fix != "" {
		msg += "; " + e.Fix
	}
	return msg
}
