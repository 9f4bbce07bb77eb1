package scenario

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/labctl/labctl/internal/dockerx"
)

// ConnectDocker connects o to the Docker engine (DOCKER_HOST, the current
// context, or the default socket), where the scenario finds the demo when
// neither --jaeger nor --demo says where it is. The engine has 10 seconds
// to answer. close releases the connection.
func ConnectDocker(ctx context.Context, o *Options) (close func(), err error) {
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	cli, ep, err := dockerx.Connect(c)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("find the demo: %w; or give its Jaeger with --jaeger URL (and --demo DIR for the flag)", err)
	}
	o.Docker, o.ContainerAddrs = cli, ep.Local() && runtime.GOOS == "linux"
	return func() { _ = cli.Close() }, nil
}
