package expect

import _ "embed"

// ExampleYAML is the commented example `labctl init --expect` writes: the
// lab's own checks written as expectations, then a few more.
//
//go:embed example.yaml
var ExampleYAML []byte
