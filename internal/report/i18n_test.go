package report

import (
	"reflect"
	"strings"
	"testing"
)

func TestLabelsComplete(t *testing.T) {
	for name, l := range map[string]labels{"en": en, "fr": fr} {
		v := reflect.ValueOf(l)
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			s := v.Field(i).String()
			if s == "" {
				t.Errorf("%s label %s is empty", name, f.Name)
			}
			if other := reflect.ValueOf(en).Field(i).String(); strings.Count(s, "%s") != strings.Count(other, "%s") {
				t.Errorf("%s label %s takes %d arguments, en takes %d", name, f.Name, strings.Count(s, "%s"), strings.Count(other, "%s"))
			}
		}
	}
}
