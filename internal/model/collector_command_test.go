package model

import (
	"reflect"
	"testing"
)

func TestParseCollectorArgs(t *testing.T) {
	tests := []struct {
		name                string
		entrypoint, command []string
		want                CollectorArgs
	}{
		{"one config", nil, []string{"--config=/etc/otelcol/config.yaml"},
			CollectorArgs{Configs: []string{"/etc/otelcol/config.yaml"}}},
		// The OpenTelemetry Demo: a main config and an extras overlay.
		{"layers, space-separated", []string{"/otelcol-contrib"}, []string{"--config", "/etc/otelcol-config.yml", "--config", "/etc/otelcol-config-extras.yml"},
			CollectorArgs{Configs: []string{"/etc/otelcol-config.yml", "/etc/otelcol-config-extras.yml"}}},
		{"URIs and --set", nil, []string{"--config=file:/a.yaml", "--config=env:OTEL_CFG", "--config=yaml:exporters::debug::verbosity: detailed", "--set=processors.batch.timeout=2s"},
			CollectorArgs{Configs: []string{"file:/a.yaml", "env:OTEL_CFG", "yaml:exporters::debug::verbosity: detailed"},
				Sets: []string{"yaml:processors::batch::timeout: 2s"}}},
		{"sh -c with a wait", []string{"sh", "-c"}, []string{"sleep 5 && exec /otelcol-contrib --config=/conf/otel.yaml --feature-gates=confmap.enableMergeAppendOption"},
			CollectorArgs{Configs: []string{"/conf/otel.yaml"}, FeatureGates: []string{"confmap.enableMergeAppendOption"},
				Shell: "sleep 5 && exec /otelcol-contrib --config=/conf/otel.yaml --feature-gates=confmap.enableMergeAppendOption"}},
		{"bash -ec, quoted path", nil, []string{"/bin/bash", "-ec", `envsubst < /t.yaml > /tmp/c.yaml; /otelcol --config "/tmp/my config.yaml"`},
			CollectorArgs{Configs: []string{"/tmp/my config.yaml"}, Shell: `envsubst < /t.yaml > /tmp/c.yaml; /otelcol --config "/tmp/my config.yaml"`}},
		{"no config", nil, []string{"--feature-gates=-component.UseLocalHostAsDefaultHost"},
			CollectorArgs{FeatureGates: []string{"-component.UseLocalHostAsDefaultHost"}}},
		{"after --", nil, []string{"--", "--config=/x.yaml"}, CollectorArgs{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCollectorArgs(tt.entrypoint, tt.command)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
	if !ParseCollectorArgs(nil, []string{"--feature-gates=a,confmap.enableMergeAppendOption"}).MergeAppend() {
		t.Error("the merge-append gate in a list is not seen")
	}
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`a  b`, []string{"a", "b"}},
		{`--config='/a b.yaml'`, []string{"--config=/a b.yaml"}},
		{`"a \"q\" $X" c\ d`, []string{`a "q" $X`, "c d"}},
		{"x;y&&z || w | v & u\nt", []string{"x", ";", "y", "&&", "z", "||", "w", "|", "v", "&", "u", ";", "t"}},
		{"a # comment\nb", []string{"a", ";", "b"}},
	}
	for _, tt := range tests {
		if got := ShellWords(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ShellWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
