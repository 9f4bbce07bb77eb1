package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/labctl/labctl/internal/fsutil"
)

// The commands that change the lab take a lock on its directory: while one
// holds it, another waits (LABCTL_LOCK_WAIT), then fails naming the lock and
// writes nothing; concurrent renders all succeed, one after the other.
func TestLabCommandsLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := fsutil.Lock(filepath.Join(dir, ".labctl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"render"}, {"up", "--pull", "never"}, {"down"}} {
		res := runLabctl(t, dir, []string{"LABCTL_LOCK_WAIT=200ms"}, args...)
		if res.Code != 2 || !strings.Contains(res.Stderr, "is locked by another labctl command") {
			t.Errorf("%v while locked: exit %d, stderr %q", args, res.Code, res.Stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".labctl")); !os.IsNotExist(err) {
		t.Error(".labctl/ was written while another command held the lock")
	}
	unlock()
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = runLabctl(t, dir, nil, "render").Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Errorf("concurrent render %d: exit %d", i, c)
		}
	}
	if res := runLabctl(t, dir, []string{"LABCTL_LOCK_WAIT=soon"}, "render"); res.Code != 2 || !strings.Contains(res.Stderr, "LABCTL_LOCK_WAIT") {
		t.Errorf("bad LABCTL_LOCK_WAIT: exit %d %q", res.Code, res.Stderr)
	}
}
