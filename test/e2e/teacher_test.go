package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/testbed"
)

// teacherLab is what a teacher has on the engine beside a class being
// graded, made as `docker network create`, `docker run`, `docker tag` and
// `docker volume create` make them (no Compose labels): a network with a
// service on it that logs every connection it accepts, an image, a volume
// holding a file. hostile.yaml's escapes name them (@TEACHER_NET@,
// @TEACHER_IMAGE@, @TEACHER_VOL@); the test removes them at its end.
type teacherLab struct {
	t                       *testing.T
	api                     *client.Client
	net, victim, image, vol string
	imageID                 string
}

// victimServer listens on 8080 and prints one line per connection.
const victimServer = `import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 8080))
s.listen()
print("listening", flush=True)
while True:
    c, a = s.accept()
    print("connection from", a[0], flush=True)
    c.close()
`

const teacherData = "the teacher's own data\n"

func newTeacherLab(t *testing.T) *teacherLab {
	t.Helper()
	testbed.RequireImage(t, testbed.ImagePython)
	api, err := client.New(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	l := &teacherLab{t: t, api: api, net: "teacher-net-" + id, victim: "teacher-victim-" + id,
		image: "labctl-e2e-teacher/tool:" + id, vol: "teacher-data-" + id}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	t.Cleanup(l.remove)
	if _, err := api.NetworkCreate(ctx, l.net, client.NetworkCreateOptions{Driver: "bridge"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ImageTag(ctx, client.ImageTagOptions{Source: testbed.ImagePython, Target: l.image}); err != nil {
		t.Fatal(err)
	}
	img, err := api.ImageInspect(ctx, l.image)
	if err != nil {
		t.Fatal(err)
	}
	l.imageID = img.ID
	if _, err := api.VolumeCreate(ctx, client.VolumeCreateOptions{Name: l.vol}); err != nil {
		t.Fatal(err)
	}
	if out := l.runOnce(ctx, "printf %s \"$DATA\" > /v/data.txt", "DATA="+teacherData); out != "" {
		t.Fatalf("write the teacher's volume: %s", out)
	}
	_, err = api.ContainerCreate(ctx, client.ContainerCreateOptions{
		Name:       l.victim,
		Config:     &container.Config{Image: testbed.ImagePython, Cmd: []string{"python", "-u", "-c", victimServer}},
		HostConfig: &container.HostConfig{NetworkMode: container.NetworkMode(l.net)},
		NetworkingConfig: &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{
			l.net: {Aliases: []string{"victim"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.ContainerStart(ctx, l.victim, client.ContainerStartOptions{}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(l.victimLog(), "listening"); {
		if time.Now().After(deadline) {
			t.Fatalf("the teacher's service did not start: %q", l.victimLog())
		}
		time.Sleep(200 * time.Millisecond)
	}
	return l
}

// runOnce runs sh -c script in a container of the python image with the
// teacher's volume at /v, and returns what it printed.
func (l *teacherLab) runOnce(ctx context.Context, script string, env ...string) string {
	l.t.Helper()
	res, err := l.api.ContainerCreate(ctx, client.ContainerCreateOptions{
		Config:     &container.Config{Image: testbed.ImagePython, Cmd: []string{"sh", "-c", script}, Env: env},
		HostConfig: &container.HostConfig{NetworkMode: "none", Mounts: []mount.Mount{{Type: mount.TypeVolume, Source: l.vol, Target: "/v"}}},
	})
	if err != nil {
		l.t.Fatal(err)
	}
	defer l.api.ContainerRemove(context.Background(), res.ID, client.ContainerRemoveOptions{Force: true})
	if _, err := l.api.ContainerStart(ctx, res.ID, client.ContainerStartOptions{}); err != nil {
		l.t.Fatal(err)
	}
	w := l.api.ContainerWait(ctx, res.ID, client.ContainerWaitOptions{Condition: container.WaitConditionNotRunning})
	select {
	case <-w.Result:
	case err := <-w.Error:
		l.t.Fatal(err)
	}
	return l.logs(ctx, res.ID)
}

func (l *teacherLab) logs(ctx context.Context, id string) string {
	rc, err := l.api.ContainerLogs(ctx, id, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true})
	if err != nil {
		return err.Error()
	}
	defer rc.Close()
	data, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	// The stream is multiplexed (8-byte frame headers); the lines are in it.
	var out strings.Builder
	for len(data) >= 8 {
		n := int(data[4])<<24 | int(data[5])<<16 | int(data[6])<<8 | int(data[7])
		if 8+n > len(data) {
			break
		}
		out.Write(data[8 : 8+n])
		data = data[8+n:]
	}
	return out.String()
}

func (l *teacherLab) victimLog() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return l.logs(ctx, l.victim)
}

// connections counts the connections the teacher's service logged.
func (l *teacherLab) connections() int {
	return strings.Count(l.victimLog(), "connection from")
}

// unchanged lists what changed of the teacher's lab: the service stopped
// or gone from its network, the image's name pointing elsewhere or gone,
// the volume's file changed.
func (l *teacherLab) unchanged() []string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out []string
	if c, err := l.api.ContainerInspect(ctx, l.victim, client.ContainerInspectOptions{}); err != nil || c.Container.State == nil || !c.Container.State.Running {
		out = append(out, fmt.Sprintf("service %s not running (%v)", l.victim, err))
	}
	if n, err := l.api.NetworkInspect(ctx, l.net, client.NetworkInspectOptions{}); err != nil {
		out = append(out, fmt.Sprintf("network %s: %v", l.net, err))
	} else if len(n.Network.Containers) != 1 {
		out = append(out, fmt.Sprintf("network %s has %d containers, want only the teacher's service", l.net, len(n.Network.Containers)))
	}
	if img, err := l.api.ImageInspect(ctx, l.image); err != nil || img.ID != l.imageID {
		out = append(out, fmt.Sprintf("image %s: %v, id %s, want %s", l.image, err, img.ID, l.imageID))
	}
	if got := l.runOnce(ctx, "cat /v/data.txt; ls /v"); got != teacherData+"data.txt\n" {
		out = append(out, fmt.Sprintf("volume %s holds %q, want %q and nothing else", l.vol, got, teacherData))
	}
	return out
}

func (l *teacherLab) remove() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, _ = l.api.ContainerRemove(ctx, l.victim, client.ContainerRemoveOptions{Force: true})
	_, _ = l.api.NetworkRemove(ctx, l.net, client.NetworkRemoveOptions{})
	_, _ = l.api.VolumeRemove(ctx, l.vol, client.VolumeRemoveOptions{Force: true})
	// The tag only: the bed's image it names stays.
	_, _ = l.api.ImageRemove(ctx, l.image, client.ImageRemoveOptions{})
	l.api.Close()
}
