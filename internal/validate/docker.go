package validate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Docker runs the validators in throwaway containers of the project's own
// images: same image, same bind mounts (read-only), the service's
// environment, no network, removed afterwards, bounded by Timeout.
type Docker struct {
	Timeout time.Duration
	api     *client.Client
}

// Validate implements lint.Validator. Without Docker it returns a note.
func (d *Docker) Validate(ctx context.Context, p *model.Lab) ([]rules.Finding, []msg.Message) {
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	api, _, err := dockerx.Connect(cctx)
	cancel()
	if err != nil {
		return nil, []msg.Message{msg.New("lint.note.no_docker")}
	}
	defer api.Close()
	d.api = api
	return validateWith(ctx, p, d.run, func(s *model.Service) string { return s.Image })
}

func (d *Docker) run(ctx context.Context, s *model.Service, tool string, args []string) (string, bool, error) {
	if s.Image == "" {
		return "", false, fmt.Errorf("%s has no image (built: run labctl verify)", s.Name)
	}
	img, err := d.api.ImageInspect(ctx, s.Image)
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return "", false, fmt.Errorf("image %s is not on this machine (lint does not pull)", s.Image)
		}
		return "", false, err
	}
	var entry []string
	switch tool {
	case "otelcol":
		// The Collector's binary is the image's entrypoint (official images:
		// /otelcol-contrib, /otelcol), or the first word of its Cmd.
		if img.Config != nil && len(img.Config.Entrypoint) > 0 {
			entry = img.Config.Entrypoint[:1]
		} else if img.Config != nil && len(img.Config.Cmd) > 0 {
			entry = img.Config.Cmd[:1]
		}
		if len(entry) == 0 || !strings.Contains(entry[0], "otelcol") {
			return "", false, ErrNoCommand
		}
	case "promtool":
		entry = []string{"/bin/promtool"}
	}
	timeout := d.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var binds []string
	for _, m := range s.Mounts {
		if m.Bind {
			binds = append(binds, m.Source+":"+m.Target+":ro")
		}
	}
	var env []string
	for k, v := range s.Env {
		env = append(env, k+"="+v)
	}
	res, err := d.api.ContainerCreate(rctx, client.ContainerCreateOptions{
		Config: &container.Config{Image: s.Image, Entrypoint: entry, Cmd: args, Env: env,
			Labels: map[string]string{"labctl.validate": s.Name}},
		HostConfig: &container.HostConfig{Binds: binds, NetworkMode: "none"},
	})
	if err != nil {
		return "", false, fmt.Errorf("create a %s container: %w", tool, err)
	}
	defer func() {
		rm, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_, _ = d.api.ContainerRemove(rm, res.ID, client.ContainerRemoveOptions{Force: true})
	}()
	if _, err := d.api.ContainerStart(rctx, res.ID, client.ContainerStartOptions{}); err != nil {
		if strings.Contains(err.Error(), "executable file not found") || strings.Contains(err.Error(), "no such file or directory") {
			return "", false, ErrNoCommand
		}
		return "", false, fmt.Errorf("start %s: %w", tool, err)
	}
	wait := d.api.ContainerWait(rctx, res.ID, client.ContainerWaitOptions{Condition: container.WaitConditionNotRunning})
	var code int64
	select {
	case r := <-wait.Result:
		code = r.StatusCode
	case err := <-wait.Error:
		if errors.Is(rctx.Err(), context.DeadlineExceeded) {
			return "", false, fmt.Errorf("%s did not finish within %s", tool, timeout)
		}
		return "", false, err
	}
	rc, err := d.api.ContainerLogs(ctx, res.ID, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true})
	if err != nil {
		return "", false, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	_, _ = stdcopy.StdCopy(&buf, &buf, rc)
	if code == 127 || code == 126 {
		return buf.String(), false, ErrNoCommand
	}
	return buf.String(), code == 0, nil
}
