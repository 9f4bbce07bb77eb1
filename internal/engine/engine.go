// Package engine drives the Docker Engine for one Compose project: a
// compose-go Project in (as internal/render renders and loads it), Docker API
// calls out (up, down, status, logs), behind DockerAPI so that it runs
// against a fake and the real engine. It knows nothing of labctl.yaml: what
// it cannot read from the project (readiness probes, URLs, which key sets an
// image or a port) comes in as Hints.
package engine

import (
	"context"
	"io"
	"sync"

	"github.com/moby/moby/client"
)

// DockerAPI is the part of the Docker Engine API the engine uses.
// *client.Client implements it; tests may pass a fake.
type DockerAPI interface {
	ImageInspect(ctx context.Context, image string, opts ...client.ImageInspectOption) (client.ImageInspectResult, error)
	ImagePull(ctx context.Context, ref string, options client.ImagePullOptions) (client.ImagePullResponse, error)
	ImageBuild(ctx context.Context, buildContext io.Reader, options client.ImageBuildOptions) (client.ImageBuildResult, error)
	ImageRemove(ctx context.Context, image string, options client.ImageRemoveOptions) (client.ImageRemoveResult, error)
	ImageList(ctx context.Context, options client.ImageListOptions) (client.ImageListResult, error)

	ContainerList(ctx context.Context, options client.ContainerListOptions) (client.ContainerListResult, error)
	ContainerCreate(ctx context.Context, options client.ContainerCreateOptions) (client.ContainerCreateResult, error)
	ContainerInspect(ctx context.Context, container string, options client.ContainerInspectOptions) (client.ContainerInspectResult, error)
	ContainerStart(ctx context.Context, container string, options client.ContainerStartOptions) (client.ContainerStartResult, error)
	ContainerStop(ctx context.Context, container string, options client.ContainerStopOptions) (client.ContainerStopResult, error)
	ContainerRemove(ctx context.Context, container string, options client.ContainerRemoveOptions) (client.ContainerRemoveResult, error)
	ContainerLogs(ctx context.Context, container string, options client.ContainerLogsOptions) (client.ContainerLogsResult, error)

	NetworkCreate(ctx context.Context, name string, options client.NetworkCreateOptions) (client.NetworkCreateResult, error)
	NetworkList(ctx context.Context, options client.NetworkListOptions) (client.NetworkListResult, error)
	NetworkConnect(ctx context.Context, network string, options client.NetworkConnectOptions) (client.NetworkConnectResult, error)
	NetworkRemove(ctx context.Context, network string, options client.NetworkRemoveOptions) (client.NetworkRemoveResult, error)

	VolumeCreate(ctx context.Context, options client.VolumeCreateOptions) (client.VolumeCreateResult, error)
	VolumeList(ctx context.Context, options client.VolumeListOptions) (client.VolumeListResult, error)
	VolumeRemove(ctx context.Context, volumeID string, options client.VolumeRemoveOptions) (client.VolumeRemoveResult, error)

	Events(ctx context.Context, options client.EventsListOptions) client.EventsResult
}

var _ DockerAPI = (*client.Client)(nil)

// EventKind classifies a progress event.
type EventKind string

const (
	EventPull     EventKind = "pull"     // Percent is set when known
	EventPulled   EventKind = "pulled"   // an image is now local
	EventBuild    EventKind = "build"    // Text is one line of the build log
	EventBuilt    EventKind = "built"    // the backend image is ready
	EventCreated  EventKind = "created"  // a container was created
	EventRemoved  EventKind = "removed"  // a container, network or volume was removed
	EventStarted  EventKind = "started"  // a container was started
	EventWaiting  EventKind = "waiting"  // a service waits for a dependency
	EventReady    EventKind = "ready"    // a service answered its readiness probe
	EventUpToDate EventKind = "uptodate" // a running container was kept as is
	EventInfo     EventKind = "info"     // anything else worth a line
)

// Event is one progress report; the CLI decides how (and whether) to print it.
type Event struct {
	Kind    EventKind
	Service string // service name, when the event is about one
	Image   string // image reference, for pull/build events
	Percent int    // pull progress 0-100, -1 when unknown
	Text    string // a human line (build log line, what is awaited, ...)
	Seconds float64
}

// Engine drives the Docker engine for one lab project.
type Engine struct {
	api DockerAPI
	// Local says the engine publishes ports on this machine, so labctl can
	// check them before starting anything.
	Local bool

	mu       sync.Mutex
	progress func(Event)
}

// NewEngine returns an engine over api. progress may be nil.
func NewEngine(api DockerAPI, local bool, progress func(Event)) *Engine {
	return &Engine{api: api, Local: local, progress: progress}
}

// emit reports an event; calls are serialised so the callback needs no lock.
func (e *Engine) emit(ev Event) {
	if e.progress == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.progress(ev)
}
