package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/labctl/labctl/internal/textutil"
	"github.com/moby/moby/client"
)

// PullPolicy says when `up` pulls an image.
type PullPolicy string

const (
	PullMissing PullPolicy = "missing" // pull images that are not on the machine (default)
	PullAlways  PullPolicy = "always"  // pull every image, even if present
	PullNever   PullPolicy = "never"   // never pull; a missing image is an error
)

// ParsePullPolicy validates a --pull value.
func ParsePullPolicy(s string) (PullPolicy, error) {
	switch p := PullPolicy(s); p {
	case PullMissing, PullAlways, PullNever:
		return p, nil
	case "":
		return PullMissing, nil
	}
	return "", fmt.Errorf("--pull %q: use missing, always or never", s)
}

// ImageError is an image that is missing or could not be pulled.
type ImageError struct {
	Image   string
	Service string
	Key     string // labctl.yaml key that sets the image, e.g. images.collector
	Missing bool   // missing with --pull never (else: the pull failed)
	Err     error
}

func (e *ImageError) Error() string {
	fix := "set " + e.Key + " in labctl.yaml to an image you have or can pull"
	if strings.Contains(e.Key, " in ") { // a key of the user's own file, named with it
		fix = "set " + e.Key + " to an image you have or can pull"
	}
	if e.Missing {
		return fmt.Sprintf("image %s (%s) is not on this machine and --pull never forbids pulling it; pull or load it, or %s",
			e.Image, e.Service, fix)
	}
	return fmt.Sprintf("pull image %s (%s): %v; check the name and the registry, or %s",
		e.Image, e.Service, textutil.OneLine(e.Err.Error()), fix)
}

func (e *ImageError) Unwrap() error { return e.Err }

// ensureImage makes ref available locally according to policy and returns
// its ID.
func (e *Engine) ensureImage(ctx context.Context, ref, service, key string, policy PullPolicy) (string, error) {
	if policy != PullAlways {
		res, err := e.api.ImageInspect(ctx, ref)
		if err == nil {
			return res.ID, nil
		}
		if !cerrdefs.IsNotFound(err) {
			return "", fmt.Errorf("inspect image %s: %w", ref, err)
		}
		if policy == PullNever {
			return "", &ImageError{Image: ref, Service: service, Key: key, Missing: true}
		}
	}
	if err := e.pull(ctx, ref, service); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &ImageError{Image: ref, Service: service, Key: key, Err: err}
	}
	res, err := e.api.ImageInspect(ctx, ref)
	if err != nil {
		return "", fmt.Errorf("inspect image %s after pulling it: %w", ref, err)
	}
	return res.ID, nil
}

// pull pulls ref, reporting its progress as a percentage of the layers'
// bytes downloaded.
func (e *Engine) pull(ctx context.Context, ref, service string) error {
	e.emit(Event{Kind: EventPull, Service: service, Image: ref, Percent: -1, Text: "pulling " + ref})
	resp, err := e.api.ImagePull(ctx, ref, client.ImagePullOptions{})
	if err != nil {
		return err
	}
	defer resp.Close()
	type layer struct{ cur, total int64 }
	layers := map[string]*layer{}
	last := -1
	for m, err := range resp.JSONMessages(ctx) {
		if err != nil {
			return err
		}
		if m.Error != nil {
			return errors.New(m.Error.Message)
		}
		if m.ID == "" || m.Progress == nil {
			continue
		}
		l := layers[m.ID]
		if l == nil {
			l = &layer{}
			layers[m.ID] = l
		}
		switch {
		case strings.HasPrefix(m.Status, "Downloading") && m.Progress.Total > 0:
			l.cur, l.total = m.Progress.Current, m.Progress.Total
		case strings.HasPrefix(m.Status, "Download complete"), strings.HasPrefix(m.Status, "Pull complete"):
			l.cur = l.total
		default:
			continue
		}
		var cur, total int64
		for _, l := range layers {
			cur, total = cur+l.cur, total+l.total
		}
		if total == 0 {
			continue
		}
		// Layers' sizes are learnt as they start: never show the bar going back.
		if pct := int(cur * 100 / total); pct > last {
			last = pct
			e.emit(Event{Kind: EventPull, Service: service, Image: ref, Percent: pct})
		}
	}
	e.emit(Event{Kind: EventPulled, Service: service, Image: ref, Percent: 100, Text: "pulled " + ref})
	return nil
}
