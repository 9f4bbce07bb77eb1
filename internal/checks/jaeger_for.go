package checks

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
)

// JaegerConn is a client of a lab's Jaeger, chosen as verify chooses it.
type JaegerConn struct {
	jaeger.TraceReader
	// Addr is what is talked to: the UI base URL or the gRPC host:port.
	Addr string
	// UIURL is the Jaeger UI's base URL (for links to a trace), "" when the
	// UI is not reachable from this machine.
	UIURL string
	close func()
}

// Close releases the connection.
func (c *JaegerConn) Close() {
	if c.close != nil {
		c.close()
	}
}

// TraceURL is the Jaeger UI's page of a trace, "" without a UI URL.
func (c *JaegerConn) TraceURL(id string) string {
	if c.UIURL == "" || id == "" {
		return ""
	}
	return c.UIURL + "/trace/" + id
}

// JaegerFor connects to l's Jaeger as verify does: over HTTP on the UI port
// for a discovered lab (or when only that, or a --jaeger URL, is given),
// over gRPC (api_v2) for labctl's own lab. jaegerURL and jaegerAddr are
// --jaeger's overrides (UI URL, gRPC host:port), "" for none. client nil
// means a client without proxy and a 10 s timeout. An unreachable Jaeger
// is an error carrying the line that makes it reachable.
func JaegerFor(l *model.Lab, jaegerURL, jaegerAddr string, client *http.Client) (*JaegerConn, error) {
	o, err := Options{Lab: l, JaegerURL: jaegerURL, JaegerAddr: jaegerAddr}.withDefaults()
	if err != nil {
		return nil, err
	}
	l = o.Lab
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout, Transport: &http.Transport{Proxy: nil}}
	}
	ui, grpc := l.Endpoints.JaegerUI, l.Endpoints.JaegerGRPC
	useHTTP := ui.Reachable() && (l.Origin == model.OriginDiscovered || !grpc.Reachable() || ui.Via == model.ReachFlag)
	switch {
	case useHTTP:
		j, err := jaeger.NewHTTP(ui.URL(), client)
		if err != nil {
			return nil, err
		}
		return &JaegerConn{TraceReader: j, Addr: ui.URL(), UIURL: ui.URL()}, nil
	case grpc.Reachable():
		j, err := jaeger.Dial(grpc.Addr)
		if err != nil {
			return nil, err
		}
		return &JaegerConn{TraceReader: j, Addr: grpc.Addr, UIURL: ui.URL(), close: func() { _ = j.Close() }}, nil
	}
	return nil, fmt.Errorf("jaeger is not reachable from this machine: %s", orDefault(ui.Hint, "no Jaeger in "+l.Source))
}

const defaultHTTPTimeout = 10 * time.Second // as verify's client
