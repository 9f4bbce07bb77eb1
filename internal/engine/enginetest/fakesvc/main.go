// Command fakesvc stands in for every lab service in fast engine tests. One
// static binary, several names: as pg_isready, python or wget (the lab's
// healthchecks) it exits 0 once the server is listening; otherwise it serves
// HTTP 200 on every port of the lab (or FAKE_PORTS).
//
// Environment (baked into image variants): FAKE_DELAY (e.g. 2s) before
// listening, FAKE_HEALTH=fail (every answer 503, healthcheck fails),
// FAKE_EXIT=N (exit N instead of serving). Argument "fail" exits 1 (for a
// failing RUN step).
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const readyFile = "/tmp/ready"

var defaultPorts = "16686,16685,4317,4318,13133,8888,8889,9090,5432,8000"

func main() {
	switch filepath.Base(os.Args[0]) {
	case "pg_isready", "python", "wget":
		if os.Getenv("FAKE_HEALTH") == "fail" {
			fmt.Println("fake healthcheck: failing on purpose")
			os.Exit(1)
		}
		if _, err := os.Stat(readyFile); err != nil {
			fmt.Println("fake healthcheck: not listening yet")
			os.Exit(1)
		}
		os.Exit(0)
	}
	if len(os.Args) > 1 && os.Args[1] == "fail" {
		fmt.Println("fakesvc: failing on purpose")
		os.Exit(1)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-sig; fmt.Println("fakesvc: stopping"); os.Exit(0) }()
	if d, err := time.ParseDuration(os.Getenv("FAKE_DELAY")); err == nil {
		fmt.Println("fakesvc: starting in", d)
		time.Sleep(d)
	}
	if code := os.Getenv("FAKE_EXIT"); code != "" {
		n, _ := strconv.Atoi(code)
		fmt.Println("fakesvc: exiting with code", n)
		os.Exit(n)
	}
	fail := os.Getenv("FAKE_HEALTH") == "fail"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			http.Error(w, "not ready (fake)", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, `{"data":[]}`)
	})
	ports := os.Getenv("FAKE_PORTS")
	if ports == "" {
		ports = defaultPorts
	}
	for _, p := range strings.Split(ports, ",") {
		l, err := net.Listen("tcp", ":"+p)
		if err != nil {
			fmt.Println("fakesvc:", err)
			os.Exit(2)
		}
		go func() { _ = http.Serve(l, h) }()
	}
	_ = os.WriteFile(readyFile, []byte("ok"), 0o644)
	fmt.Println("fakesvc: listening on", ports, "args", strings.Join(os.Args[1:], " "))
	select {}
}
