package cli

import (
	"context"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
)

// reportTrace fetches the trace verify checked, for the report's chart, and
// its Jaeger UI link. Nothing (nil, "") when verify saw no trace or Jaeger
// does not answer within a few seconds: the report then leaves the chart
// out, and nothing else changes.
func reportTrace(ctx context.Context, l *model.Lab, r *checks.Result) (*jaeger.Trace, string) {
	id := r.TraceID()
	if id == "" || l == nil {
		return nil, ""
	}
	conn, err := jaeger.For(l, nil)
	if err != nil {
		return nil, ""
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	tr, err := conn.GetTrace(ctx, id)
	if err != nil {
		return nil, ""
	}
	return &tr, conn.TraceURL(tr.ID)
}
