package waterfall

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/labctl/labctl/internal/jaeger"

	"github.com/labctl/labctl/internal/testutil"
)

var t0 = time.Date(2026, 12, 2, 10, 3, 4, 0, time.UTC)

func at(ms float64) time.Time { return t0.Add(time.Duration(ms * float64(time.Millisecond))) }
func dur(ms float64) time.Duration {
	return time.Duration(ms * float64(time.Millisecond))
}

func span(id, parent, op, kind string, start, d float64, tags ...string) jaeger.Span {
	s := jaeger.Span{ID: id, ParentID: parent, Service: "backend-service", Operation: op, Kind: kind,
		Start: at(start), Duration: dur(d), Tags: map[string]string{}}
	for i := 0; i+1 < len(tags); i += 2 {
		s.Tags[tags[i]] = tags[i+1]
	}
	return s
}

// fastapi is the template backend's POST /products/: the server span, the
// ASGI receive/send internals, SQLAlchemy's connect and INSERT.
func fastapi() jaeger.Trace {
	return jaeger.Trace{ID: "4bf92f3577b34da6a3ce929d0e0e4736", Spans: []jaeger.Span{
		span("a1", "", "POST /products/", "server", 0, 12.4,
			"http.request.method", "POST", "http.route", "/products/", "http.response.status_code", "201"),
		span("b2", "a1", "POST /products/ http receive", "internal", 0.3, 0.1, "asgi.event.type", "http.request"),
		span("c3", "a1", "connect", "client", 1.2, 1.1, "db.system", "postgresql"),
		span("d4", "a1", "INSERT lab", "client", 2.5, 4.1,
			"db.system", "postgresql", "db.statement", "INSERT INTO product (name, description, price)\n VALUES (%(name)s, %(description)s, %(price)s) RETURNING product.id"),
		span("e5", "a1", "POST /products/ http send", "internal", 11.9, 0.2,
			"http.status_code", "201", "asgi.event.type", "http.response.start"),
	}}
}

func cases() map[string]jaeger.Trace {
	nested := jaeger.Trace{ID: "00000000000000000000000000000abc", Spans: []jaeger.Span{
		// out of order on purpose: Arrange sorts
		span("c", "b", "SELECT product", "client", 3, 2, "db.system", "postgresql", "db.statement", "SELECT * FROM product WHERE id = %(id)s"),
		span("a", "", "GET /products/{id}", "server", 0, 8, "http.method", "GET", "http.route", "/products/{id}", "http.status_code", "200"),
		span("b", "a", "get_product", "internal", 1, 6),
		span("d", "c", "pool checkout", "internal", 3.2, 0.3),
	}}
	concurrent := jaeger.Trace{ID: "concurrent0000000000000000000001", Spans: []jaeger.Span{
		span("r", "", "/oteldemo.CheckoutService/PlaceOrder", "server", 0, 40,
			"rpc.system", "grpc", "rpc.service", "oteldemo.CheckoutService", "rpc.method", "PlaceOrder", "rpc.grpc.status_code", "0"),
		span("x", "r", "/oteldemo.CartService/GetCart", "client", 2, 20,
			"rpc.system", "grpc", "rpc.service", "oteldemo.CartService", "rpc.method", "GetCart"),
		span("y", "r", "/oteldemo.CurrencyService/Convert", "client", 3, 15,
			"rpc.system", "grpc", "rpc.service", "oteldemo.CurrencyService", "rpc.method", "Convert"),
		span("z", "r", "/oteldemo.ShippingService/GetQuote", "client", 2, 30,
			"rpc.system", "grpc", "rpc.service", "oteldemo.ShippingService", "rpc.method", "GetQuote"),
	}}
	concurrent.Spans[2].Service = "currency"
	missing := jaeger.Trace{ID: "missingparent000000000000000000a", Spans: []jaeger.Span{
		span("s", "", "GET /", "server", 0, 5, "http.method", "GET", "http.route", "/", "http.status_code", "200"),
		span("o", "ffffffffffffffff", "INSERT lab", "client", 6, 1, "db.system", "postgresql", "db.statement", "INSERT INTO t VALUES (1)"),
		span("p", "o", "commit", "internal", 6.5, 0.2),
	}}
	skew := jaeger.Trace{ID: "skew0000000000000000000000000001", Spans: []jaeger.Span{
		span("s", "", "GET /products/", "server", 10, 5, "http.method", "GET", "http.route", "/products/", "http.status_code", "200"),
		span("c", "s", "SELECT product", "client", 8, 3, "db.system", "postgresql", "db.statement", "SELECT * FROM product"),
		span("l", "s", "http send", "internal", 13, 4),
	}}
	errSpan := jaeger.Trace{ID: "error000000000000000000000000001", Spans: []jaeger.Span{
		span("s", "", "POST /products/", "server", 0, 3.2, "http.request.method", "POST", "http.route", "/products/",
			"http.response.status_code", "500", "error.type", "500"),
		span("c", "s", "connect", "client", 0.4, 2.5, "db.system", "postgresql", "exception.type", "sqlalchemy.exc.OperationalError"),
	}}
	errSpan.Spans[0].Error = true
	errSpan.Spans[1].Error = true
	return map[string]jaeger.Trace{
		"fastapi": fastapi(), "nested": nested, "concurrent": concurrent,
		"missing-parent": missing, "clock-skew": skew, "error": errSpan,
	}
}

