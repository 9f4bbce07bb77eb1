package checks

import "testing"

func server(id, route, methodKey string) Span {
	return Span{ID: id, Kind: "server", Operation: "GET " + route, Tags: map[string]string{"http.route": route, methodKey: "GET"}}
}

func TestServerSpanNeedsKindRouteAndMethod(t *testing.T) {
	for _, c := range []struct {
		name string
		span Span
		want bool
	}{
		{"old semconv", server("a", "/products/", "http.method"), true},
		{"new semconv", server("a", "/products/{id}", "http.request.method"), true},
		{"no route", Span{Kind: "server", Tags: map[string]string{"http.method": "GET"}}, false},
		{"client span", Span{Kind: "client", Tags: map[string]string{"http.route": "/", "http.method": "GET"}}, false},
		{"internal http send", Span{Kind: "internal", Tags: map[string]string{"http.route": "/", "http.method": "GET"}}, false},
	} {
		if got := isHTTPServer(c.span); got != c.want {
			t.Errorf("%s: isHTTPServer = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDBChildUnderServerSpan(t *testing.T) {
	db := func(id, parent, key string) Span {
		return Span{ID: id, ParentID: parent, Kind: "client", Operation: "SELECT lab", Tags: map[string]string{key: "postgresql"}}
	}
	cases := []struct {
		name  string
		spans []Span
		want  bool
	}{
		{"direct child", []Span{server("s", "/products/", "http.method"), db("d", "s", "db.system")}, true},
		{"grandchild, new semconv", []Span{server("s", "/products/", "http.method"),
			{ID: "i", ParentID: "s", Kind: "internal"}, db("d", "i", "db.system.name")}, true},
		{"orphan db span", []Span{server("s", "/", "http.method"), db("d", "", "db.system")}, false},
		{"other database", []Span{server("s", "/", "http.method"),
			{ID: "d", ParentID: "s", Kind: "client", Tags: map[string]string{"db.system": "mysql"}}}, false},
		{"db span under a client span", []Span{{ID: "c", Kind: "client"}, db("d", "c", "db.system")}, false},
	}
	for _, c := range cases {
		parent, child, ok := dbChild(Trace{ID: "t", Spans: c.spans})
		if ok != c.want {
			t.Errorf("%s: found=%v, want %v", c.name, ok, c.want)
		}
		if ok && (parent.Kind != "server" || child.ID != "d") {
			t.Errorf("%s: parent %+v child %+v", c.name, parent, child)
		}
	}
}

func TestFirstServerSpanSkipsTracesWithout(t *testing.T) {
	traces := []Trace{
		{ID: "noise", Spans: []Span{{ID: "x", Kind: "internal"}}},
		{ID: "good", Spans: []Span{{ID: "y", Kind: "internal"}, server("z", "/products/", "http.method")}},
	}
	tr, sp, ok := firstServerSpan(traces)
	if !ok || tr.ID != "good" || sp.ID != "z" {
		t.Errorf("firstServerSpan = %s %s %v", tr.ID, sp.ID, ok)
	}
}

func TestDBChildPrefersAQueryToConnect(t *testing.T) {
	tr := Trace{ID: "t", Spans: []Span{
		server("s", "/products/", "http.method"),
		{ID: "c", ParentID: "s", Kind: "client", Operation: "connect", Tags: map[string]string{"db.system": "postgresql"}},
		{ID: "q", ParentID: "s", Kind: "client", Operation: "SELECT postgres", Tags: map[string]string{"db.system": "postgresql"}},
	}}
	if _, db, ok := dbChild(tr); !ok || db.ID != "q" {
		t.Errorf("dbChild chose %+v, want the SELECT", db)
	}
}
