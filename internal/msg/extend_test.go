package msg

import "testing"

// A topic's file adds its keys in both languages through extend; a key
// that two topics both define is refused.
func TestExtendAddsATopicAndRefusesADuplicate(t *testing.T) {
	key := "test.extend.Topic"
	extend(English, map[string]string{key: "a %s topic"})
	extend(French, map[string]string{key: "un sujet %s"})
	t.Cleanup(func() { delete(en, key); delete(fr, key) })
	if !Has(key) {
		t.Fatalf("Has(%q) = false after extend", key)
	}
	defer func() {
		if recover() == nil {
			t.Fatalf("extend accepted a duplicate key")
		}
	}()
	extend(English, map[string]string{key: "again"})
}
