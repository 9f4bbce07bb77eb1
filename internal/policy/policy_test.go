package policy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// submission lays out a submission's folder beside a folder of the
// teacher's: sub/ holds compose.yml, data/, a symlink in/ to data/ and a
// symlink out/ to the teacher's folder; ../teacher holds secret.env and
// base.yml.
func submission(t *testing.T, compose string) (sub, teacher string) {
	t.Helper()
	root := t.TempDir()
	sub, teacher = filepath.Join(root, "sub"), filepath.Join(root, "teacher")
	for _, d := range []string{filepath.Join(sub, "data"), teacher} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(sub, "compose.yml"):      compose,
		filepath.Join(sub, "app.env"):          "A=1\n",
		filepath.Join(teacher, "secret.env"):   "TOKEN=teacher\n",
		filepath.Join(teacher, "base.yml"):     "services:\n  base:\n    image: alpine\n",
		filepath.Join(sub, "data", "init.sql"): "select 1;\n",
	}
	for p, c := range files {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"in": "data", "out": teacher, "up": "../teacher"} {
		if err := os.Symlink(target, filepath.Join(sub, link)); err != nil {
			t.Fatal(err)
		}
	}
	return sub, teacher
}

// load reads the project as userproject does for an untrusted one.
func load(t *testing.T, dir string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "compose.yml")},
		cli.WithWorkingDirectory(dir), cli.WithName("p"), cli.WithResolvedPaths(true),
		cli.WithoutEnvironmentResolution, cli.WithoutLabelsResolution,
		cli.WithLoadOptions(func(o *loader.Options) {
			o.ResourceLoaders = append([]loader.ResourceLoader{Loader(dir)}, o.ResourceLoaders...)
		}))
	if err != nil {
		t.Fatal(err)
	}
	return opts.LoadProject(context.Background())
}

