// Package enginetest is a Docker engine for tests that runs a Compose
// project read from its files: each service is a container of the
// project (Compose's labels, the service's image, environment, command
// and bind mounts, running unless told otherwise), and a file copied out
// of a container is the host file its mount points at. Discovery reads it
// as it reads a real engine, so that a rule is tested on the lab verify
// builds, from files and containers, with no field set by hand.
package enginetest

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	ctypes "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
)

// Engine answers the read-only calls discovery makes.
type Engine struct {
	containers []ctypes.InspectResponse
	mounts     map[string][]model.Mount // by container ID
	logs       map[string]string        // by container ID
}

var _ discover.API = (*Engine)(nil)

// FromFiles runs the services of a lab read from its files (lint.Load) as
// the containers of project. states gives a service's container state
// ("exited"; running when absent); logs a service's log.
func FromFiles(l *model.Lab, project string, states, logs map[string]string) *Engine {
	e := &Engine{mounts: map[string][]model.Mount{}, logs: map[string]string{}}
	dir, compose := "", ""
	if l.Files != nil {
		dir, compose = l.Files.Dir, filepath.Join(l.Files.Dir, l.Files.Compose)
	}
	for _, s := range l.Services {
		id := "id-" + s.Name
		cname := project + "-" + s.Name + "-1"
		state, running := ctypes.StateRunning, true
		if st := states[s.Name]; st != "" && st != "running" {
			state, running = ctypes.ContainerState(st), false
		}
		var env []string
		for k, v := range s.Env {
			env = append(env, k+"="+v)
		}
		sort.Strings(env)
		var mounts []ctypes.MountPoint
		for _, m := range s.Mounts {
			if m.Bind {
				mounts = append(mounts, ctypes.MountPoint{Type: "bind", Source: m.Source, Destination: m.Target})
			}
		}
		in := ctypes.InspectResponse{
			ID: id, Name: "/" + cname, Mounts: mounts,
			State: &ctypes.State{Status: state, Running: running},
			Config: &ctypes.Config{Image: s.Image, Env: env, Labels: map[string]string{
				model.LabelProject: project, model.LabelService: s.Name, model.LabelContainerNumber: "1", model.LabelOneoff: "False",
				model.LabelWorkingDir: dir, model.LabelConfigFiles: compose,
			}},
			NetworkSettings: &ctypes.NetworkSettings{Networks: map[string]*network.EndpointSettings{
				project + "_default": {Aliases: append([]string{cname, s.Name}, s.Aliases...)},
			}},
		}
		if args := append(append([]string{}, s.Entrypoint...), s.Command...); len(args) > 0 {
			in.Path, in.Args = args[0], args[1:]
		}
		e.containers = append(e.containers, in)
		e.mounts[id] = s.Mounts
		e.logs[id] = logs[s.Name]
	}
	return e
}

// ContainerList lists the project's containers.
func (e *Engine) ContainerList(_ context.Context, o client.ContainerListOptions) (client.ContainerListResult, error) {
	var out []ctypes.Summary
	for _, c := range e.containers {
		if o.Filters["label"][model.LabelProject+"="+c.Config.Labels[model.LabelProject]] {
			out = append(out, ctypes.Summary{ID: c.ID, Names: []string{c.Name}, Labels: c.Config.Labels})
		}
	}
	return client.ContainerListResult{Items: out}, nil
}

// ContainerInspect inspects one.
func (e *Engine) ContainerInspect(_ context.Context, id string, _ client.ContainerInspectOptions) (client.ContainerInspectResult, error) {
	for _, c := range e.containers {
		if c.ID == id {
			return client.ContainerInspectResult{Container: c}, nil
		}
	}
	return client.ContainerInspectResult{}, errors.New("Error response from daemon: No such container: " + id)
}

// CopyFromContainer copies the host file a bind mount puts at a path.
func (e *Engine) CopyFromContainer(_ context.Context, id string, o client.CopyFromContainerOptions) (client.CopyFromContainerResult, error) {
	notFound := errors.New("Error response from daemon: Could not find the file " + o.SourcePath + " in container " + id)
	for _, m := range e.mounts[id] {
		src := ""
		switch rest, ok := strings.CutPrefix(o.SourcePath, strings.TrimSuffix(m.Target, "/")+"/"); {
		case m.Target == o.SourcePath:
			src = m.Source
		case ok:
			src = filepath.Join(m.Source, rest)
		default:
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return client.CopyFromContainerResult{}, notFound
		}
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		_ = tw.WriteHeader(&tar.Header{Name: filepath.Base(o.SourcePath), Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		_, _ = tw.Write(data)
		_ = tw.Close()
		return client.CopyFromContainerResult{Content: io.NopCloser(&buf)}, nil
	}
	return client.CopyFromContainerResult{}, notFound
}

// ContainerLogs is the service's log as given (not multiplexed, as a TTY's).
func (e *Engine) ContainerLogs(_ context.Context, id string, _ client.ContainerLogsOptions) (client.ContainerLogsResult, error) {
	return io.NopCloser(strings.NewReader(e.logs[id])), nil
}
