package discover

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/labctl/labctl/internal/model"
	"github.com/moby/moby/api/pkg/stdcopy"
	ctypes "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// API is the part of the Docker Engine API discovery reads. It only reads:
// discovery never changes a container.
type API interface {
	ContainerList(ctx context.Context, options client.ContainerListOptions) (client.ContainerListResult, error)
	ContainerInspect(ctx context.Context, container string, options client.ContainerInspectOptions) (client.ContainerInspectResult, error)
	CopyFromContainer(ctx context.Context, container string, options client.CopyFromContainerOptions) (client.CopyFromContainerResult, error)
	ContainerLogs(ctx context.Context, container string, options client.ContainerLogsOptions) (client.ContainerLogsResult, error)
}

var _ API = (*client.Client)(nil)

// containers lists and inspects the project's containers, one per service
// (number 1, not one-off), sorted by service.
func containers(ctx context.Context, api API, project string) ([]container, error) {
	res, err := api.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: make(client.Filters).Add("label", model.LabelProject+"="+project),
	})
	if err != nil {
		return nil, fmt.Errorf("list containers of project %s: %w", project, err)
	}
	seen := map[string]bool{}
	var out []container
	items := res.Items
	sort.Slice(items, func(i, j int) bool {
		return items[i].Labels[model.LabelContainerNumber] < items[j].Labels[model.LabelContainerNumber]
	})
	for _, s := range items {
		svc := s.Labels[model.LabelService]
		if svc == "" || s.Labels[model.LabelOneoff] == "True" || seen[svc] {
			continue
		}
		seen[svc] = true
		in, err := api.ContainerInspect(ctx, s.ID, client.ContainerInspectOptions{})
		if err != nil {
			return nil, fmt.Errorf("inspect %s: %w", svc, err)
		}
		out = append(out, fromInspect(in.Container))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out, nil
}

func fromInspect(in ctypes.InspectResponse) container {
	c := container{
		ID:        in.ID,
		Name:      strings.TrimPrefix(in.Name, "/"),
		Env:       map[string]string{},
		Published: map[int][]binding{},
		Labels:    map[string]string{},
	}
	if in.Path != "" {
		c.Args = append([]string{in.Path}, in.Args...)
	}
	if cfg := in.Config; cfg != nil {
		c.Image = cfg.Image
		for _, kv := range cfg.Env {
			k, v, _ := strings.Cut(kv, "=")
			c.Env[k] = v
		}
		for p := range cfg.ExposedPorts {
			if p.Proto() == "tcp" {
				c.Exposed = append(c.Exposed, int(p.Num()))
			}
		}
		sort.Ints(c.Exposed)
		for k, v := range cfg.Labels {
			c.Labels[k] = v
		}
	}
	c.Service = c.Labels[model.LabelService]
	if st := in.State; st != nil {
		c.State, c.Running = string(st.Status), st.Running
		if st.Health != nil {
			c.Health = string(st.Health.Status)
		}
	}
	if ns := in.NetworkSettings; ns != nil {
		for p, bs := range ns.Ports {
			if p.Proto() != "tcp" {
				continue
			}
			for _, b := range bs {
				hp, err := strconv.Atoi(b.HostPort)
				if err != nil || hp == 0 {
					continue
				}
				ip := ""
				if b.HostIP.IsValid() {
					ip = b.HostIP.String()
				}
				c.Published[int(p.Num())] = append(c.Published[int(p.Num())], binding{HostIP: ip, HostPort: hp})
			}
		}
		names := make([]string, 0, len(ns.Networks))
		for n := range ns.Networks {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			ep := ns.Networks[n]
			if ep == nil {
				continue
			}
			if ep.IPAddress.IsValid() && !ep.IPAddress.IsUnspecified() {
				c.IPs = append(c.IPs, ep.IPAddress.String())
			}
			c.Aliases = append(c.Aliases, ep.Aliases...)
			c.Aliases = append(c.Aliases, ep.DNSNames...)
		}
	}
	for _, m := range in.Mounts {
		c.Mounts = append(c.Mounts, mount{Source: m.Source, Destination: m.Destination})
	}
	return c
}

// maxConfigSize bounds a config file copied out of a container.
const maxConfigSize = 4 << 20

// errNotFound says a file is not in the container.
var errNotFound = errors.New("no such file in the container")

// readFile copies one file out of a container through the API, so that a
// remote engine works too.
func readFile(ctx context.Context, api API, id, path string) ([]byte, error) {
	res, err := api.CopyFromContainer(ctx, id, client.CopyFromContainerOptions{SourcePath: path})
	if err != nil {
		// Engine 20.10 says only "Could not find the file ... in container ID" (a 404).
		if cerrdefs.IsNotFound(err) || strings.Contains(strings.ToLower(err.Error()), "no such") ||
			strings.Contains(err.Error(), "Could not find the file") || strings.Contains(err.Error(), "404") {
			return nil, fmt.Errorf("%s: %w", path, errNotFound)
		}
		return nil, fmt.Errorf("copy %s: %w", path, err)
	}
	defer res.Content.Close()
	tr := tar.NewReader(res.Content)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: %w", path, errNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue // a directory or a link: not a config file
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxConfigSize+1))
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", path, err)
		}
		if len(data) > maxConfigSize {
			return nil, fmt.Errorf("%s is larger than %d MiB", path, maxConfigSize>>20)
		}
		return data, nil
	}
}

// TailLogs returns the last n lines a container wrote (stdout and stderr).
func TailLogs(ctx context.Context, api API, id string, n int) ([]string, error) {
	rc, err := api.ContainerLogs(ctx, id, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true, Tail: strconv.Itoa(n)})
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, 8<<20))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if _, err := stdcopy.StdCopy(&out, &out, bytes.NewReader(raw)); err != nil {
		out.Reset()
		out.Write(raw) // a TTY container's log is not multiplexed
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return nil, nil
	}
	return lines, nil
}
