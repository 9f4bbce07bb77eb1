package scenario

import (
	"testing"

	"github.com/labctl/labctl/internal/jaeger"
)

func newWatcher(t *testing.T, queryURL, service string) *Watcher {
	t.Helper()
	j, err := jaeger.NewHTTP(queryURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Watcher{Jaeger: j, Service: service}
}
