package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
	"golang.org/x/sync/errgroup"
)

// LogsOptions steer Logs.
type LogsOptions struct {
	Services   []string // none: every service
	Follow     bool
	Tail       string // number of lines from the end, or "all"
	Timestamps bool
	// Prefix puts "service | " before each line; on by default when several
	// services are shown.
	Prefix *bool
}

// Logs writes the logs of the project's containers to w, demultiplexed
// (stdout and stderr merged, in order per container).
func (e *Engine) Logs(ctx context.Context, project string, opts LogsOptions, w io.Writer) error {
	items, err := e.projectContainers(ctx, project)
	if err != nil {
		return err
	}
	bySvc, _ := serviceContainers(items)
	names := opts.Services
	if len(names) == 0 {
		names = sortedKeys(bySvc)
	}
	if len(names) == 0 {
		return fmt.Errorf("project %s has no containers; run labctl up", project)
	}
	for _, n := range names {
		if _, ok := bySvc[n]; !ok {
			return fmt.Errorf("service %s has no container in project %s (have: %s)", n, project, strings.Join(sortedKeys(bySvc), ", "))
		}
	}
	prefix := len(names) > 1
	if opts.Prefix != nil {
		prefix = *opts.Prefix
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	tail := opts.Tail
	if tail == "" {
		tail = "all"
	}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	for _, n := range names {
		c := bySvc[n]
		g.Go(func() error {
			rc, err := e.api.ContainerLogs(gctx, c.ID, client.ContainerLogsOptions{
				ShowStdout: true, ShowStderr: true, Follow: opts.Follow, Tail: tail, Timestamps: opts.Timestamps,
			})
			if err != nil {
				return fmt.Errorf("logs of %s: %w", n, err)
			}
			defer rc.Close()
			lw := &lineWriter{mu: &mu, w: w}
			if prefix {
				lw.prefix = fmt.Sprintf("%-*s | ", width, n)
			}
			defer lw.Flush()
			if e.hasTTY(gctx, c.ID) {
				_, err = io.Copy(lw, rc)
			} else {
				_, err = stdcopy.StdCopy(lw, lw, rc)
			}
			if err != nil && gctx.Err() == nil {
				return fmt.Errorf("logs of %s: %w", n, err)
			}
			return nil
		})
	}
	err = g.Wait()
	if ctx.Err() != nil && opts.Follow {
		return nil // Ctrl-C ends --follow
	}
	return err
}

func (e *Engine) hasTTY(ctx context.Context, id string) bool {
	res, err := e.api.ContainerInspect(ctx, id, client.ContainerInspectOptions{})
	return err == nil && res.Container.Config != nil && res.Container.Config.Tty
}

// lineWriter writes whole lines, each with a prefix, under a shared lock so
// that lines of concurrent containers do not interleave.
type lineWriter struct {
	mu     *sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		if err := l.emit(l.buf[:i+1]); err != nil {
			return 0, err
		}
		l.buf = l.buf[i+1:]
	}
}

// Flush writes a last line without newline.
func (l *lineWriter) Flush() {
	if len(l.buf) > 0 {
		_ = l.emit(append(l.buf, '\n'))
		l.buf = nil
	}
}

func (l *lineWriter) emit(line []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := io.WriteString(l.w, l.prefix+string(line))
	return err
}
