package cli_test

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/scenario/scenariotest"
	"github.com/labctl/labctl/internal/testbed"
)

// closedURL is an http URL on a port where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/jaeger/ui"
}

func TestScenarioCLIBadInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	noDocker := []string{"DOCKER_HOST=unix://" + filepath.Join(dir, "no-docker.sock")}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no name", []string{"scenario"}, 2, "name the scenario: labctl scenario recommendation-cache"},
		{"unknown scenario", []string{"scenario", "cart-failure"}, 2, `unknown scenario "cart-failure"; labctl knows recommendation-cache`},
		{"watch zero", []string{"scenario", "recommendation-cache", "--watch", "0"}, 2, "--watch 0s: give a duration"},
		{"watch too long", []string{"scenario", "recommendation-cache", "--watch", "3h"}, 2, "--watch 3h0m0s"},
		{"bad format", []string{"scenario", "recommendation-cache", "--format", "xml"}, 2, `--format "xml" is not a format`},
		{"enable and restore", []string{"scenario", "recommendation-cache", "--enable", "--restore"}, 2, "give one of them"},
		{"jaeger not a URL", []string{"scenario", "recommendation-cache", "--jaeger", "127.0.0.1:16686"}, 2, "give Jaeger's UI URL with its base path"},
		{"demo without flag file", []string{"scenario", "recommendation-cache", "--demo", dir}, 2, "no flag file at " + filepath.Join(dir, "src", "flagd", "demo.flagd.json")},
		{"jaeger does not answer", []string{"scenario", "recommendation-cache", "--jaeger", closedURL(t)}, 2, "connection refused"},
		{"no docker, no flags", []string{"scenario", "recommendation-cache"}, 2, "find the demo"},
		{"enable without a flag store", []string{"scenario", "recommendation-cache", "--enable", "--jaeger", closedURL(t)}, 2, "jaeger at"},
		{"restore with nothing recorded", []string{"scenario", "recommendation-cache", "--restore"}, 0, "nothing to restore"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runLabctl(t, dir, noDocker, c.args...)
			out := r.Stdout + r.Stderr
			if r.Code != c.code || !strings.Contains(out, c.want) {
				t.Fatalf("exit %d, want %d with %q; output:\n%s", r.Code, c.code, c.want, out)
			}
			if c.code == 2 && strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 {
				t.Errorf("want one error line on stderr, got:\n%s", r.Stderr)
			}
		})
	}
	t.Run("json error", func(t *testing.T) {
		t.Parallel()
		r := runLabctl(t, dir, noDocker, "scenario", "recommendation-cache", "--format", "json", "--jaeger", closedURL(t))
		var e struct {
			Error    string `json:"error"`
			ExitCode int    `json:"exit_code"`
		}
		if err := json.Unmarshal([]byte(r.Stdout), &e); err != nil || r.Code != 2 || e.ExitCode != 2 || e.Error == "" {
			t.Errorf("exit %d, stdout %q (%v): want the error as JSON", r.Code, r.Stdout, err)
		}
	})
}

// TestScenarioCLIRealJaeger runs the binary against a real Jaeger v2 fed
// live with the demo's spans: the leak proven (exit 0, only JSON on stdout, the
// evidence in .labctl/scenario.json), and the flag off (exit 1, the reason).
func TestScenarioCLIRealJaeger(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		shape    scenariotest.Shape
		code     int
		want     string
		lang     string
		inReport string
	}{
		{"leak", scenariotest.Leak, 0, `"reason": "leak"`, "en", "**The leak is visible**"},
		{"flag off", scenariotest.Off, 1, "the cache flag is off", "fr", "**La fuite n'est pas visible** : le flag du cache était désactivé"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			j := testbed.StartJaeger(t)
			// The service's requests, every 300 ms from before the watch to its end:
			// only those that start once the watch did count.
			e := scenariotest.NewEmitter(t, j.OTLPGRPC, "recommendation", "3.0.0", scenariotest.DemoNames, c.shape)
			stop, stopped := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(stopped)
				tick := time.NewTicker(300 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					case now := <-tick.C:
						e.Request(now)
					}
				}
			}()
			time.Sleep(time.Second) // the service known to Jaeger before the watch
			dir := t.TempDir()
			format := "text"
			if c.code == 0 {
				format = "json"
			}
			r := runLabctl(t, dir, nil, "scenario", "recommendation-cache", "--jaeger", j.URL(), "--watch", "3s", "--poll", "300ms", "--format", format)
			close(stop)
			<-stopped
			if r.Code != c.code || !strings.Contains(r.Stdout, c.want) {
				t.Fatalf("exit %d, want %d with %q; stdout:\n%s\nstderr:\n%s", r.Code, c.code, c.want, r.Stdout, r.Stderr)
			}
			if format == "json" {
				var v map[string]any
				if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil {
					t.Errorf("stdout is not only JSON: %v\n%s", err, r.Stdout)
				}
			}
			data, err := os.ReadFile(filepath.Join(dir, ".labctl", "scenario.json"))
			if err != nil {
				t.Fatalf("no evidence: %v", err)
			}
			var ev struct {
				Hit *struct {
					TraceID string `json:"trace_id"`
				} `json:"hit"`
			}
			_ = json.Unmarshal(data, &ev)
			// labctl report finds it in .labctl and adds its section.
			if r := runLabctl(t, dir, nil, "report", "--lang", c.lang); r.Code != 0 {
				t.Fatalf("report: exit %d\n%s", r.Code, r.Stderr)
			}
			md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
			if !strings.Contains(string(md), c.inReport) {
				t.Errorf("report.md has no %q:\n%s", c.inReport, md)
			}
			if c.code == 0 && (ev.Hit == nil || !strings.Contains(string(md), ev.Hit.TraceID) || !strings.Contains(string(md), "xychart-beta")) {
				t.Errorf("report.md lacks the hit's trace %+v or the chart:\n%s", ev.Hit, md)
			}
		})
	}
}
