package jaeger

import (
	"net/http"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Conn is a client of a lab's Jaeger, chosen as verify chooses it.
type Conn struct {
	TraceReader
	// Addr is what is talked to: the UI base URL or the gRPC host:port.
	Addr string
	// UIURL is the Jaeger UI's base URL (for links to a trace), "" when the
	// UI is not reachable from this machine.
	UIURL string
	close func()
}

// Close releases the connection.
func (c *Conn) Close() {
	if c.close != nil {
		c.close()
	}
}

// TraceURL is the Jaeger UI's page of a trace, "" without a UI URL.
func (c *Conn) TraceURL(id string) string {
	if c.UIURL == "" || id == "" {
		return ""
	}
	return c.UIURL + "/trace/" + id
}

// For connects to l's Jaeger as verify does: over HTTP on the UI port for
// a discovered lab (or when only that, or a --jaeger URL, is given), over
// gRPC (api_v2) for labctl's own lab. The command line's --jaeger is
// already in l (model.Lab.With). client nil means a client without proxy
// and a 10 s timeout. An unreachable Jaeger is an error carrying the line
// that makes it reachable.
func For(l *model.Lab, client *http.Client) (*Conn, error) {
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout, Transport: &http.Transport{Proxy: nil}}
	}
	ui, grpc := l.Endpoints.JaegerUI, l.Endpoints.JaegerGRPC
	useHTTP := ui.Reachable() && (l.Origin == model.OriginDiscovered || !grpc.Reachable() || ui.Via == model.ReachFlag)
	switch {
	case useHTTP:
		j, err := NewHTTP(ui.URL(), client)
		if err != nil {
			return nil, err
		}
		return &Conn{TraceReader: j, Addr: ui.URL(), UIURL: ui.URL()}, nil
	case grpc.Reachable():
		j, err := Dial(grpc.Addr)
		if err != nil {
			return nil, err
		}
		return &Conn{TraceReader: j, Addr: grpc.Addr, UIURL: ui.URL(), close: func() { _ = j.Close() }}, nil
	}
	return nil, msg.Errorf("jaeger.err.unreachable", UnreachableSaid(l))
}

const defaultHTTPTimeout = 10 * time.Second // as verify's client

// UnreachableHint is the line that makes l's Jaeger reachable from this
// machine, or says the lab has none.
func UnreachableHint(l *model.Lab) string { return UnreachableSaid(l).English() }

// UnreachableSaid is UnreachableHint as a catalog message, for the
// course's language.
func UnreachableSaid(l *model.Lab) msg.Message {
	switch ui := l.Endpoints.JaegerUI; {
	case ui.HintSaid.Key != "":
		return msg.Strings(ui.HintSaid.Key, ui.HintSaid.Args)
	case ui.Hint != "":
		return msg.Quote(ui.Hint)
	}
	return msg.New("jaeger.no_jaeger", l.Source)
}
