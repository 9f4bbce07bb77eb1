package checks

import (
	"testing"

	"github.com/labctl/labctl/internal/jaeger"
)

func server(id, route, methodKey string) jaeger.Span {
	return jaeger.Span{ID: id, Kind: "server", Operation: "GET " + route, Tags: map[string]string{"http.route": route, methodKey: "GET"}}
}

func TestServerSpanNeedsKindRouteAndMethod(t *testing.T) {
	for _, c := range []struct {
		name string
		span jaeger.Span
		want bool
	}{
		{"old semconv", server("a", "/products/", "http.method"), true},
		{"new semconv", server("a", "/products/{id}", "http.request.method"), true},
		{"no route", jaeger.Span{Kind: "server", Tags: map[string]string{"http.method": "GET"}}, false},
		{"client span", jaeger.Span{Kind: "client", Tags: map[string]string{"http.route": "/", "http.method": "GET"}}, false},
		{"internal http send", jaeger.Span{Kind: "internal", Tags: map[string]string{"http.route": "/", "http.method": "GET"}}, false},
	} {
		if got := isHTTPServer(c.span); got != c.want {
			t.Errorf("%s: isHTTPServer = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDBChildUnderServerSpan(t *testing.T) {
	db := func(id, parent, key string) jaeger.Span {
		return jaeger.Span{ID: id, ParentID: parent, Kind: "client", Operation: "SELECT lab", Tags: map[string]string{key: "postgresql"}}
	}
	cases := []struct {
		name  string
		spans []jaeger.Span
		want  bool
	}{
		{"direct child", []jaeger.Span{server("s", "/products/", "http.method"), db("d", "s", "db.system")}, true},
		{"grandchild, new semconv", []jaeger.Span{server("s", "/products/", "http.method"),
			{ID: "i", ParentID: "s", Kind: "internal"}, db("d", "i", "db.system.name")}, true},
		{"orphan db span", []jaeger.Span{server("s", "/", "http.method"), db("d", "", "db.system")}, false},
		{"other database", []jaeger.Span{server("s", "/", "http.method"),
			{ID: "d", ParentID: "s", Kind: "client", Tags: map[string]string{"db.system": "mysql"}}}, false},
		{"db span under a client span", []jaeger.Span{{ID: "c", Kind: "client"}, db("d", "c", "db.system")}, false},
	}
	for _, c := range cases {
		parent, child, ok := dbChild(jaeger.Trace{ID: "t", Spans: c.spans})
		if ok != c.want {
			t.Errorf("%s: found=%v, want %v", c.name, ok, c.want)
		}
		if ok && (parent.Kind != "server" || child.ID != "d") {
			t.Errorf("%s: parent %+v child %+v", c.name, parent, child)
		}
	}
}

func TestFirstServerSpanSkipsTracesWithout(t *testing.T) {
	traces := []jaeger.Trace{
		{ID: "noise", Spans: []jaeger.Span{{ID: "x", Kind: "internal"}}},
		{ID: "good", Spans: []jaeger.Span{{ID: "y", Kind: "internal"}, server("z", "/products/", "http.method")}},
	}
	tr, sp, ok := firstServerSpan(traces)
	if !ok || tr.ID != "good" || sp.ID != "z" {
		t.Errorf("firstServerSpan = %s %s %v", tr.ID, sp.ID, ok)
	}
}

func TestDBChildPrefersAQueryToConnect(t *testing.T) {
	tr := jaeger.Trace{ID: "t", Spans: []jaeger.Span{
		server("s", "/products/", "http.method"),
		{ID: "c", ParentID: "s", Kind: "client", Operation: "connect", Tags: map[string]string{"db.system": "postgresql"}},
		{ID: "q", ParentID: "s", Kind: "client", Operation: "SELECT postgres", Tags: map[string]string{"db.system": "postgresql"}},
	}}
	if _, db, ok := dbChild(tr); !ok || db.ID != "q" {
		t.Errorf("dbChild chose %+v, want the SELECT", db)
	}
}
