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
