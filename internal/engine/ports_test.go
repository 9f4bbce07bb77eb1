package engine

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

func TestPortErrorFromStart(t *testing.T) {
	h := Hints{PortKeys: map[int]string{9090: "ports.prometheus"}}
	for _, msg := range []string{
		"driver failed programming external connectivity on endpoint x: Error starting userland proxy: listen tcp4 127.0.0.1:9090: bind: address already in use",
		"driver failed programming external connectivity on endpoint x (abc): Bind for 127.0.0.1:9090 failed: port is already allocated",
	} {
		pe := portErrorFromStart(errors.New(msg), h, "prometheus")
		if pe == nil || pe.Port != 9090 || pe.HostIP != "127.0.0.1" || pe.Key != "ports.prometheus" {
			t.Errorf("%q → %+v", msg, pe)
		}
	}
	if pe := portErrorFromStart(errors.New("no such image"), h, "x"); pe != nil {
		t.Errorf("unexpected %+v", pe)
	}
}

func TestCheckPorts(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	h := Hints{PortKeys: map[int]string{port: "ports.postgres"}}
	s := types.ServiceConfig{Name: "postgres"}
	s.Ports = []types.ServicePortConfig{{HostIP: "127.0.0.1", Target: 5432, Published: strconv.Itoa(port), Protocol: "tcp"}}
	p := &types.Project{Services: types.Services{"postgres": s}}
	err = checkPorts(p, h, nil)
	var pe *PortInUseError
	if !errors.As(err, &pe) || pe.Key != "ports.postgres" || pe.Service != "postgres" {
		t.Fatalf("err = %v", err)
	}
	want := fmt.Sprintf("port %d on 127.0.0.1 is already in use, so postgres cannot publish it; stop what listens there, or set ports.postgres in labctl.yaml to a free port", port)
	if err.Error() != want {
		t.Errorf("message %q", err)
	}
	if err := checkPorts(p, h, map[int]bool{port: true}); err != nil {
		t.Errorf("a port held by the project's own container: %v", err)
	}
}
