// Package scenariotest emits spans shaped as the OpenTelemetry Demo's
// recommendation service's, with the real OpenTelemetry SDK over OTLP, for
// the scenario's tests against a real Jaeger.
package scenariotest

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

// Shape is how the demo's recommendation service behaves in one run.
type Shape int

const (
	Leak   Shape = iota // the flag on: misses grow the cached list and get slower
	Defect              // the flag on in 2.2: a miss fails before the list grows
	Off                 // the flag off: no cache, the catalogue each time
)

// Names are get_product_list's attribute names in one release.
type Names struct{ Enabled, CacheHit, Count string }

// The demo's two schemes.
var (
	AppNames  = Names{"app.recommendation.cache_enabled", "app.cache_hit", "app.products.count"}
	DemoNames = Names{"demo.feature_flag.recommendation_cache", "demo.recommendation.cache_hit", "demo.product.count"}
)

const (
	operation       = "get_product_list"
	serverOperation = "/oteldemo.RecommendationService/ListRecommendations"
)

// Emitter sends spans shaped as the demo's recommendation service's
// (recommendation_server.py: the gRPC server span, its get_product_list
// child with the release's attributes), with the real OpenTelemetry SDK
// over OTLP gRPC, as the demo's Python SDK does.
type Emitter struct {
	tp      *sdktrace.TracerProvider
	tracer  trace.Tracer
	attrs   Names
	shape   Shape
	cached  int
	n       int
	catalog int
}

// NewEmitter sends to the OTLP gRPC endpoint (host:port) as service at
// version; shut down at the test's cleanup.
func NewEmitter(t testing.TB, endpoint, service, version string, attrs Names, sh Shape) *Emitter {
	t.Helper()
	ctx := context.Background()
	exp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(endpoint), otlptracegrpc.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	res := resource.NewSchemaless(semconv.ServiceName(service), semconv.ServiceVersion(version),
		attribute.String("service.namespace", "opentelemetry-demo"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(100*time.Millisecond)),
		sdktrace.WithResource(res))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx)
	})
	return &Emitter{tp: tp, tracer: tp.Tracer("recommendation_server"), attrs: attrs, shape: sh, catalog: 10}
}

// Request emits one ListRecommendations call that ends at end; the
// first call is a miss, then they alternate (the demo draws them at random).
func (e *Emitter) Request(end time.Time) {
	e.n++
	miss := e.n%2 == 1
	var d time.Duration
	var set []attribute.KeyValue
	fail := false
	count, hasCount := 0, true
	switch e.shape {
	case Off:
		set = append(set, attribute.Bool(e.attrs.Enabled, false))
		count, d = e.catalog, 2*time.Millisecond
	case Leak:
		set = append(set, attribute.Bool(e.attrs.Enabled, true), attribute.Bool(e.attrs.CacheHit, !miss))
		if miss { // cached_ids + catalogue, then + a quarter of itself
			e.cached += e.catalog
			e.cached += e.cached / 4
			// Slower as the list grows, up to 13 ms: unbounded, a live stream's
			// misses would last seconds, start before the requests sent before
			// them and come out of order by start time (a flaky no-growth).
			d = 3*time.Millisecond + time.Duration(min(e.cached, 500))*20*time.Microsecond
		} else {
			d = time.Millisecond + time.Duration(e.n%3)*100*time.Microsecond
		}
		count = e.cached
	case Defect:
		set = append(set, attribute.Bool(e.attrs.Enabled, true), attribute.Bool(e.attrs.CacheHit, !miss))
		if miss {
			fail, hasCount, d = true, false, 4*time.Millisecond
		} else {
			count, d = e.cached, time.Millisecond
		}
	}
	if hasCount {
		set = append(set, attribute.Int(e.attrs.Count, count))
	}
	start := end.Add(-d - 2*time.Millisecond)
	ctx, server := e.tracer.Start(context.Background(), serverOperation,
		trace.WithSpanKind(trace.SpanKindServer), trace.WithTimestamp(start),
		trace.WithAttributes(attribute.String("rpc.system", "grpc"), attribute.String("rpc.service", "oteldemo.RecommendationService")))
	_, sp := e.tracer.Start(ctx, operation, trace.WithTimestamp(start.Add(time.Millisecond)), trace.WithAttributes(set...))
	if fail {
		err := errors.New("<_InactiveRpcError of RPC that terminated with: status = StatusCode.UNIMPLEMENTED>")
		sp.RecordError(err)
		sp.SetStatus(codes.Error, err.Error())
		server.SetStatus(codes.Error, err.Error())
	}
	sp.End(trace.WithTimestamp(start.Add(time.Millisecond + d)))
	server.End(trace.WithTimestamp(end))
}

// History emits n requests ending evenly over the last span of time.
func (e *Emitter) History(t testing.TB, n int, span time.Duration) {
	t.Helper()
	every := span / time.Duration(n+1)
	e.Burst(t, n, time.Now().Add(-span+every), every)
}

// Burst emits n requests ending at first, first+every, ... (times in the
// future too: Jaeger stores them as they come) and flushes them.
func (e *Emitter) Burst(t testing.TB, n int, first time.Time, every time.Duration) {
	t.Helper()
	for i := range n {
		e.Request(first.Add(time.Duration(i) * every))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.tp.ForceFlush(ctx); err != nil {
		t.Fatalf("flush spans: %v", err)
	}
}
