package testutil

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
)

// HideJaegerV3 is a reverse proxy to the Jaeger at target (a query URL, with
// its base path if any) that answers 404 for /api/v3/..., as a Jaeger without
// api_v3 on its HTTP port would: a client must fall back to the UI API. It
// returns the proxy's URL with target's base path; it stops with the test.
func HideJaegerV3(t testing.TB, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	// The request already carries the base path: proxy to the host only.
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/api/v3/") {
			http.NotFound(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + u.Path
}
