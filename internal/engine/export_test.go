package engine

// Internals for the external tests (fake_test.go, buildctx_lab_test.go),
// which render labctl's lab with internal/render, a package that imports this
// one.
var (
	PackContext = packContext
	EnsureImage = (*Engine).ensureImage
	EnsureBuilt = (*Engine).ensureBuilt
)
