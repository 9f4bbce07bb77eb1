package msgtest

import (
	"slices"
	"strings"
	"testing"
)

func TestEnglishWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"le backend répond au trafic : 4 requêtes", nil},
		{"4 requests: 201 200", []string{"requests"}},
		{"the stack was not started", []string{"not", "the", "was"}},
		{"code `the thing` and « the diagnosis »", []string{"and"}},
		{"lien <https://example.com/the/not> et https://x.org/was", nil},
		{"le backend pousse ses spans ; on tire, mais le but", nil},
		{"aucune date limite (--deadline), postgresql_rows, no-report-fr", nil},
		{"Jaeger v1 all-in-one", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range EnglishWords(tt.text) {
			got = append(got, strings.SplitN(w, " ", 2)[0])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("EnglishWords(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestEnglishNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"p50 18 ms contre 1,1 ms ; 1\u00a0053 produits", nil},
		{"p50 1.1 ms", []string{"1.1"}},
		{`x-axis "secondes" ["0.0", "0,4"]`, []string{"0.0"}},
		{"la note vaut 4.5.", []string{"4.5"}},
		{"démo 2.1.3, Collector 0.145.0, fin.", nil},
		{"le défaut connu de la démo 2.2. Version 1.5, v1.5", nil},
		{"jaegertracing/all-in-one:1.52 est Jaeger v1 ; à 1.5 près", []string{"1.5"}},
		{"code `0.5` et « 1.5 s » et https://x.org/v1.2 et 0.0.0.0:4317", nil},
		{"y-axis \"produits\" 0 --> 2000\n    line [12, 27]", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, n := range EnglishNumbers(tt.text) {
			got = append(got, strings.SplitN(n, " ", 2)[0])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("EnglishNumbers(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
