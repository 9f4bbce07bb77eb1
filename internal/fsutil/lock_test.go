package fsutil_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/fsutil"
)

// Twenty read-modify-writes of one counter under Lock: none is lost.
func TestLockSerialisesReadModifyWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "counter")
	if err := os.WriteFile(path, []byte("0"), 0o644); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := fsutil.Lock(path)
			if err != nil {
				errs <- err
				return
			}
			defer unlock()
			b, err := os.ReadFile(path)
			if err != nil {
				errs <- err
				return
			}
			n, _ := strconv.Atoi(string(b))
			time.Sleep(time.Millisecond) // widen the window a lost update needs
			errs <- fsutil.WriteFile(path, []byte(strconv.Itoa(n+1)), 0o644)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "20" {
		t.Errorf("counter = %s after 20 locked increments", b)
	}
}

func TestLockWaitsThenNamesTheLock(t *testing.T) {
	old := fsutil.LockWait
	fsutil.LockWait = 100 * time.Millisecond
	t.Cleanup(func() { fsutil.LockWait = old })
	path := filepath.Join(t.TempDir(), "labctl-tasks.yaml")
	unlock, err := fsutil.Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fsutil.Lock(path)
	if err == nil || !strings.Contains(err.Error(), path+" is locked by another labctl command ("+path+".lock)") {
		t.Errorf("second lock: %v", err)
	}
	unlock()
	unlock2, err := fsutil.Lock(path)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
	if _, err := os.Stat(path + ".lock"); runtime.GOOS != "windows" && !os.IsNotExist(err) {
		t.Errorf("the lock file is left beside the user's file (%v)", err)
	}
}
