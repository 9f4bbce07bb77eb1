package model

import "gopkg.in/yaml.v3"

// MissingEnvFile is an env_file a service names that does not exist:
// docker compose refuses to start the project ("env file PATH not found")
// unless the entry says required: false.
type MissingEnvFile struct {
	Service string
	// Path is relative to the project's folder.
	Path string
	// Template is a file beside it the project gives to copy from
	// (.env.example, .env.template), "" when none.
	Template string
	At       Fact
}

// ComposeWarning is one of compose's own warnings (compose-go logs them as
// it loads: "the attribute `version` is obsolete", "The \"X\" variable is
// not set. Defaulting to a blank string."), without the file name it
// starts with, located where the file says it when that is known.
type ComposeWarning struct {
	Text string
	At   Fact
}

// YAMLSyntaxError is a file's YAML syntax error as "FILE:LINE: message",
// the line the mistake is on (yaml.v3's parser names the line of the
// enclosing construct, often far above); nil when the file parses.
func YAMLSyntaxError(file string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return yamlError(file, data, err)
	}
	return nil
}
