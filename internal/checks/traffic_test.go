package checks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
)

func TestSendTrafficReplacesIDAndSendsJSON(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, fmt.Sprintf("%s %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"), body))
		mu.Unlock()
		switch {
		case r.Method == "POST":
			fmt.Fprint(w, `{"id": 42, "name": "labctl-probe"}`)
		case r.URL.Path == "/products/":
			fmt.Fprint(w, `[{"id": 42}]`)
		default:
			fmt.Fprint(w, `{"id": 42}`)
		}
	}))
	defer srv.Close()
	tr := SendTraffic(context.Background(), srv.Client(), srv.URL+"/", config.DefaultTraffic())
	want := []string{
		`POST /products/ application/json {"name":"labctl-probe","description":"created by labctl verify","price":1.5}`,
		"GET /products/  ", "GET /products/42  ", "DELETE /products/42  ",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("backend saw:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	if !tr.Answered() || len(tr.Failures()) != 0 || tr.Summary() != "4 requests: 200 200 200 200" {
		t.Errorf("traffic %+v: %s", tr, tr.Summary())
	}
	if !tr.From.Before(tr.To) {
		t.Errorf("window %s..%s", tr.From, tr.To)
	}
}

func TestSendTrafficReports5xxAndMissingID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			http.Error(w, `{"detail":"database not ready"}`, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `[]`)
	}))
	defer srv.Close()
	tr := SendTraffic(context.Background(), srv.Client(), srv.URL, config.DefaultTraffic())
	f := tr.Failures()
	if len(f) != 3 {
		t.Fatalf("failures %q, want the 503 and two requests without an id", f)
	}
	if !strings.Contains(f[0], `POST /products/ → 503 {"detail":"database not ready"}`) {
		t.Errorf("first failure %q", f[0])
	}
	if !strings.Contains(f[1], "no id to put in {id}") {
		t.Errorf("second failure %q", f[1])
	}
	if tr.Summary() != "4 requests: 503 200 — —" {
		t.Errorf("summary %q", tr.Summary())
	}
}

func TestSendTrafficToNothing(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	tr := SendTraffic(context.Background(), http.DefaultClient, url, []model.Request{{Method: "GET", Path: "/products/"}})
	if tr.Answered() || len(tr.Failures()) != 1 || !strings.Contains(tr.Failures()[0], "connection refused") {
		t.Errorf("traffic %+v", tr)
	}
	d := walkBackend(Snapshot{Traffic: tr}).msg.English()
	if !strings.Contains(d, "the backend does not answer at "+url) {
		t.Errorf("diagnosis %q", d)
	}
}