func TestCheck(t *testing.T) {
	var refused []string // every key refused by some case
	defer func() { checkCovered(t, refused) }()
	for _, tt := range []struct {
		name, compose string
		want          []string // "KEY REASON", in order
	}{
		{"well-behaved", `
services:
  app:
    build: .
    env_file: app.env
    volumes: [./data:/data, ./in/init.sql:/init.sql, pg:/var/lib/postgresql/data, /tmp/x]
    ports: ["8000:8000"]
    cap_drop: [ALL]
    tmpfs: [/run]
volumes:
  pg: {}
`, nil},
		{"bind mount of a host folder", "services:\n  app:\n    image: alpine\n    volumes: [/etc:/host/etc]\n",
			[]string{"services.app.volumes[0] outside /etc:/host/etc"}},
		{"bind mount of the root", "services:\n  app:\n    image: alpine\n    volumes: [/:/host]\n",
			[]string{"services.app.volumes[0] outside"}},
		{"long syntax, read_only does not make it fine", "services:\n  app:\n    image: alpine\n    volumes:\n      - {type: bind, source: /home, target: /h, read_only: true}\n",
			[]string{"services.app.volumes[0] outside"}},
		{"the Docker socket", "services:\n  app:\n    image: alpine\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n",
			[]string{"services.app.volumes[0] docker-socket"}},
		{"use_api_socket", "services:\n  app:\n    image: alpine\n    use_api_socket: true\n",
			[]string{"services.app.use_api_socket docker-socket"}},
		{"dot-dot", "services:\n  app:\n    image: alpine\n    volumes: [../teacher:/t]\n",
			[]string{"services.app.volumes[0] outside ../teacher:/t"}},
		{"dot-dot through a folder of its own", "services:\n  app:\n    image: alpine\n    volumes: [./data/../../teacher:/t]\n",
			[]string{"services.app.volumes[0] outside"}},
		{"a symlink in the folder pointing out", "services:\n  app:\n    image: alpine\n    volumes: [./out:/t]\n",
			[]string{"services.app.volumes[0] outside ./out:/t"}},
		{"below a symlink pointing out", "services:\n  app:\n    image: alpine\n    volumes: [./out/secret.env:/t]\n",
			[]string{"services.app.volumes[0] outside"}},
		{"a relative symlink pointing out", "services:\n  app:\n    image: alpine\n    volumes: [./up:/t]\n",
			[]string{"services.app.volumes[0] outside"}},
		{"host network", "services:\n  app:\n    image: alpine\n    network_mode: host\n",
			[]string{"services.app.network_mode host-namespace"}},
		{"another container's network", "services:\n  app:\n    image: alpine\n    network_mode: container:jaeger\n",
			[]string{"services.app.network_mode other-container"}},
		{"host pid ipc uts", "services:\n  app:\n    image: alpine\n    pid: host\n    ipc: host\n    uts: host\n",
			[]string{"services.app.pid host-namespace", "services.app.ipc host-namespace", "services.app.uts host-namespace"}},
		{"powers", `
services:
  app:
    image: alpine
    privileged: true
    cap_add: [SYS_ADMIN]
    devices: ["/dev/sda:/dev/sda"]
    security_opt: ["seccomp:unconfined"]
    sysctls: {net.ipv4.ip_forward: "1"}
    userns_mode: host
    cgroup_parent: /
    oom_score_adj: -1000
`, []string{"services.app.privileged privilege", "services.app.cap_add privilege", "services.app.devices privilege",
			"services.app.security_opt privilege", "services.app.sysctls privilege", "services.app.cgroup_parent privilege",
			"services.app.oom_score_adj privilege", "services.app.userns_mode host-namespace"}},
		{"volumes_from", "services:\n  app:\n    image: alpine\n    volumes_from: [\"container:teacher-db\"]\n",
			[]string{"services.app.volumes_from other-container"}},
		{"env_file outside", "services:\n  app:\n    image: alpine\n    env_file: [app.env, ../teacher/secret.env]\n",
			[]string{"services.app.env_file[1] outside"}},
		{"env_file through a symlink", "services:\n  app:\n    image: alpine\n    env_file: out/secret.env\n",
			[]string{"services.app.env_file[0] outside"}},
		{"build context outside", "services:\n  app:\n    build: ../teacher\n",
			[]string{"services.app.build.context outside"}},
		{"dockerfile outside", "services:\n  app:\n    build: {context: ., dockerfile: ../teacher/Dockerfile}\n",
			[]string{"services.app.build.dockerfile outside"}},
		{"links to its own service", "services:\n  app:\n    image: alpine\n    links: [db]\n  db:\n    image: alpine\n", nil},
		{"additional context outside", "services:\n  app:\n    build:\n      context: .\n      additional_contexts: {home: /root, img: \"docker-image://alpine\"}\n",
			[]string{"services.app.build.additional_contexts.home outside"}},
		{"build with the teacher's SSH agent", "services:\n  app:\n    build: {context: ., ssh: [default]}\n",
			[]string{"services.app.build.ssh host-program"}},
		// Not in the hostile class: a named volume of the local driver
		// that binds a host folder, an external volume, a macvlan network.
		{"a local volume binding a host folder", "services:\n  app:\n    image: alpine\n    volumes: [h:/h]\nvolumes:\n  h:\n    driver_opts: {type: none, o: bind, device: /home}\n",
			[]string{"volumes.h.driver_opts host-driver"}},
		{"an external volume", "services:\n  app:\n    image: alpine\n    volumes: [h:/h]\nvolumes:\n  h:\n    external: true\n    name: teacher_pgdata\n",
			[]string{"volumes.h.external other-container"}},
		{"a macvlan network", "services:\n  app:\n    image: alpine\n    networks: [lan]\nnetworks:\n  lan:\n    driver: macvlan\n",
			[]string{"networks.lan.driver host-driver"}},
		{"a secret from the teacher's files", "services:\n  app:\n    image: alpine\n    secrets: [s]\nsecrets:\n  s:\n    file: ../teacher/secret.env\n",
			[]string{"secrets.s.file outside"}},
		// What a submission names that it does not own: another project's
		// network, volume or container, the labels that say who owns what.
		{"a network of the teacher's, by name", "services:\n  app:\n    image: alpine\n    networks: [outside]\nnetworks:\n  outside:\n    name: teacher-net\n",
			[]string{"networks.outside.name other-container teacher-net"}},
		{"a classmate's default network, by name", "services:\n  app:\n    image: alpine\n    networks: [x]\nnetworks:\n  x:\n    name: labctl-grade-bob_default\n",
			[]string{"networks.x.name other-container labctl-grade-bob_default"}},
		{"its own network under its own name", "services:\n  app:\n    image: alpine\n    networks: [back]\nnetworks:\n  back:\n    name: p_back\n", nil},
		{"a volume of the teacher's, by name", "services:\n  app:\n    image: alpine\n    volumes: [d:/d]\nvolumes:\n  d:\n    name: teacher_pgdata\n",
			[]string{"volumes.d.name other-container teacher_pgdata"}},
		{"network_mode: a classmate's network", "services:\n  app:\n    image: alpine\n    network_mode: labctl-grade-bob_default\n",
			[]string{"services.app.network_mode other-container labctl-grade-bob_default"}},
		{"network_mode: the engine's default bridge", "services:\n  app:\n    image: alpine\n    network_mode: bridge\n",
			[]string{"services.app.network_mode other-container bridge"}},
		{"network_mode, pid and ipc of its own service, or none", "services:\n  app:\n    image: alpine\n    network_mode: service:db\n    pid: service:db\n    ipc: service:db\n  db:\n    image: alpine\n    network_mode: none\n", nil},
		{"compose's and labctl's labels", `
services:
  app:
    image: alpine
    labels: {com.docker.compose.project: labctl-grade-alice, org.labctl.build-hash: x, course: dop}
    build:
      context: .
      labels: {com.docker.compose.project: teacher}
networks:
  default:
    labels: {com.docker.compose.network: x}
volumes:
  d:
    labels: {org.labctl.fingerprint: y}
`, []string{"services.app.labels[com.docker.compose.project] owner-label com.docker.compose.project=labctl-grade-alice",
			"services.app.labels[org.labctl.build-hash] owner-label", "services.app.build.labels[com.docker.compose.project] owner-label",
			"volumes.d.labels[org.labctl.fingerprint] owner-label", "networks.default.labels[com.docker.compose.network] owner-label"}},
		{"a thousand published ports", "services:\n  app:\n    image: alpine\n    ports: [\"8000-8999:8000-8999\"]\n",
			[]string{"services.app.ports many-ports"}},
		{"the lab's published ports", "services:\n  app:\n    image: alpine\n    ports: [\"8000:8000\", \"16686:16686\", \"9090:9090\", \"5432:5432\"]\n", nil},
		{"more of the machine's powers", `
services:
  app:
    image: alpine
    runtime: runc-unconfined
    cgroup: host
    oom_kill_disable: true
    gpus: all
    device_cgroup_rules: ["c 1:3 mr"]
    external_links: [teacher-db]
    post_start: [{command: id, privileged: true}]
    pre_stop: [{command: id, privileged: true}]
  cloud:
    provider: {type: awesomecloud}
`, []string{"services.app.device_cgroup_rules privilege", "services.app.gpus privilege", "services.app.runtime privilege",
			"services.app.oom_kill_disable privilege", "services.app.cgroup host-namespace", "services.app.external_links other-container",
			"services.app.post_start[0].privileged privilege", "services.app.pre_stop[0].privileged privilege",
			"services.cloud.provider host-program"}},
		{"a build's powers", "services:\n  app:\n    build: {context: ., entitlements: [network.host], privileged: true, network: host}\n",
			[]string{"services.app.build.privileged privilege", "services.app.build.entitlements privilege", "services.app.build.network host-namespace"}},
		{"label_file outside", "services:\n  app:\n    image: alpine\n    label_file: ../teacher/secret.env\n",
			[]string{"services.app.label_file[0] outside"}},
		{"a config of the teacher's", "services:\n  app:\n    image: alpine\n    configs: [c]\nconfigs:\n  c:\n    file: ../teacher/secret.env\n",
			[]string{"configs.c.file outside"}},
		{"networks: external, driver options; a volume's driver", `
services:
  app:
    image: alpine
    networks: [ext, opts]
    volumes: [d:/d]
networks:
  ext: {external: true, name: teacher-net}
  opts: {driver_opts: {com.docker.network.bridge.name: docker0}}
volumes:
  d: {driver: nfs}
`, []string{"volumes.d.driver host-driver", "networks.ext.external other-container", "networks.opts.driver_opts host-driver"}},
		{"a pre_start hook mounting the machine", "services:\n  app:\n    image: alpine\n    pre_start:\n      - image: alpine\n        volumes: [/:/host]\n",
			[]string{"services.app.pre_start[0].volumes[0] outside"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sub, _ := submission(t, tt.compose)
			p, err := load(t, sub)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range Check(p, sub) {
				refused = append(refused, r.Key)
				got = append(got, r.Key+" "+string(r.Reason))
				if w := tt.want; len(w) > len(got)-1 && strings.Count(w[len(got)-1], " ") == 2 {
					// The case names what the checklist shows, too.
					got[len(got)-1] += " " + r.Asked
				}
				if r.File != "compose.yml" || r.Asked == "" || Why[r.Reason] == "" {
					t.Errorf("refusal %+v: want the file, what was asked and why", r)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("refused:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// refusedElsewhere are keys classified refused that Check does not see:
// the loader refuses them before there is a project (TestLoaderRefusesOutsideFiles;
// net fails compose-go's schema).
var refusedElsewhere = map[string]bool{"service extends": true, "service net": true}

// checkCovered fails for a key policy.Keys calls refused that no case of
// TestCheck saw refused: the README's table must be what the code does.
func checkCovered(t *testing.T, refused []string) {
	if t.Failed() {
		return
	}
	pattern := map[string]string{
		"project": `^%s\.`, "service": `^services\.[^.]+\.%s([.\[]|$)`, "build": `\.build\.%s([.\[]|$)`,
		"network": `^networks\.[^.]+\.%s([.\[]|$)`, "volume": `^volumes\.[^.]+\.%s([.\[]|$)`, "service network": `^$%s`,
	}
	for table, keys := range Keys {
		for k, r := range keys {
			if r.Do != Refused || refusedElsewhere[table+" "+k] {
				continue
			}
			re := regexp.MustCompile(fmt.Sprintf(pattern[table], regexp.QuoteMeta(k)))
			if !slices.ContainsFunc(refused, re.MatchString) {
				t.Errorf("%s key %q is classified refused in policy.Keys, but no case of TestCheck refuses it", table, k)
			}
		}
	}
}

// include and extends of a file outside the folder stop the loader before
// it reads the file.
func TestLoaderRefusesOutsideFiles(t *testing.T) {
	for _, compose := range []string{
		"include: [../teacher/base.yml]\nservices:\n  app:\n    image: alpine\n",
		"services:\n  app:\n    extends: {file: out/base.yml, service: base}\n",
		"services:\n  app:\n    extends: {file: /etc/passwd, service: base}\n",
	} {
		sub, _ := submission(t, compose)
		_, err := load(t, sub)
		var oe *OutsideFileError
		if !errors.As(err, &oe) {
			t.Errorf("%q: loaded with %v, want an OutsideFileError", compose, err)
		}
	}
	sub, _ := submission(t, "services:\n  app:\n    image: alpine\n")
	if err := os.WriteFile(filepath.Join(sub, "base.yml"), []byte("services:\n  base:\n    image: alpine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "compose.yml"), []byte("include: [base.yml]\nservices:\n  app:\n    extends: {file: base.yml, service: base}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := load(t, sub); err != nil {
		t.Errorf("include and extends of the folder's own file: %v", err)
	}
}

// links and depends_on name only the project's own services: compose-go
// refuses a project whose links name a container outside it (the README's
// table says so of both keys).
func TestLoaderRefusesLinksOutside(t *testing.T) {
	for _, compose := range []string{
		"services:\n  app:\n    image: alpine\n    links: [teacher-db]\n",
		"services:\n  app:\n    image: alpine\n    depends_on: [teacher-db]\n",
	} {
		sub, _ := submission(t, compose)
		if _, err := load(t, sub); err == nil || !strings.Contains(err.Error(), "undefined service") {
			t.Errorf("%q: loaded with %v, want an undefined service", compose, err)
		}
	}
}

func TestHarden(t *testing.T) {
	sub, _ := submission(t, "services:\n  app:\n    image: alpine\n    volumes: [./data:/data, pg:/pg]\nvolumes:\n  pg: {}\n")
	p, err := load(t, sub)
	if err != nil {
		t.Fatal(err)
	}
	Harden(p)
	for _, v := range p.Services["app"].Volumes {
		if ro := v.Type == types.VolumeTypeBind; v.ReadOnly != ro {
			t.Errorf("%s %s read-only %v, want %v", v.Type, v.Source, v.ReadOnly, ro)
		}
	}
}

func TestInside(t *testing.T) {
	sub, teacher := submission(t, "services: {}\n")
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"compose.yml", true}, {"data/missing/x", true}, {"in/init.sql", true}, {sub, true},
		{"out", false}, {"out/secret.env", false}, {"up", false}, {"..", false}, {teacher, false},
		{"data/../../teacher", false}, {"/", false}, {"", false},
	} {
		if got := Inside(sub, tt.path); got != tt.want {
			t.Errorf("Inside(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
