package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/labctl/labctl/internal/fsutil"
)

// restoreFile records, in labctl's directory, the flag value --enable
// replaced, so that --restore puts it back even after labctl was killed.
const restoreFile = "scenario-flag.json"

// Saved is a flag change to undo.
type Saved struct {
	// Store is "file" or "api"; Where its path or base URL.
	Store    string `json:"store"`
	Where    string `json:"where"`
	Flag     string `json:"flag"`
	Previous string `json:"previous"`
}

func storeKind(s FlagStore) (string, string) {
	switch v := s.(type) {
	case FileStore:
		abs, err := filepath.Abs(v.Path)
		if err != nil {
			abs = v.Path
		}
		return "file", abs
	case FlagAPI:
		return "api", v.Base
	}
	return "", ""
}

func (s Saved) store(hc *http.Client) FlagStore {
	if s.Store == "api" {
		return FlagAPI{Base: s.Where, Client: hc}
	}
	return FileStore{Path: s.Where}
}

func saveRestore(dir string, s Saved) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	data, _ := json.MarshalIndent(s, "", "  ")
	return fsutil.WriteFile(filepath.Join(dir, restoreFile), append(data, '\n'), 0o644)
}

func loadRestore(dir string) (*Saved, error) {
	path := filepath.Join(dir, restoreFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fsutil.ReadError("", path, err)
	}
	var s Saved
	if err := json.Unmarshal(data, &s); err != nil || s.Flag == "" || s.Previous == "" {
		return nil, fmt.Errorf("%s is not labctl's record of a flag change; delete it and set the flag by hand", path)
	}
	return &s, nil
}

// Restore puts back the flag value a previous --enable replaced, from
// DIR/scenario-flag.json, and removes the record. nil, nil when there is
// nothing to restore.
func Restore(ctx context.Context, dir string, hc *http.Client) (*Saved, error) {
	s, err := loadRestore(dir)
	if err != nil || s == nil {
		return nil, err
	}
	if _, err := s.store(hc).Set(ctx, s.Flag, s.Previous); err != nil {
		return nil, fmt.Errorf("restore %s to %q: %w", s.Flag, s.Previous, err)
	}
	if err := os.Remove(filepath.Join(dir, restoreFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s, fmt.Errorf("restored %s, but could not remove %s: %w", s.Flag, filepath.Join(dir, restoreFile), err)
	}
	return s, nil
}
