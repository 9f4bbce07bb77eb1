package checks

import (
	"context"
	"fmt"
	"github.com/labctl/labctl/internal/msg"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// waitBackend waits, within ctx, until the backend answers HTTP at all:
// `docker compose up -d --wait` returns before a backend without a
// healthcheck listens, and traffic sent then would be lost.
func (e *env) waitBackend(ctx context.Context) error {
	base := e.lab.Endpoints.Backend.URL()
	if base == "" {
		return nil
	}
	url := base + e.lab.Backend.HealthPath
	if e.lab.Backend.HealthPath == "" {
		url = base + "/"
	}
	start, told := time.Now(), false
	wait := 100 * time.Millisecond
	for {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := answers(c, e.http, url)
		cancel()
		if err == nil {
			if told {
				e.opts.say(msg.New("term.verify.backend_answers", msg.Duration(time.Since(start).Round(100*time.Millisecond))))
			}
			return nil
		}
		if !told && time.Since(start) > time.Second {
			e.opts.say(msg.New("term.verify.backend_wait", url))
			told = true
		}
		if !sleep(ctx, wait) {
			return fmt.Errorf("the backend did not answer at %s: %v", url, err)
		}
		wait = min(wait*2, time.Second)
	}
}

// answers reports whether url gives any HTTP answer (a 500 still means the
// backend listens: the traffic will show what fails). The request
// carries an unsampled traceparent so that it leaves no trace.
func answers(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("traceparent", "00-"+strings.Repeat("1", 32)+"-"+strings.Repeat("2", 16)+"-00")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return nil
}

// spanClock remembers when the traffic's server spans were first seen, so
// that the database-span check can stop waiting a short while after: spans
// of one request are exported together, so a child span that has not come
// with its server span is not coming.
type spanClock struct {
	mu     sync.Mutex
	server time.Time
}

func (s *spanClock) sawServer() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.server.IsZero() {
		s.server = time.Now()
	}
	return time.Since(s.server)
}