func TestRenderGolden(t *testing.T) {
	for name, tr := range cases() {
		for _, width := range []int{80, 200} {
			t.Run(name+"-"+itoa(width), func(t *testing.T) {
				var b bytes.Buffer
				o := Options{Width: width, Link: "http://127.0.0.1:16686/trace/" + tr.ID}
				if err := Render(&b, Arrange(tr), o); err != nil {
					t.Fatal(err)
				}
				for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
					if n := utf8.RuneCountInString(line); n > width && !strings.HasPrefix(line, "Jaeger UI: ") {
						t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, width, line)
					}
					if strings.Contains(line, "\x1b") {
						t.Errorf("line %d has an escape sequence without Color: %q", i+1, line)
					}
				}
				testutil.Golden(t, filepath.Join("testdata", name+"-"+itoa(width)+".golden"), b.Bytes())
			})
		}
	}
}

func itoa(n int) string {
	if n == 80 {
		return "80"
	}
	return "200"
}

func TestRenderColor(t *testing.T) {
	var plain, color bytes.Buffer
	l := Arrange(cases()["error"])
	if err := Render(&plain, l, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if err := Render(&color, l, Options{Width: 80, Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(color.String(), red+"✗ POST /products/") {
		t.Errorf("error span not in red:\n%q", color.String())
	}
	stripped := color.String()
	for _, c := range []string{reset, bold, dim, red, cyan, magenta, blue} {
		stripped = strings.ReplaceAll(stripped, c, "")
	}
	if stripped != plain.String() {
		t.Errorf("colour changes more than colours:\n%s\nvs\n%s", stripped, plain.String())
	}
}

func TestArrange(t *testing.T) {
	l := Arrange(cases()["nested"])
	var got []string
	for _, r := range l.Rows {
		got = append(got, strings.Repeat(".", r.Depth)+r.Span.ID)
	}
	if want := "a .b ..c ...d"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
	if l.Duration != dur(8) || !l.Start.Equal(t0) {
		t.Errorf("Duration, Start = %s, %s; want 8ms, %s", l.Duration, l.Start, t0)
	}
	m := Arrange(cases()["missing-parent"])
	if !m.Rows[1].Orphan || m.Rows[1].Span.ID != "o" || m.Rows[2].Depth != 1 {
		t.Errorf("missing parent: rows %+v", m.Rows)
	}
	s := Arrange(cases()["clock-skew"])
	if !s.Rows[1].Skew || !s.Rows[2].Skew || s.Duration != dur(9) {
		t.Errorf("clock skew: rows %+v, duration %s", s.Rows, s.Duration)
	}
	// A cycle and a duplicate id still show each span once.
	c := Arrange(jaeger.Trace{ID: "c", Spans: []jaeger.Span{
		span("x", "y", "x", "", 0, 1), span("y", "x", "y", "", 1, 1), span("x", "", "dup", "", 2, 1)}})
	if len(c.Rows) != 3 {
		t.Errorf("cycle: %d rows, want 3: %+v", len(c.Rows), c.Rows)
	}
	if e := Arrange(jaeger.Trace{ID: "empty"}); len(e.Rows) != 0 {
		t.Errorf("empty trace: %+v", e)
	}
}

func TestExplain(t *testing.T) {
	for _, c := range []struct {
		span jaeger.Span
		want string
	}{
		{span("a", "", "x", "server", 0, 1, "http.method", "GET", "http.target", "/products/?limit=2", "http.status_code", "200"), "GET /products/?limit=2 → 200"},
		{span("a", "", "x", "client", 0, 1, "db.system", "postgresql", "db.operation", "SELECT"), "postgresql: SELECT"},
		{span("a", "", "x", "client", 0, 1, "rpc.system", "grpc", "rpc.service", "S", "rpc.method", "M"), "grpc S/M"},
		{span("a", "", "x", "internal", 0, 1), ""},
	} {
		if got := Explain(c.span); got != c.want {
			t.Errorf("Explain(%v) = %q, want %q", c.span.Tags, got, c.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		850 * time.Microsecond: "850µs", dur(4.25): "4.25ms", dur(12.34): "12.3ms", 1200 * time.Millisecond: "1.20s", 0: "0µs",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestRenderList(t *testing.T) {
	var ls []Layout
	for _, name := range []string{"fastapi", "error", "concurrent"} {
		ls = append(ls, Arrange(cases()[name]))
	}
	var b bytes.Buffer
	if err := RenderList(&b, ls, Options{Width: 80, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, filepath.Join("testdata", "list-80.golden"), b.Bytes())
}
