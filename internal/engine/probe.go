package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Probe says how labctl decides, from the host, that a service is ready.
type Probe struct {
	Service string
	// HTTP is a URL that must answer 2xx (GET).
	HTTP string
	// TCP is an address that must accept a connection.
	TCP string
	// Healthy requires the container's health status (its healthcheck) to
	// be "healthy" as well.
	Healthy bool
}

// Describe says what is probed, for progress lines and errors.
func (p Probe) Describe() string {
	var parts []string
	if p.HTTP != "" {
		parts = append(parts, "GET "+p.HTTP)
	}
	if p.TCP != "" {
		parts = append(parts, "TCP connect to "+p.TCP)
	}
	if p.Healthy {
		parts = append(parts, "container health status")
	}
	if len(parts) == 0 {
		return "container running"
	}
	return strings.Join(parts, " + ")
}

// probeTimeout bounds one probe attempt.
const probeTimeout = time.Second

var probeClient = &http.Client{
	Timeout: probeTimeout,
	Transport: &http.Transport{
		Proxy:             nil, // 127.0.0.1 only: never through a proxy
		DisableKeepAlives: true,
	},
}

// checkHost runs the host side of the probe once.
func (p Probe) checkHost(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if p.TCP != "" {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", p.TCP)
		if err != nil {
			return shortNetErr(err)
		}
		_ = c.Close()
	}
	if p.HTTP != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.HTTP, nil)
		if err != nil {
			return err
		}
		req.Header.Set("traceparent", unsampledTraceparent())
		resp, err := probeClient.Do(req)
		if err != nil {
			return shortNetErr(err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return fmt.Errorf("HTTP %s", resp.Status)
		}
	}
	return nil
}

// shortNetErr drops the URL and dial details a probe error repeats.
func shortNetErr(err error) error {
	s := err.Error()
	for _, k := range []string{"connection refused", "connection reset by peer", "EOF", "i/o timeout", "deadline exceeded"} {
		if strings.Contains(s, k) {
			return fmt.Errorf("%s", k)
		}
	}
	return err
}

// unsampledTraceparent is a W3C trace context whose sampled flag is off.
// Instrumented services (Jaeger traces its own query API, the backend its
// routes) follow their parent's decision, so readiness probes leave no
// traces in Jaeger, and no pending spans that delay a service's shutdown
// (Jaeger, stopped right after a probe, would otherwise wait 10 s trying to
// export its own spans to its already stopped receiver).
func unsampledTraceparent() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	b[0] |= 1 // an all-zero ID is invalid
	b[16] |= 1
	return "00-" + hex.EncodeToString(b[:16]) + "-" + hex.EncodeToString(b[16:]) + "-00"
}
