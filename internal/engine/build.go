package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/client"
)

// buildLogTail is how many build log lines a BuildError keeps.
const buildLogTail = 20

// BuildError is a failed image build: the step that failed and the end of
// the build log.
type BuildError struct {
	Service string
	Image   string
	Context string // the build context directory
	Step    string // e.g. "Step 5/9 : RUN false"
	Message string // the builder's error
	Tail    []string
}

func (e *BuildError) Error() string {
	step := ""
	if e.Step != "" {
		step = " at " + strings.TrimSpace(e.Step)
	}
	return fmt.Sprintf("build %s (image %s) failed%s: %s; fix the Dockerfile in %s (backend.path in labctl.yaml), or point backend.image at a built image",
		e.Service, e.Image, step, strings.TrimSpace(e.Message), e.Context)
}

// BuildOptions steer ensureBuilt.
type BuildOptions struct {
	Pull    PullPolicy
	NoBuild bool // use the existing image; fail if there is none
	Key     string
	// Private: files of the build context that are never sent (Hints.Private).
	Private func(path string, d fs.DirEntry) bool
	// Limits bound the build's RUN steps as UpOptions.Limits bound the
	// containers (memory and CPU: the classic builder has no pids limit).
	Limits *Limits
}

// ensureBuilt builds a service's image from its build context unless an
// image built from the same inputs already exists, and returns the image ID.
func (e *Engine) ensureBuilt(ctx context.Context, p *types.Project, s types.ServiceConfig, opts BuildOptions) (string, error) {
	image := serviceImage(p, s)
	existing, err := e.api.ImageInspect(ctx, image)
	found := err == nil
	if err != nil && !cerrdefs.IsNotFound(err) {
		return "", fmt.Errorf("inspect image %s: %w", image, err)
	}
	if opts.NoBuild {
		if !found {
			return "", fmt.Errorf("image %s of %s is not built and --no-build is set; run labctl up without --no-build", image, s.Name)
		}
		return existing.ID, nil
	}
	b := s.Build
	dockerfile := b.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	dfPath := dockerfile
	if !filepath.IsAbs(dfPath) {
		dfPath = filepath.Join(b.Context, dockerfile)
	}
	df, err := os.ReadFile(dfPath)
	if err != nil {
		return "", fmt.Errorf("build %s: %w; check backend.path in labctl.yaml", s.Name, err)
	}
	args := map[string]string{}
	for k, v := range b.Args {
		if v != nil {
			args[k] = *v
		}
	}
	// Base images: make them available under the pull policy, and let their
	// IDs count in the build digest (a new base image means a new build).
	bases := baseImages(df, args)
	baseIDs := make([]string, 0, len(bases))
	for _, ref := range bases {
		id, err := e.ensureImage(ctx, ref, s.Name, opts.Key, opts.Pull)
		if err != nil {
			return "", err
		}
		baseIDs = append(baseIDs, ref+"="+id)
	}
	bc, err := packContext(b.Context, dockerfile, opts.Private)
	if err != nil {
		return "", err
	}
	digest := buildDigest(bc.Digest, dockerfile, args, baseIDs, b.Target)
	// Reused only when built for this project from the same inputs: an
	// image of the same name built for another is not this project's.
	if found && existing.Config != nil && existing.Config.Labels[LabelBuildHash] == digest && existing.Config.Labels[LabelBuiltFor] == p.Name {
		return existing.ID, nil
	}
	id, err := e.build(ctx, p.Name, s, image, bc, dockerfile, args, digest, opts.Limits)
	var be *BuildError
	if errors.As(err, &be) && strings.Contains(be.Message, "failed to get digest") {
		// The classic builder's race between concurrent builds committing
		// the same layers (a class graded at --jobs 2 beside other builds
		// saw it): the layer exists by now, so the build runs once more.
		id, err = e.build(ctx, p.Name, s, image, bc, dockerfile, args, digest, opts.Limits)
	}
	return id, err
}

func buildDigest(ctxDigest, dockerfile string, args map[string]string, baseIDs []string, target string) string {
	h := sha256.New()
	fmt.Fprintf(h, "context=%s\x00dockerfile=%s\x00target=%s\x00", ctxDigest, dockerfile, target)
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "arg=%s=%s\x00", k, args[k])
	}
	for _, b := range baseIDs {
		fmt.Fprintf(h, "base=%s\x00", b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (e *Engine) build(ctx context.Context, project string, s types.ServiceConfig, image string, bc *buildContext,
	dockerfile string, args map[string]string, digest string, limits *Limits) (string, error) {
	e.emit(Event{Kind: EventBuild, Service: s.Name, Image: image, Text: fmt.Sprintf("building %s from %s (%d files)", image, s.Build.Context, bc.Files)})
	buildArgs := map[string]*string{}
	for k, v := range args {
		buildArgs[k] = &v
	}
	// The classic builder applies these after the Dockerfile's own LABEL
	// lines: withOwn's order holds for the image too.
	labels := withOwn(s.Build.Labels, map[string]string{LabelBuildHash: digest, LabelBuiltFor: project})
	bo := client.ImageBuildOptions{
		Tags:        []string{image},
		Dockerfile:  filepath.ToSlash(dockerfile),
		BuildArgs:   buildArgs,
		Labels:      labels,
		Target:      s.Build.Target,
		Remove:      true,
		ForceRemove: true,
		Version:     build.BuilderV1,
	}
	if l := limits; l != nil {
		bo.Memory, bo.MemorySwap = l.Memory, l.Memory
		if l.NanoCPUs > 0 {
			bo.CPUPeriod, bo.CPUQuota = 100000, l.NanoCPUs/10000
		}
	}
	resp, err := e.api.ImageBuild(ctx, bytes.NewReader(bc.Tar), bo)
	if err != nil {
		return "", fmt.Errorf("build %s: %w", s.Name, err)
	}
	defer resp.Body.Close()
	berr := &BuildError{Service: s.Name, Image: image, Context: s.Build.Context}
	var tail []string
	dec := json.NewDecoder(resp.Body)
	for {
		var m struct {
			Stream      string `json:"stream"`
			Error       string `json:"error"`
			ErrorDetail *struct {
				Message string `json:"message"`
			} `json:"errorDetail"`
		}
		if err := dec.Decode(&m); err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			if errors.Is(err, io.EOF) {
				break
			}
			return "", fmt.Errorf("build %s: read build output: %w", s.Name, err)
		}
		for _, line := range strings.Split(strings.TrimRight(m.Stream, "\n"), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if strings.HasPrefix(line, "Step ") {
				berr.Step = line
			}
			tail = append(tail, line)
			if len(tail) > buildLogTail {
				tail = tail[len(tail)-buildLogTail:]
			}
			e.emit(Event{Kind: EventBuild, Service: s.Name, Image: image, Text: line})
		}
		if m.Error != "" || m.ErrorDetail != nil {
			berr.Message = m.Error
			if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
				berr.Message = m.ErrorDetail.Message
			}
			berr.Tail = tail
			return "", berr
		}
	}
	res, err := e.api.ImageInspect(ctx, image)
	if err != nil {
		return "", fmt.Errorf("inspect image %s after building it: %w", image, err)
	}
	e.emit(Event{Kind: EventBuilt, Service: s.Name, Image: image, Text: "built " + image})
	return res.ID, nil
}

// serviceImage is the image a service runs: its `image:`, or compose's
// NAME-SERVICE for a service that is built.
func serviceImage(p *types.Project, s types.ServiceConfig) string {
	if s.Image != "" {
		return s.Image
	}
	return BuildImageName(p.Name, s.Name)
}
