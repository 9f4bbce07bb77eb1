package engine

import (
	"context"
	"time"
)

// settleTimeout bounds a create call that runs past a cancellation.
const settleTimeout = 30 * time.Second

// settled runs one create call (a network, a volume, a container) to its end
// even when ctx is cancelled: cancelling the request does not stop the engine
// from creating the thing, so an interrupted up would otherwise return before
// it exists and the down that follows would not see it (a network left behind
// after Ctrl-C). The caller checks ctx after the call.
func settled(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
}
