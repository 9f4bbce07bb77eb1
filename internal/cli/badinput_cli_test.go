package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/testbed"
)

// Issue 10's smaller bad inputs, through the real binary: one line naming
// the thing and the fix, exit 2, nothing written.
func TestSmallerBadInputs(t *testing.T) {
	tests := []struct {
		name    string
		config  string // labctl.yaml body; "" for none
		compose string // compose.yml body; "" for none
		link    string // labctl.yaml is a symbolic link to this
		env     []string
		args    []string
		want    string
	}{
		{name: "fractional port", config: "ports:\n  backend: 8001.9\n", args: []string{"render"},
			want: "labctl.yaml:2: ports.backend 8001.9 is not a whole number; this key takes a number like 8001"},
		{name: "second document", config: "project: a\n---\nproject: b\n", args: []string{"render"},
			want: "labctl.yaml:2: a second YAML document starts here, and labctl reads only one"},
		{name: "image reference", config: "images:\n  postgres: Postgres:::17\n", args: []string{"render"},
			want: `images.postgres "Postgres:::17" is not an image reference (image names are lowercase); set it to NAME:TAG such as postgres:17.7`},
		{name: "dangling labctl.yaml", link: "gone/labctl.yaml", args: []string{"render"},
			want: "labctl.yaml is a symbolic link to gone/labctl.yaml, which does not exist; fix the link or remove it"},
		{name: "bad LABCTL_PUBLISH_ADDRESS", config: "project: a\n", env: []string{"LABCTL_PUBLISH_ADDRESS=bogus"}, args: []string{"render"},
			want: `labctl: LABCTL_PUBLISH_ADDRESS="bogus" is not an IP address; set it to 127.0.0.1`},
		{name: "completion tcsh", args: []string{"completion", "tcsh"},
			want: `labctl has no completion for "tcsh"; use one of bash, fish, powershell, zsh`},
		{name: "help nosuch", args: []string{"help", "nosuch"},
			want: `unknown help topic "nosuch"; run labctl help to list the commands`},
		{name: "config is a directory", args: []string{"render", "--config", "adir"},
			want: "read config adir: it is a directory, not a file"},
		{name: "--jaeger port out of range", args: []string{"verify", "--jaeger", "127.0.0.1:99999"},
			want: `--jaeger "127.0.0.1:99999": port 99999 is out of range; give a port from 1 to 65535`},
		{name: "--jaeger URL port out of range", args: []string{"verify", "--jaeger", "http://127.0.0.1:70000/jaeger/ui"},
			want: `--jaeger "http://127.0.0.1:70000/jaeger/ui": port 70000 is out of range; give a port from 1 to 65535`},
		{name: "--jaeger port not a number", args: []string{"verify", "--jaeger", "127.0.0.1:1x"},
			want: `--jaeger "127.0.0.1:1x": 1x is not a port number; give a port from 1 to 65535`},
		// Checked before Docker, which this DOCKER_HOST cannot reach.
		{name: "logs of a service the lab lacks", env: []string{"DOCKER_HOST=unix:///nonexistent/docker.sock"}, args: []string{"logs", "colector"},
			want: `project otel-lab has no service "colector"; its services: backend, collector, jaeger, postgres, prometheus`},
		{name: "report on a missing compose file", args: []string{"report", "-f", "nope.yml"},
			want: "compose file nope.yml: no such file or directory; check the -f path"},
		{name: "logs of a service the project lacks", compose: "name: shop\nservices:\n  web: {image: nginx}\n  db: {image: postgres, profiles: [debug]}\n",
			env: []string{"DOCKER_HOST=unix:///nonexistent/docker.sock"}, args: []string{"logs", "backend"},
			want: `project shop has no service "backend"; its services: db, web`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.config != "" {
				writeFiles(t, dir, map[string]string{"labctl.yaml": tt.config})
			}
			if tt.compose != "" {
				writeFiles(t, dir, map[string]string{"compose.yml": tt.compose})
			}
			if tt.link != "" {
				if err := os.Symlink(tt.link, filepath.Join(dir, "labctl.yaml")); err != nil {
					testbed.Lacks(t, "symbolic links: %v", err)
				}
			}
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, append([]string{"LABCTL_PUBLISH_ADDRESS=", "LABCTL_HOST="}, tt.env...), tt.args...)
			oneLineError(t, res, tt.want)
			if res.Stdout != "" {
				t.Errorf("stdout = %q, want nothing", res.Stdout)
			}
			testutil.SameFiles(t, before, testutil.Files(t, dir))
			if _, err := os.Lstat(filepath.Join(dir, ".labctl")); !os.IsNotExist(err) {
				t.Error(".labctl/ was written")
			}
		})
	}
}
