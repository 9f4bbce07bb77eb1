package model

import "testing"

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want Address
	}{
		{"jaeger:4317", Address{Host: "jaeger", Port: 4317}},
		{"http://otel-collector:4317", Address{Scheme: "http", Host: "otel-collector", Port: 4317}},
		{"HTTPS://Collector:4318/v1/traces", Address{Scheme: "https", Host: "Collector", Port: 4318, Path: "/v1/traces"}},
		{"grpc://jaeger:4317", Address{Scheme: "grpc", Host: "jaeger", Port: 4317}},
		{"dns:///jaeger:4317", Address{Scheme: "dns", Host: "jaeger", Port: 4317}},
		{"unix:///var/run/docker.sock", Address{Scheme: "unix", Path: "/var/run/docker.sock"}},
		{"[::1]:4317", Address{Host: "::1", Port: 4317}},
		{"http://[::]:4318/x?y=1", Address{Scheme: "http", Host: "::", Port: 4318, Path: "/x"}},
		{"otel:secret@database:5432", Address{Host: "database", Port: 5432}},
		{"postgres://u:p@db:5432/app", Address{Scheme: "postgres", Host: "db", Port: 5432, Path: "/app"}},
		{"jaeger", Address{Host: "jaeger"}},
		{"http://jaeger", Address{Scheme: "http", Host: "jaeger"}},
		{":4317", Address{Port: 4317}},
		{" localhost:8889 ", Address{Host: "localhost", Port: 8889}},
		{"", Address{}},
	}
	for _, tt := range tests {
		if got := ParseAddress(tt.in); got != tt.want {
			t.Errorf("ParseAddress(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if got := ParseAddress("http://jaeger").OrPort(4318).HostPort(); got != "jaeger:4318" {
		t.Errorf("OrPort: %s", got)
	}
	if got := ParseAddress("[::1]:4317").HostPort(); got != "[::1]:4317" {
		t.Errorf("HostPort of IPv6: %s", got)
	}
}

func TestLoopbackAndAnyAddress(t *testing.T) {
	tests := []struct {
		host          string
		loopback, any bool
	}{
		{"localhost", true, false},
		{"LOCALHOST", true, false},
		{"LocalHost", true, false},
		{"127.0.0.1", true, false},
		{"127.1.2.3", true, false},
		{"::1", true, false},
		{"[::1]", true, false},
		{"0:0:0:0:0:0:0:1", true, false},
		{"::ffff:127.0.0.1", true, false},
		{"0.0.0.0", false, true},
		{"::", false, true},
		{"[::]", false, true},
		{"", false, true},
		{"jaeger", false, false},
		{"localhost.example.com", false, false},
		{"128.0.0.1", false, false},
		{"10.0.0.1", false, false},
		{"127.jaeger", false, false},
	}
	for _, tt := range tests {
		if got := IsLoopback(tt.host); got != tt.loopback {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.host, got, tt.loopback)
		}
		if got := IsAnyAddress(tt.host); got != tt.any {
			t.Errorf("IsAnyAddress(%q) = %v, want %v", tt.host, got, tt.any)
		}
	}
}
