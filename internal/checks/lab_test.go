package checks

import (
	"sync"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
)

// defaultLab is labctl's own lab with the defaults: the lab the unit tests'
// snapshots come from (tests may use the renderer; checks does not).
var defaultLab = sync.OnceValue(func() *model.Lab {
	l, err := render.Describe(config.Default())
	if err != nil {
		panic("checks: describe the default lab: " + err.Error()) // built-in values
	}
	return l
})
