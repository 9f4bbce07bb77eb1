package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/scenario/scenariotest"
	"github.com/labctl/labctl/internal/testbed"
)

// liveService emits a request every 50 ms with the flag as the file says:
// the demo's service reading flagd, the leak shape when it is on.
func liveService(t *testing.T, otlp, flagFile string) (stop func()) {
	t.Helper()
	off := scenariotest.NewEmitter(t, otlp, "recommendation", "2.1.3", scenariotest.AppNames, scenariotest.Off)
	on := scenariotest.NewEmitter(t, otlp, "recommendation", "2.1.3", scenariotest.AppNames, scenariotest.Leak)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			e := off
			if fl, err := (FileStore{Path: flagFile}).Read(ctx, "recommendationCacheFailure"); err == nil && fl.On() {
				e = on
			}
			e.Request(time.Now())
			time.Sleep(50 * time.Millisecond)
		}
	})
	return func() { cancel(); wg.Wait() }
}

// TestEnableWatchRestore is the "done when" against a real Jaeger:
// --enable turns the flag on in the demo's file, the leak shows, the verdict
// is proven and the file is back, byte for byte, at the end.
func TestEnableWatchRestore(t *testing.T) {
	t.Parallel()
	j := testbed.StartJaeger(t)
	demo := demoCheckout(t, "flagd-2.x.json", false)
	orig, _ := os.ReadFile(FlagFileIn(demo))
	stop := liveService(t, j.OTLPGRPC, FlagFileIn(demo))
	defer stop()
	time.Sleep(500 * time.Millisecond) // some flag-off traffic first
	dir := t.TempDir()
	var progress bytes.Buffer
	res, err := Run(context.Background(), Options{Jaeger: j.URL(), DemoDir: demo, Dir: dir, Enable: true,
		Watch: 6 * time.Second, Poll: 500 * time.Millisecond, Progress: &progress})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, progress.String())
	}
	if !res.Enabled || !res.Restored || res.RestoreErr != nil {
		t.Errorf("enabled %v restored %v (%v)", res.Enabled, res.Restored, res.RestoreErr)
	}
	if v := res.Evidence.Verdict; !v.Proven {
		t.Errorf("verdict %+v, want the leak proven\n%s", v, progress.String())
	}
	if got, _ := os.ReadFile(FlagFileIn(demo)); !bytes.Equal(got, orig) {
		t.Errorf("flag file not restored byte for byte:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, restoreFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the restore record is left behind: %v", err)
	}
	if res.Evidence.Spans == 0 || res.Evidence.Hits == 0 {
		t.Errorf("evidence %+v: only spans after --enable should count, and there should be some", res.Evidence)
	}
}

// TestInterruptRestores: Ctrl-C (ctx cancelled) during the watch puts the
// flag back; so does --restore after a run that was killed.
func TestInterruptRestores(t *testing.T) {
	t.Parallel()
	j := testbed.StartJaeger(t)
	demo := demoCheckout(t, "flagd-3.x.json", false)
	orig, _ := os.ReadFile(FlagFileIn(demo))
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for { // cancel once the flag is on
			if fl, err := (FileStore{Path: FlagFileIn(demo)}).Read(ctx, FlagNames...); err == nil && fl.On() {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	res, err := Run(ctx, Options{Jaeger: j.URL(), DemoDir: demo, Dir: dir, Enable: true, Watch: time.Minute, Poll: 100 * time.Millisecond})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if !res.Restored {
		t.Errorf("not restored: %v", res.RestoreErr)
	}
	if got, _ := os.ReadFile(FlagFileIn(demo)); !bytes.Equal(got, orig) {
		t.Errorf("flag file not restored after the interrupt:\n%s", got)
	}

	// A run killed before it could restore: the record remains, --restore uses it.
	if _, err := (FileStore{Path: FlagFileIn(demo)}).Set(context.Background(), "recommendationCacheFailure", "on"); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(FlagFileIn(demo))
	if err := saveRestore(dir, Saved{Store: "file", Where: abs, Flag: "recommendationCacheFailure", Previous: "off"}); err != nil {
		t.Fatal(err)
	}
	s, err := Restore(context.Background(), dir, nil)
	if err != nil || s == nil {
		t.Fatalf("Restore = %+v, %v", s, err)
	}
	if got, _ := os.ReadFile(FlagFileIn(demo)); !bytes.Equal(got, orig) {
		t.Errorf("--restore did not give the original file back:\n%s", got)
	}
	if s, err := Restore(context.Background(), dir, nil); s != nil || err != nil {
		t.Errorf("second Restore = %+v, %v; want nothing to do", s, err)
	}
}

// fakeFlagUI answers as demo 3.0's flag UI: GET /feature/api/read, POST
// /feature/api/write {"data": {...}} replacing everything.
type fakeFlagUI struct {
	mu     sync.Mutex
	flags  map[string]any
	writes int
}

func (f *fakeFlagUI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/feature/api/read":
		_ = json.NewEncoder(w).Encode(map[string]any{"flags": f.flags})
	case r.Method == http.MethodPost && r.URL.Path == "/feature/api/write":
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Data struct {
				Flags map[string]any `json:"flags"`
			} `json:"data"`
		}
		if json.Unmarshal(body, &req) != nil || req.Data.Flags == nil {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		f.flags = req.Data.Flags
		f.writes++
		_, _ = w.Write([]byte(`{}`))
	default:
		http.NotFound(w, r)
	}
}

func TestFlagAPI(t *testing.T) {
	var doc struct {
		Flags map[string]any `json:"flags"`
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "flagd-3.x.json"))
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ui := &fakeFlagUI{flags: doc.Flags}
	srv := httptest.NewServer(ui)
	defer srv.Close()
	if got := featureBase(srv.URL + "/jaeger/ui/"); got != srv.URL {
		t.Fatalf("featureBase = %q, want %q", got, srv.URL)
	}
	api := FlagAPI{Base: srv.URL}
	ctx := context.Background()
	fl, err := api.Read(ctx, FlagNames...)
	if err != nil || fl.Name != "recommendationCacheFailure" || fl.On() {
		t.Fatalf("Read = %+v, %v", fl, err)
	}
	old, err := api.Set(ctx, fl.Name, "on")
	if err != nil || old != "off" {
		t.Fatalf("Set = %q, %v", old, err)
	}
	if fl, _ := api.Read(ctx, fl.Name); !fl.On() {
		t.Errorf("after Set on: %+v", fl)
	}
	// Only the scenario flag changed.
	other := ui.flags["productCatalogFailure"].(map[string]any)
	if other["defaultVariant"] != "off" || other["targeting"] == nil || len(ui.flags) != len(doc.Flags) {
		t.Errorf("other flags changed: %v", ui.flags)
	}
	if _, err := api.Set(ctx, fl.Name, "off"); err != nil {
		t.Fatal(err)
	}
	if _, err := (FlagAPI{Base: srv.URL + "/nothing"}).Read(ctx, FlagNames...); err == nil {
		t.Error("a missing API read without error")
	}
}
