package verify

import (
	"context"
	"testing"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/render"
)

// labctl's own lab gives its log rules the project render wrote (issue
// 26: a backend's failed export was proved from its log on a Compose
// project only): the lab directory as labctl up leaves it, given as
// `--dir` is, relative to the working directory.
func TestRenderedLabFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := config.Load("") // the defaults, as labctl up reads them
	if err != nil {
		t.Fatal(err)
	}
	if _, err := render.Render(cfg, ".labctl"); err != nil {
		t.Fatal(err)
	}
	l, err := render.Describe(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o := &open.Opened{Target: &open.Target{Config: cfg}, Lab: l}
	f := o.Files(".labctl")
	if f == nil || !f.Rendered {
		t.Fatalf("files %+v, want the rendered project", f)
	}
	p, found := fileRules(context.Background(), f)
	if p == nil {
		t.Fatal("the rendered project could not be read")
	}
	if len(found) != 0 {
		t.Errorf("the file rules ran on labctl's own files: %+v", found)
	}
	for role, want := range map[model.Role]string{model.RoleBackend: render.SvcBackend, model.RoleCollector: render.SvcCollector} {
		if s := p.Service(role); s == nil || s.Name != want {
			t.Errorf("role %s is %+v, want %q", role, s, want)
		}
	}
}
