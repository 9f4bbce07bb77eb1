package engine

import (
	"context"
	"sync"
	"time"

	"github.com/moby/moby/client"
)

// stateWatch wakes waiters when the engine reports a change to one of the
// project's containers (start, die, health_status), so that waiting for a
// dependency's health costs no tight polling of the engine: on 2 cores, 20
// inspects a second compete with PostgreSQL's initdb. Inspect stays the
// source of truth; an event only triggers a new inspect, and waiters still
// re-inspect now and then in case an event is missed. Without an event
// stream, waiters poll as before.
type stateWatch struct {
	mu   sync.Mutex
	ch   chan struct{} // closed at the next event
	live bool          // the stream is up
}

// watchStates subscribes to the project's container events until ctx ends.
func (e *Engine) watchStates(ctx context.Context, project string) *stateWatch {
	w := &stateWatch{ch: make(chan struct{}), live: true}
	res := e.api.Events(ctx, client.EventsListOptions{Filters: make(client.Filters).
		Add("type", "container").
		Add("label", ProjectFilter(project)).
		Add("event", "start", "die", "health_status")})
	go func() {
		defer w.down()
		for {
			select {
			case _, ok := <-res.Messages:
				if !ok {
					return
				}
				w.notify()
			case <-res.Err:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return w
}

func (w *stateWatch) notify() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.ch)
	w.ch = make(chan struct{})
}

func (w *stateWatch) down() {
	w.mu.Lock()
	w.live = false
	w.mu.Unlock()
	w.notify()
}

// next returns a channel closed at the next event, and how long to wait
// for one before inspecting anyway.
func (w *stateWatch) next() (<-chan struct{}, time.Duration) {
	if w == nil {
		return nil, probeEvery
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.live {
		return w.ch, probeEvery
	}
	return w.ch, watchRecheck
}

// watchRecheck is how often a waiter re-inspects while events flow.
var watchRecheck = time.Second
