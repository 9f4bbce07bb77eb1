// Package templates holds the files labctl copies verbatim: the FastAPI
// backend template and the report template. Generated YAML is built from
// typed values in internal/stack, not from text templates.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed all:backend
var backendFS embed.FS

// Backend returns the backend template, rooted at its build context.
func Backend() fs.FS {
	sub, err := fs.Sub(backendFS, "backend")
	if err != nil { // impossible: the directory is embedded at build time
		panic(err)
	}
	return sub
}
